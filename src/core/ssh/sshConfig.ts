/**
 * ssh_config as OpenSSH 9.2 reads it, for machines without an `ssh` to ask (resolveSshHost in
 * sshResolve.ts asks `ssh -G` where there is one). What this reading cannot do as ssh does, and
 * what it does instead:
 * - `Match exec` runs a command: it is not run, counts as failed (as a failing command does for
 *   ssh), and is listed in `unsupported` of every host it was reached for.
 * - CanonicalizeHostname looks names up in DNS: names are used as written (as when ssh's lookup
 *   fails with CanonicalizeFallbackLocal), the final pass still happens, and it is listed.
 * - Vendor patches of ssh (Debian makes ServerAliveInterval 300 under BatchMode) are not copied.
 * - `Port` takes the common service names only; `~user/` paths of other accounts stay as written.
 */
import * as os from 'os';
import * as path from 'path';
import { ConfigProblem, LocalFacts } from './config/evaluate';
import { ConfigFiles, ResolveRequest, resolveOptions } from './config/resolveOptions';
import { detailsFromValues } from './config/settings';
import { SshGValues, SshHostDetails, SshSurroundings } from './config/types';
import { ConfigNode, configNodeFromText, loadConfigTree } from './sshConfigInclude';

export type { SshGValues, SshHostDetails, SshHostSettings, SshSurroundings, UnsupportedSetting } from './config/types';

/** ssh would refuse this configuration (a bad option, an Include loop, bad permissions…); the message says where. */
export class SshConfigError extends Error {
  readonly kind = 'ssh-config';
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'SshConfigError';
  }
}

/** The system-wide client config: /etc/ssh/ssh_config, or OpenSSH for Windows' file under %ProgramData%. */
export function defaultSystemConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return process.platform === 'win32' ? path.join(env.ProgramData ?? 'C:\\ProgramData', 'ssh', 'ssh_config') : '/etc/ssh/ssh_config';
}

/**
 * Reads the files ssh reads, as ssh reads them: the given config file alone (as `ssh -F`), or
 * ~/.ssh/config (refused, as by ssh, if others may write it) and then the system-wide file;
 * every Include in them followed. A missing ~/.ssh/config or system file is empty.
 */
export async function loadSshConfig(where: SshSurroundings): Promise<SshConfigFile> {
  const env = where.env ?? process.env;
  const system = where.systemConfigFile === undefined ? defaultSystemConfigFile(env) : where.systemConfigFile;
  const options = { includeHome: where.env?.HOME || where.homeDir, systemDir: process.platform === 'win32' && system ? path.dirname(system) : '/etc/ssh' };
  const files: Array<{ node: ConfigNode; userConf: boolean }> = [];
  if (where.configFile !== undefined) {
    const node = await loadConfigTree(where.configFile, { userConf: true, checkPerm: false, mustExist: true }, options);
    if (node) files.push({ node, userConf: true });
  } else {
    const user = await loadConfigTree(path.join(where.homeDir, '.ssh', 'config'), { userConf: true, checkPerm: true, mustExist: false }, options);
    if (user) files.push({ node: user, userConf: true });
    const sys = system ? await loadConfigTree(system, { userConf: false, checkPerm: false, mustExist: false }, options) : undefined;
    if (sys) files.push({ node: sys, userConf: false });
  }
  return new SshConfigFile(files, where);
}

/** The config files ssh would read, and what they say for each host. */
export class SshConfigFile {
  private readonly files: ConfigFiles;

  /** `source`: the files as loadSshConfig reads them, or the text of a ~/.ssh/config (its Includes not followed). */
  constructor(
    source: string | ConfigFiles,
    private readonly where: SshSurroundings,
  ) {
    this.files = typeof source === 'string' ? [{ node: configNodeFromText(source, path.join(where.homeDir, '.ssh', 'config')), userConf: true }] : source;
  }

  /** The Host names a person can pick (no patterns), in file order, Includes followed. */
  hostAliases(): string[] {
    const aliases: string[] = [];
    const seen = new Set<ConfigNode>();
    const visit = (node: ConfigNode) => {
      if (seen.has(node)) return;
      seen.add(node);
      for (const line of node.lines) {
        if (!('keyword' in line)) continue;
        if (line.keyword === 'host') {
          for (const v of line.args) if (v && !/[*?!]/.test(v) && !aliases.includes(v)) aliases.push(v);
        } else if (line.keyword === 'include') {
          for (const files of node.includes.get(line.lineNo) ?? []) files.forEach(visit);
        }
      }
    };
    for (const f of this.files) if (f.userConf) visit(f.node);
    return aliases;
  }

  /**
   * Settings for `host`, as OpenSSH 9.2 computes them (what `ssh -G [-l user] [-p port] host`
   * prints, then expanded as ssh expands it when it connects). Throws SshConfigError where ssh
   * would refuse the configuration.
   */
  resolve(host: string, user?: string, port?: number): SshHostDetails {
    return this.resolveRequest({ host, user, port });
  }

  /** As resolve, for a request that may carry `-J` hops (a jump host's earlier hops). */
  resolveRequest(request: ResolveRequest): SshHostDetails {
    const { values, notes } = this.run(request);
    return this.guard(() => detailsFromValues(values, notes, { ...this.local(), cwd: this.where.cwd ?? process.cwd() }));
  }

  /** What `ssh -G` would print for the request, for the keywords this reading reproduces (RESOLVED_KEYWORDS). */
  sshGValues(request: ResolveRequest): SshGValues {
    return this.run(request).values;
  }

  private run(request: ResolveRequest) {
    return this.guard(() => resolveOptions(request, this.files, this.local()));
  }

  private local(): LocalFacts {
    return {
      localUser: this.where.localUser,
      homeDir: this.where.homeDir,
      localHostname: this.where.localHostname ?? os.hostname(),
      uid: String(this.where.uid ?? process.getuid?.() ?? 0),
      env: this.where.env ?? process.env,
    };
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ConfigProblem) throw new SshConfigError(`ssh would refuse this configuration: ${e.problems.slice(0, 3).join('; ')}`, e.problems);
      throw e;
    }
  }
}
