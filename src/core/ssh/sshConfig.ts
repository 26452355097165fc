import { promises as fs } from 'fs';
import * as path from 'path';
import { errorCode } from '../errors';
import { sshConfigParser } from '../lazyModules';
import { expandIncludes } from './sshConfigInclude';

/** How to reach one SSH host, after ~/.ssh/config has had its say. */
export interface SshHostSettings {
  /** The name as written (an alias from ~/.ssh/config, or a host name). */
  readonly alias: string;
  readonly hostname: string;
  readonly port: number;
  readonly user: string;
  readonly identityFiles: readonly string[];
  readonly identitiesOnly: boolean;
  /** Hops to go through first, in order (`ProxyJump a,b`), or none. */
  readonly proxyJump: readonly string[];
  readonly connectTimeoutMs?: number;
  readonly knownHostsFiles: readonly string[];
  readonly strictHostKeyChecking: 'yes' | 'no' | 'ask' | 'accept-new';
}

export interface SshSurroundings {
  readonly homeDir: string;
  /** The local user, for User when neither the address nor the config names one. */
  readonly localUser: string;
  /** ~/.ssh/config unless given. */
  readonly configFile?: string;
}

export const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];

/** Reads and parses ~/.ssh/config (its Includes expanded) once per call site; a missing file is an empty config. */
export async function loadSshConfig(where: SshSurroundings): Promise<SshConfigFile> {
  const file = where.configFile ?? path.join(where.homeDir, '.ssh', 'config');
  let text = '';
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  return new SshConfigFile(await expandIncludes(text, where.homeDir), where);
}

export class SshConfigFile {
  private readonly parsed: import('ssh-config').default;

  constructor(
    text: string,
    private readonly where: SshSurroundings,
  ) {
    this.parsed = sshConfigParser().default.parse(text);
  }

  /** The Host names a person can pick (no patterns), in file order. */
  hostAliases(): string[] {
    const aliases: string[] = [];
    for (const line of this.parsed) {
      if (!('param' in line) || line.param.toLowerCase() !== 'host') continue;
      const values = typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
      for (const v of values) if (v && !/[*?!]/.test(v) && !aliases.includes(v)) aliases.push(v);
    }
    return aliases;
  }

  /**
   * Settings for `host`, as OpenSSH computes them: the first value of each directive wins;
   * `user` and `port` from an ssh:// address win over the file.
   */
  resolve(host: string, user?: string, port?: number): SshHostSettings {
    const c = this.parsed.compute(host, { ignoreCase: true, matchExec: false }) as Record<string, string | string[] | undefined>;
    const one = (key: string): string | undefined => {
      const v = c[key];
      return Array.isArray(v) ? v[0] : v;
    };
    const hostname = expandTokens(one('hostname') ?? host, { h: host, n: host });
    const resolvedUser = user ?? one('user') ?? this.where.localUser;
    const resolvedPort = port ?? (one('port') ? Number(one('port')) : 22);
    const tokens = { h: hostname, n: host, u: this.where.localUser, r: resolvedUser, p: String(resolvedPort), d: this.where.homeDir };
    const identities = ([] as string[]).concat(c.identityfile ?? []).map((f) => this.expandPath(expandTokens(f, tokens)));
    const jump = one('proxyjump');
    const timeout = one('connecttimeout');
    const knownHosts = ([] as string[])
      .concat(c.userknownhostsfile ?? [])
      .flatMap((v) => v.split(/\s+/))
      .filter(Boolean)
      .map((f) => this.expandPath(expandTokens(f, tokens)));
    const strict = (one('stricthostkeychecking') ?? 'ask').toLowerCase();
    return {
      alias: host,
      hostname,
      port: resolvedPort,
      user: resolvedUser,
      identityFiles: identities,
      identitiesOnly: (one('identitiesonly') ?? 'no').toLowerCase() === 'yes',
      proxyJump: jump && jump.toLowerCase() !== 'none' ? jump.split(',').map((s) => s.trim()).filter(Boolean) : [],
      connectTimeoutMs: timeout && Number(timeout) > 0 ? Number(timeout) * 1000 : undefined,
      knownHostsFiles: knownHosts.length
        ? knownHosts
        : [path.join(this.where.homeDir, '.ssh', 'known_hosts'), path.join(this.where.homeDir, '.ssh', 'known_hosts2')],
      strictHostKeyChecking:
        strict === 'yes' ? 'yes' : strict === 'no' || strict === 'off' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'ask',
    };
  }

  /** The identity files to try: the config's, then (unless IdentitiesOnly) the default ones. */
  defaultIdentityFiles(): string[] {
    return DEFAULT_IDENTITY_FILES.map((f) => path.join(this.where.homeDir, '.ssh', f));
  }

  private expandPath(p: string): string {
    if (p === '~' || p.startsWith('~/')) return path.join(this.where.homeDir, p.slice(1));
    return path.isAbsolute(p) ? p : path.join(this.where.homeDir, '.ssh', p);
  }
}

/** Parses `[user@]host[:port]`, the form of a ProxyJump hop. */
export function parseHop(hop: string): { user?: string; host: string; port?: number } {
  const withoutScheme = hop.replace(/^ssh:\/\//, '');
  const at = withoutScheme.lastIndexOf('@');
  const user = at >= 0 ? withoutScheme.slice(0, at) : undefined;
  const rest = at >= 0 ? withoutScheme.slice(at + 1) : withoutScheme;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (!m) return { user, host: rest };
  return { user, host: m[1], port: m[2] ? Number(m[2]) : undefined };
}

function expandTokens(value: string, tokens: Record<string, string>): string {
  return value.replace(/%([%a-zA-Z])/g, (whole, t: string) => (t === '%' ? '%' : (tokens[t] ?? whole)));
}
