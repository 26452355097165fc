import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ParserNote } from './config/evaluate';
import { ResolveRequest } from './config/resolveOptions';
import { detailsFromValues } from './config/settings';
import { SshGValues, SshHostDetails, SshSurroundings } from './config/types';
import { ConfigProblem } from './config/evaluate';
import { SshConfigError, loadSshConfig } from './sshConfig';
import { isExecutableFile, sshCandidates } from './openssh/findOpenSsh';

/** Settings for one host, and who computed them: OpenSSH itself, or our reading of the config. */
export type ResolvedSshHost = SshHostDetails & { readonly source: 'ssh -G' | 'parser' };

/** How long `ssh -G` may take (a `Match exec` in the config runs a command). */
const SSH_G_TIMEOUT_MS = 10_000;
/** A ProxyJump chain longer than this is taken for a loop. */
const MAX_HOPS = 16;

/** Keywords `ssh -G` prints on one line that stand for a list. */
const ONE_LINE_LISTS = new Set(['userknownhostsfile', 'globalknownhostsfile', 'canonicaldomains', 'logverbose', 'permitremoteopen']);

/** What `ssh -G` prints, as keyword → values. */
export function parseSshGOutput(stdout: string): SshGValues {
  const values = new Map<string, string[]>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const key = m[1].toLowerCase();
    const list = values.get(key) ?? [];
    if (ONE_LINE_LISTS.has(key)) list.push(...m[2].split(' ').filter(Boolean));
    else list.push(m[2]);
    values.set(key, list);
  }
  return values;
}

let cachedSsh: { key: string; found: Promise<string | undefined> } | undefined;

/** The OpenSSH client on PATH (on Windows also OpenSSH for Windows' own folder), if any. */
export function findSsh(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const key = `${env.PATH ?? env.Path ?? ''}|${env.SystemRoot ?? ''}`;
  if (cachedSsh?.key !== key) cachedSsh = { key, found: searchSsh(env) };
  return cachedSsh.found;
}

async function searchSsh(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const candidate of sshCandidates({ platform: process.platform, env })) {
    if (await isExecutableFile(candidate, process.platform)) return candidate;
  }
  return undefined;
}

/** The arguments of `ssh -G` for a request, given how ssh must be pointed at the surroundings' config. */
export function sshGArguments(request: ResolveRequest, configFile: string | undefined): string[] {
  return [
    '-G',
    ...(configFile !== undefined ? ['-F', configFile] : []),
    ...(request.user !== undefined ? ['-l', request.user] : []),
    ...(request.port !== undefined ? ['-p', String(request.port)] : []),
    ...(request.jump !== undefined ? ['-J', request.jump] : []),
    '--',
    request.host,
  ];
}

/**
 * The `-F` file that points ssh at the surroundings' config. ssh takes ~ from the account's passwd
 * entry, not from $HOME, so when the surroundings name another home its config is given with -F
 * (the system file is then not read, as with any -F), or an empty one when that home has none.
 */
export async function configFileFor(where: SshSurroundings): Promise<string | undefined> {
  const own = path.join(os.userInfo().homedir, '.ssh', 'config');
  if (where.configFile !== undefined) return path.resolve(where.configFile) === own ? undefined : where.configFile;
  const wanted = path.join(where.homeDir, '.ssh', 'config');
  if (wanted === own) return undefined;
  return (await fs.stat(wanted).then(() => true, () => false)) ? wanted : os.devNull;
}

