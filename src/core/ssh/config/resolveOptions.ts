import { ConfigNode } from '../sshConfigInclude';
import { ConfigPass, ConfigProblem, LocalFacts, ParserNote, emptyOptions } from './evaluate';
import { ExpandError, canonicalAddress, connectionHash, percentExpand, tildeExpand, validHostname, validRemoteUser } from './expand';
import { formatJump, parseJump } from './jump';
import { SshGValues } from './types';

/** What one `ssh -G [-l user] [-p port] [-J jump] host` is asked. */
export interface ResolveRequest {
  readonly host: string;
  readonly user?: string;
  readonly port?: number;
  /** Hops given on the command line (`-J`), as ssh passes a jump host's earlier hops. */
  readonly jump?: string;
}

/** The files ssh reads, in order: the user's (or -F) file, then the system file. */
export type ConfigFiles = ReadonlyArray<{ readonly node: ConfigNode; readonly userConf: boolean }>;

/** The identity files ssh tries when the config names none (OpenSSH 9.2). */
export const DEFAULT_IDENTITY_NAMES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'];

/** The keywords whose values this reading reproduces exactly as `ssh -G` prints them. */
export const RESOLVED_KEYWORDS = [
  'host', 'user', 'hostname', 'port', 'identityfile', 'certificatefile', 'identitiesonly', 'identityagent', 'proxyjump', 'proxycommand', 'connecttimeout',
  'userknownhostsfile', 'globalknownhostsfile', 'stricthostkeychecking', 'hashknownhosts', 'batchmode', 'controlmaster', 'controlpath', 'controlpersist',
  'pkcs11provider', 'securitykeyprovider', 'gssapiauthentication', 'passwordauthentication', 'kbdinteractiveauthentication', 'pubkeyauthentication',
  'preferredauthentications', 'hostkeyalias', 'canonicalizehostname', 'serveraliveinterval', 'serveralivecountmax', 'connectionattempts', 'tcpkeepalive',
  'addressfamily', 'knownhostscommand',
] as const;

const DEFAULTS: Readonly<Record<string, string>> = {
  identitiesonly: 'no', batchmode: 'no', hashknownhosts: 'no', gssapiauthentication: 'no', passwordauthentication: 'yes', kbdinteractiveauthentication: 'yes',
  pubkeyauthentication: 'true', stricthostkeychecking: 'ask', controlmaster: 'false', controlpersist: 'no', canonicalizehostname: 'false', tcpkeepalive: 'yes',
  addressfamily: 'any', serveraliveinterval: '0', serveralivecountmax: '3', connectionattempts: '1', connecttimeout: 'none', securitykeyprovider: 'internal',
};

const isNone = (v: string | undefined) => v === undefined || v.toLowerCase() === 'none';

/**
 * What `ssh -G` would print for `request`, computed from the config files as OpenSSH 9.2's
 * ssh.c does: a first pass matching the name as typed, HostName applied and lower-cased,
 * a final pass when `Match final` or CanonicalizeHostname asks for one, then the defaults,
 * and the expansions ssh makes before it prints (UserKnownHostsFile, IdentityAgent, ControlPath).
 * Throws ConfigProblem where ssh would stop with an error.
 */
