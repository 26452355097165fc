import { ConfigProblem, LocalFacts, ParserNote } from './evaluate';
import { ExpandError, absolutePath, percentExpand, tildeExpand } from './expand';
import { parseJump } from './jump';
import { clientTokens } from './resolveOptions';
import { SshGValues, SshHostDetails, UnsupportedSetting } from './types';

export interface DetailsContext extends LocalFacts {
  readonly cwd: string;
}

/**
 * The settings a client needs, from what `ssh -G` prints (or what our reading of the config
 * computes in the same form): identity and certificate files expanded as ssh expands them when it
 * loads them (`~`, `%` tokens, `${VAR}`, relative to the working folder), ProxyJump hops with the
 * target's `%h %p %r %n %k` expanded as in the command ssh builds from them, and the settings the
 * built-in client cannot honour.
 */
export function detailsFromValues(values: SshGValues, notes: readonly ParserNote[], c: DetailsContext): SshHostDetails {
  const one = (k: string): string | undefined => values.get(k)?.[0];
  const all = (k: string): readonly string[] => values.get(k) ?? [];
  const flag = (k: string, dflt: boolean): boolean => {
    const v = one(k);
    return v === undefined ? dflt : v === 'yes' || v === 'true';
  };
  const alias = one('host') ?? '';
  const hostname = one('hostname') ?? alias;
  const port = Number(one('port') ?? 22);
  const user = one('user') ?? c.localUser;
  const hostKeyAlias = one('hostkeyalias');
  const tokens = clientTokens({ hostArg: alias, host: hostname, port, user, hostKeyAlias }, c);
  const file = (what: string, p: string) => {
    try {
      return absolutePath(percentExpand(tildeExpand(p, c.homeDir), tokens, c.env), c.cwd);
    } catch (e) {
      if (e instanceof ExpandError) throw new ConfigProblem([`${what} ${p}: ${e.message}`]);
      throw e;
    }
  };
  const listOrNone = (k: string) => (one(k)?.toLowerCase() === 'none' ? [] : all(k).map((p) => absolutePath(p, c.cwd)));

  const timeout = Number(one('connecttimeout'));
  const aliveInterval = Number(one('serveraliveinterval') ?? 0);
  const strict = one('stricthostkeychecking') ?? 'ask';
  const preferred = one('preferredauthentications')?.split(',').filter(Boolean);
  const details: Omit<SshHostDetails, 'unsupported'> = {
    alias,
    hostname,
    port,
    user,
    identityFiles: all('identityfile').filter((f) => f.toLowerCase() !== 'none').map((f) => file('IdentityFile', f)),
    identitiesOnly: flag('identitiesonly', false),
    proxyJump: jumpHops(one('proxyjump'), { h: hostname, p: String(port), r: user, n: alias, k: hostKeyAlias ?? alias }),
    connectTimeoutMs: timeout > 0 ? timeout * 1000 : undefined,
    knownHostsFiles: listOrNone('userknownhostsfile'),
    globalKnownHostsFiles: listOrNone('globalknownhostsfile'),
    strictHostKeyChecking: strict === 'true' ? 'yes' : strict === 'false' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'ask',
    proxyCommand: one('proxycommand'),
    identityAgent: agentSocket(one('identityagent'), c),
    certificateFiles: all('certificatefile').map((f) => file('CertificateFile', f)),
    hashKnownHosts: flag('hashknownhosts', false),
    batchMode: flag('batchmode', false),
    hostKeyAlias,
    pubkeyAuthentication: one('pubkeyauthentication') !== 'false',
    passwordAuthentication: flag('passwordauthentication', true),
    kbdInteractiveAuthentication: flag('kbdinteractiveauthentication', true),
    preferredAuthentications: preferred,
    serverAliveIntervalMs: aliveInterval > 0 ? aliveInterval * 1000 : undefined,
    serverAliveCountMax: Number(one('serveralivecountmax') ?? 3),
  };
  return { ...details, unsupported: unsupportedSettings(values, details, notes) };
}

