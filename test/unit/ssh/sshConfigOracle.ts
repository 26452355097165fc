import { execFile } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RESOLVED_KEYWORDS, ResolveRequest } from '../../../src/core/ssh/config/resolveOptions';
import { SshGValues } from '../../../src/core/ssh/config/types';
import { SshSurroundings, loadSshConfig } from '../../../src/core/ssh/sshConfig';
import { findSsh, parseSshGOutput, sshGArguments } from '../../../src/core/ssh/sshResolve';
import { OPENSSH_SERVER, ensureDebianPackages } from '../../support/debianPackages';

/**
 * OpenSSH as the oracle for our reading of ssh_config: the same config given to `ssh -G` and to
 * SshConfigFile, and what each says compared keyword by keyword.
 *
 * ssh takes `~` and the user config's place from the account's passwd entry, not from $HOME, so the
 * comparison runs with the account's own home for `~` and `%d` but never reads it: the config is
 * given with `-F` (a wrapper that includes the config under test and then the system file, which is
 * what ssh does without -F), and $HOME (which ssh's Include globs use) points at a temporary folder.
 * PATH is an empty folder, so a `Match exec` in a public config runs nothing but shell builtins.
 */
export const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'ssh-configs');

/** The ssh binary, or an error saying why the oracle cannot run (a failure, never a skip). */
export async function requireSsh(): Promise<string> {
  // The oracle is the OpenSSH the rig runs: installing its server brings the client to the same,
  // current release first. Releases differ (Debian's security updates of 9.2 changed how a
  // ProxyCommand after `ProxyJump none` is read), and the rig upgrading ssh half way through the
  // test run would change the oracle under the tests.
  ensureDebianPackages([OPENSSH_SERVER]);
  const ssh = await findSsh();
  if (!ssh) throw new Error('No OpenSSH client (ssh) on PATH: the ssh_config oracle tests compare against `ssh -G`. Install it (apt-get install -y openssh-client) and run them again.');
  return ssh;
}

export interface Comparison {
  readonly request: ResolveRequest;
  /** Keywords whose values differ, each with ssh's and ours; an error on one side only is one entry. */
  readonly differences: ReadonlyArray<{ keyword: string; ssh: string; ours: string }>;
  readonly sshError?: string;
  readonly ourError?: string;
}

export class OracleWorld {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'drc-sshg-'));
  /** Where $HOME points for ssh's Include globs and for our Includes. */
  readonly home = path.join(this.root, 'home');
  private readonly emptyPath = path.join(this.root, 'bin');
  readonly env: NodeJS.ProcessEnv;

  constructor(private readonly ssh: string) {
    mkdirSync(path.join(this.home, '.ssh'), { recursive: true });
    mkdirSync(this.emptyPath);
    this.env = { PATH: this.emptyPath, HOME: this.home, LANG: 'C', DRC_TEST_VAR: 'from-env', SSH_AUTH_SOCK: '/tmp/agent.from-env' };
  }

  /** Copies fixture include files into the temporary ~/.ssh. */
  addIncludes(dir: string): void {
    cpSync(dir, path.join(this.home, '.ssh'), { recursive: true });
  }

  write(rel: string, text: string): string {
    const file = path.join(this.root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  /** A file ssh reads as its only config that reads `config` and then `system` (null: none), as ssh reads ~/.ssh/config and the system file. */
  wrapper(config: string, system: string | null = '/etc/ssh/ssh_config'): string {
    return this.write('wrapper.conf', `Include "${config}"\n${system ? `Include "${system}"\n` : ''}`);
  }

  surroundings(configFile: string): SshSurroundings {
    const account = os.userInfo();
    return { homeDir: account.homedir, localUser: account.username, uid: account.uid, localHostname: os.hostname(), configFile, env: this.env, cwd: this.root, sshPath: this.ssh };
  }

  async sshG(configFile: string, request: ResolveRequest): Promise<{ values?: SshGValues; error?: string }> {
    return new Promise((resolve) => {
      execFile(this.ssh, sshGArguments(request, configFile), { env: this.env, cwd: this.root, encoding: 'utf8', timeout: 15000 }, (error, stdout, stderr) => {
        if (error) resolve({ error: stderr.split('\n').filter((l) => l && !l.startsWith('Pseudo-terminal')).join(' | ') || error.message });
        else resolve({ values: parseSshGOutput(stdout) });
      });
    });
  }

  async compare(configFile: string, requests: readonly ResolveRequest[]): Promise<Comparison[]> {
    const config = await loadSshConfig(this.surroundings(configFile));
    const answers = await Promise.all(requests.map((request) => this.sshG(configFile, request)));
    const out: Comparison[] = [];
    for (const [i, request] of requests.entries()) {
      const theirs = answers[i];
      let ours: SshGValues | undefined;
      let ourError: string | undefined;
      try {
        ours = config.sshGValues(request);
      } catch (e) {
        ourError = e instanceof Error ? e.message : String(e);
      }
      const differences: Array<{ keyword: string; ssh: string; ours: string }> = [];
      if (theirs.values && ours) {
        for (const k of RESOLVED_KEYWORDS) {
          const a = (theirs.values.get(k) ?? []).join(' ');
          const b = (ours.get(k) ?? []).join(' ');
          // Debian's ssh (its debian-config patch) makes ServerAliveInterval 300 when BatchMode is yes; OpenSSH and we leave it 0.
          const debianDefault = k === 'serveraliveinterval' && a === '300' && b === '0' && ours.get('batchmode')?.[0] === 'yes';
          if (a !== b && !debianDefault) differences.push({ keyword: k, ssh: a, ours: b });
        }
      } else if (!theirs.values !== !ours) {
        differences.push({ keyword: '(error)', ssh: theirs.error ?? 'no error', ours: ourError ?? 'no error' });
      }
      out.push({ request, differences, sshError: theirs.error, ourError });
    }
    return out;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Names to ask about for a config: its aliases, names its Host patterns match, and a few of every kind. */
export function requestsFor(text: string): ResolveRequest[] {
  const names = new Set<string>(['example.com', 'UPPER.Example.COM', '10.0.0.1', 'github.com']);
  const add = (pattern: string) => {
    const p = pattern.replace(/^!/, '').replace(/"/g, '');
    if (p && !p.startsWith('#')) names.add(p.replace(/\*/g, 'x1').replace(/\?/g, 'q'));
  };
  for (const m of text.matchAll(/^\s*host\s*[= ]\s*(.+)$/gim)) {
    for (const raw of m[1].split(/\s+/)) {
      if (raw.startsWith('#')) break;
      add(raw);
    }
  }
  for (const m of text.matchAll(/^\s*match\s.*?\bhost\s+(\S+)/gim)) m[1].split(',').forEach(add);
  const requests: ResolveRequest[] = [];
  for (const host of [...names].slice(0, 40)) requests.push({ host });
  const first = [...names][4] ?? 'example.com';
  requests.push({ host: first, user: 'alice' }, { host: first, port: 2222 }, { host: 'example.com', user: 'bob', port: 22 });
  return requests;
}
