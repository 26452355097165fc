import { promises as fs } from 'fs';
import * as path from 'path';
import { CommandResult, runCommand } from './processes';

/** The docker CLI the tests talk to: the first `docker` on the runner's PATH. */
export const DOCKER_CLI = 'docker';
const SSH = '/usr/bin/ssh';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The options that make OpenSSH's client use only the rig's files: no ~/.ssh/config, no
 * ~/.ssh/known_hosts, no agent, no other key. (OpenSSH reads ~/.ssh from the passwd entry, not
 * $HOME, so these must be explicit or the runner's own files would be used.)
 */
export function isolatedSshOptions(files: { keyFile: string; knownHosts: string }): string[] {
  return [
    '-F', '/dev/null',
    '-o', `UserKnownHostsFile=${files.knownHosts}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `IdentityFile=${files.keyFile}`,
    '-o', 'IdentitiesOnly=yes',
    '-o', 'IdentityAgent=none',
    '-o', 'BatchMode=yes',
    '-o', 'LogLevel=ERROR',
  ];
}

/**
 * Writes `DIR/ssh`, a wrapper around /usr/bin/ssh that adds the isolated options. Put `DIR`
 * first on PATH of a docker CLI child: the CLI runs `ssh` for ssh:// hosts. Returns `DIR`.
 */
export async function writeSshWrapper(dir: string, files: { keyFile: string; knownHosts: string }): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const options = isolatedSshOptions(files).map(shellQuote).join(' ');
  const script = `#!/bin/sh\n# The rig's ssh: the runner's ~/.ssh is never read or written.\nexec ${SSH} ${options} "$@"\n`;
  await fs.writeFile(path.join(dir, 'ssh'), script, { mode: 0o755 });
  return dir;
}

/** Runs the docker CLI with exactly `env`; resolves with its exit code and output. */
export function runDocker(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<CommandResult> {
  return runCommand(DOCKER_CLI, args, { env });
}

/** Runs the docker CLI and returns stdout; fails with its stderr when it exits non-zero. */
export async function docker(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<string> {
  const result = await runDocker(env, args);
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited with ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

/** Parses output of `--format json` that holds one JSON object per line. */
export function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