/** ProxyJump's hops, first to last, each `[user@]host[:port]` with the target's tokens expanded. */
function jumpHops(value: string | undefined, tokens: Record<string, string>): string[] {
  if (!value) return [];
  const jump = parseJump(value);
  if (!jump || jump === 'none') return [];
  const expand = (s: string) => {
    try {
      return percentExpand(s, tokens);
    } catch (e) {
      if (e instanceof ExpandError) throw new ConfigProblem([`ProxyJump ${value}: ${e.message}`]);
      throw e;
    }
  };
  const host = jump.host.includes(':') ? `[${jump.host}]` : jump.host;
  const last = `${jump.user ? jump.user + '@' : ''}${host}${jump.port > 0 ? ':' + jump.port : ''}`;
  return [...(jump.extra ? jump.extra.split(',') : []), last].map((h) => expand(h.trim()));
}

/** The agent IdentityAgent points at: `none`, a socket, or undefined for SSH_AUTH_SOCK (as ssh sets it up). */
function agentSocket(value: string | undefined, c: DetailsContext): string | undefined {
  if (value === undefined || value === 'SSH_AUTH_SOCK') return undefined;
  if (value === 'none') return 'none';
  if (value.startsWith('$') && value[1] !== '{') return c.env[value.slice(1)] ?? 'none';
  return absolutePath(value, c.cwd);
}

function unsupportedSettings(values: SshGValues, d: Omit<SshHostDetails, 'unsupported'>, notes: readonly ParserNote[]): UnsupportedSetting[] {
  const one = (k: string): string | undefined => values.get(k)?.[0];
  const out: UnsupportedSetting[] = [];
  if (d.proxyCommand) {
    out.push({ keyword: 'ProxyCommand', value: d.proxyCommand, blocking: true, reason: 'this host is reached through ProxyCommand, which the built-in client cannot run: install OpenSSH or set sshClient to openssh' });
  }
  const master = one('controlmaster');
  if ((master && master !== 'false') || one('controlpath')) {
    out.push({ keyword: 'ControlMaster', value: `${master ?? 'false'}${one('controlpath') ? ` (ControlPath ${one('controlpath')})` : ''}`, blocking: false, reason: 'the built-in client opens its own connection instead of sharing one through ControlPath' });
  }
  const pkcs11 = one('pkcs11provider');
  if (pkcs11) out.push({ keyword: 'PKCS11Provider', value: pkcs11, blocking: false, reason: 'keys on a PKCS#11 token are not offered by the built-in client' });
  const sk = one('securitykeyprovider');
  if (sk && sk !== 'internal') out.push({ keyword: 'SecurityKeyProvider', value: sk, blocking: false, reason: 'the built-in client does not load a security key provider' });
  if (one('gssapiauthentication') === 'yes') out.push({ keyword: 'GSSAPIAuthentication', value: 'yes', blocking: false, reason: 'the built-in client does not do GSSAPI (Kerberos); it tries the other methods' });
  const knownHostsCommand = one('knownhostscommand');
  if (knownHostsCommand) out.push({ keyword: 'KnownHostsCommand', value: knownHostsCommand, blocking: false, reason: 'the built-in client does not run it; host keys come from the known_hosts files only' });
  const preferred = d.preferredAuthentications;
  if (!d.pubkeyAuthentication || (preferred && !preferred.includes('publickey'))) {
    out.push({
      keyword: d.pubkeyAuthentication ? 'PreferredAuthentications' : 'PubkeyAuthentication',
      value: d.pubkeyAuthentication ? preferred!.join(',') : 'no',
      blocking: true,
      reason: 'this host logs in without public keys (password, keyboard-interactive or GSSAPI), which the built-in client does not do: install OpenSSH or set sshClient to openssh',
    });
  }
  for (const n of notes) out.push({ keyword: n.keyword, value: n.value, blocking: false, reason: `${n.where ? n.where + ': ' : ''}${n.keyword} ${n.reason}` });
  return out;
}