/** Runs `ssh -G` (no shell) and returns what it printed; `not-openssh` when that ssh has no -G. */
export function runSshG(ssh: string, args: readonly string[], where: SshSurroundings, signal?: AbortSignal): Promise<SshGValues | 'not-openssh'> {
  const env = { ...(where.env ?? process.env), HOME: where.homeDir };
  return new Promise((resolve, reject) => {
    execFile(ssh, args, { env, cwd: where.cwd, timeout: SSH_G_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8', windowsHide: true, signal }, (error, stdout, stderr) => {
      if (!error) return resolve(parseSshGOutput(stdout));
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      if ((error as { code?: unknown }).code === 'ENOENT') return resolve('not-openssh');
      if ((error as { killed?: boolean }).killed) return reject(new SshConfigError(`ssh -G did not answer within ${SSH_G_TIMEOUT_MS / 1000} s (a Match exec in the config may be waiting)`));
      const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Pseudo-terminal will not be allocated/.test(l));
      if (lines.some((l) => /illegal option|unknown option|usage: ssh/i.test(l)) && !lines.some((l) => /line \d+|config/i.test(l))) return resolve('not-openssh');
      reject(new SshConfigError(`ssh refuses this configuration: ${lines.slice(0, 3).join('; ') || `exit ${String((error as { code?: unknown }).code)}`}`, lines));
    });
  });
}

/**
 * The settings ssh will use for `target`: from `ssh -G` when an OpenSSH client is installed
 * (so Match exec, canonicalisation and every other rule are ssh's own), else from our reading
 * of the config, which follows OpenSSH 9.2 and lists in `unsupported` what it could not do.
 * Throws SshConfigError when the configuration is one ssh refuses.
 */
export async function resolveSshHost(target: ResolveRequest, where: SshSurroundings, signal?: AbortSignal): Promise<ResolvedSshHost> {
  const ssh = where.sshPath === null ? undefined : (where.sshPath ?? (await findSsh(where.env)));
  if (ssh) {
    const values = await runSshG(ssh, sshGArguments(target, await configFileFor(where)), where, signal);
    if (values !== 'not-openssh') return { ...detailsOf(values, [], where), source: 'ssh -G' };
  }
  const config = await loadSshConfig(where);
  return { ...config.resolveRequest(target), source: 'parser' };
}

/**
 * Every host a connection to `target` goes through, first hop first and `target` last, as ssh
 * builds the chain: the last ProxyJump hop is reached through the earlier ones (passed to it as
 * `-J`, overriding its own ProxyJump), and the first hop through its own ProxyJump, if any.
 */
export async function resolveSshChain(target: ResolveRequest, where: SshSurroundings, signal?: AbortSignal): Promise<ResolvedSshHost[]> {
  const chain: ResolvedSshHost[] = [];
  let request: ResolveRequest | undefined = target;
  while (request) {
    if (chain.length > MAX_HOPS) throw new SshConfigError(`ProxyJump goes through more than ${MAX_HOPS} hosts to reach ${target.host}; the chain probably loops`);
    const host = await resolveSshHost(request, where, signal);
    chain.unshift(host);
    request = nextHop(host);
  }
  return chain;
}

/** The jump host before `host`, as ssh would be asked for it (`-l`, `-p`, `-J` from the hops). */
function nextHop(host: SshHostDetails): ResolveRequest | undefined {
  if (!host.proxyJump.length) return undefined;
  const hops = [...host.proxyJump];
  const last = hops.pop()!;
  const at = last.lastIndexOf('@');
  const rest = at >= 0 ? last.slice(at + 1) : last;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:/]+)(?:[:/](\d+))?$/.exec(rest);
  return {
    host: m ? m[1] : rest,
    user: at >= 0 ? last.slice(0, at) : undefined,
    port: m?.[2] ? Number(m[2]) : undefined,
    jump: hops.length ? hops.join(',') : undefined,
  };
}

function detailsOf(values: SshGValues, notes: ParserNote[], where: SshSurroundings): SshHostDetails {
  try {
    return detailsFromValues(values, notes, {
      localUser: where.localUser,
      homeDir: where.homeDir,
      localHostname: where.localHostname ?? os.hostname(),
      uid: String(where.uid ?? process.getuid?.() ?? 0),
      env: where.env ?? process.env,
      cwd: where.cwd ?? process.cwd(),
    });
  } catch (e) {
    if (e instanceof ConfigProblem) throw new SshConfigError(`ssh would refuse this configuration: ${e.problems.join('; ')}`, e.problems);
    throw e;
  }
}