export function resolveOptions(request: ResolveRequest, files: ConfigFiles, local: LocalFacts): { values: SshGValues; notes: ParserNote[] } {
  if (!validHostname(request.host)) throw new ConfigProblem(['hostname contains invalid characters']);
  if (request.user !== undefined && !validRemoteUser(request.user)) throw new ConfigProblem(['remote username contains invalid characters']);
  const o = emptyOptions();
  o.user = request.user;
  o.port = request.port;
  if (request.jump !== undefined) {
    const jump = parseJump(request.jump);
    if (!jump) throw new ConfigProblem([`Invalid -J argument ${request.jump}`]);
    o.jump = jump === 'none' ? { host: 'none', port: 0 } : jump;
    o.proxyCommand = 'none';
  }
  const hostArg = request.host;
  const first = new ConfigPass(o, { host: hostArg, originalHost: hostArg, finalPass: false, local });
  for (const f of files) first.readFile(f.node, f.userConf);
  const notes = [...first.notes];

  let host = hostArg;
  if (o.hostname !== undefined) {
    host = expandOrThrow('HostName', o.hostname, { h: hostArg });
    o.hostname = host;
  }
  const address = canonicalAddress(host);
  host = address ?? host.toLowerCase();
  const canonicalize = o.values.get('canonicalizehostname') ?? 'false';
  if (canonicalize !== 'false' && !address) {
    notes.push({ keyword: 'CanonicalizeHostname', value: canonicalize, where: '', reason: 'looks host names up in DNS; without OpenSSH the name is used as written' });
  }
  if (first.wantFinal || canonicalize !== 'false') {
    o.hostname = host;
    const last = new ConfigPass(o, { host, originalHost: hostArg, finalPass: true, local });
    for (const f of files) last.readFile(f.node, f.userConf);
    notes.push(...last.notes);
  }

  const user = o.user ?? local.localUser;
  const port = o.port ?? 22;
  const values = new Map<string, string[]>();
  const set = (k: string, ...v: string[]) => values.set(k, v);
  for (const [k, v] of Object.entries(DEFAULTS)) set(k, o.values.get(k) ?? v);
  for (const k of ['preferredauthentications', 'hostkeyalias', 'controlpath', 'identityagent', 'pkcs11provider', 'knownhostscommand']) {
    const v = o.values.get(k);
    if (v !== undefined) set(k, k === 'hostkeyalias' ? v.toLowerCase() : v);
  }
  for (const k of ['controlpath', 'pkcs11provider', 'knownhostscommand', 'securitykeyprovider']) if (isNone(values.get(k)?.[0])) values.delete(k);
  if (Number(values.get('connectionattempts')?.[0]) <= 0) throw new ConfigProblem(['Invalid number of ConnectionAttempts']);
  set('host', hostArg);
  set('user', user);
  set('hostname', host);
  set('port', String(port));

  const jump = o.jump && !(o.jump.host === 'none' && o.jump.port === 0 && o.jump.user === undefined) ? o.jump : undefined;
  if (jump) {
    const jumpPort = jump.port > 0 ? jump.port : 22;
    if (jump.host === host && port === jumpPort && user === (jump.user ?? user)) throw new ConfigProblem([`jumphost loop via ${jump.host}`]);
    set('proxyjump', formatJump(jump));
  } else if (!isNone(o.proxyCommand)) {
    set('proxycommand', o.proxyCommand!);
  }

  const tokens = clientTokens({ hostArg, host, port, user, hostKeyAlias: values.get('hostkeyalias')?.[0] }, local);
  const expandPath = (what: string, p: string) => expandOrThrow(what, tildeExpand(p, local.homeDir), tokens, local.env);
  const controlPath = values.get('controlpath')?.[0];
  if (controlPath !== undefined) set('controlpath', expandPath('ControlPath', controlPath));
  const agent = values.get('identityagent')?.[0];
  if (agent !== undefined) set('identityagent', expandPath('IdentityAgent', agent));

  set('identityfile', ...(o.identityFiles.length ? o.identityFiles.map((f) => f.path) : DEFAULT_IDENTITY_NAMES.map((n) => `~/.ssh/${n}`)));
  if (o.certificateFiles.length) set('certificatefile', ...o.certificateFiles.map((f) => f.path));
  else values.delete('certificatefile');
  const globals = o.globalKnownHosts.length ? o.globalKnownHosts : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
  set('globalknownhostsfile', ...(isNone(globals[0]) ? ['none'] : globals));
  const users = o.userKnownHosts.length ? o.userKnownHosts : ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
  set('userknownhostsfile', ...(isNone(users[0]) ? ['none'] : users.map((f) => expandPath('UserKnownHostsFile', f))));
  return { values, notes };
}

/** The `%` tokens ssh expands in most client settings (DEFAULT_CLIENT_PERCENT_EXPAND_ARGS). */
export function clientTokens(c: { hostArg: string; host: string; port: number; user: string; hostKeyAlias?: string }, local: LocalFacts): Record<string, string> {
  return {
    C: connectionHash(local.localHostname, c.host, String(c.port), c.user),
    L: local.localHostname.split('.')[0],
    i: local.uid,
    k: c.hostKeyAlias ?? c.hostArg,
    l: local.localHostname,
    n: c.hostArg,
    p: String(c.port),
    d: local.homeDir,
    h: c.host,
    r: c.user,
    u: local.localUser,
  };
}

function expandOrThrow(what: string, value: string, tokens: Record<string, string>, env?: NodeJS.ProcessEnv): string {
  try {
    return percentExpand(value, tokens, env);
  } catch (e) {
    if (e instanceof ExpandError) throw new ConfigProblem([`${what} ${value}: ${e.message}`]);
    throw e;
  }
}
