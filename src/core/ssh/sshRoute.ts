import type { ResolvedSshHost } from './sshResolve';
import * as l10n from '@vscode/l10n';

/** Where ssh will really connect for an ssh:// endpoint: the target as resolved, and the hosts before it. */
export interface SshRoute {
  /** `user@hostname:port` of the target, after ~/.ssh/config (HostName, User, Port, Match…). */
  readonly target: string;
  /** The ProxyJump hosts in order, each `user@hostname:port`. */
  readonly jumps: readonly string[];
  /** The target's ProxyCommand, when one applies. */
  readonly proxyCommand?: string;
  /** Who resolved it: OpenSSH itself (`ssh -G`) or the built-in reading of the config. */
  readonly source: ResolvedSshHost['source'];
}

export function hostPort(h: Pick<ResolvedSshHost, 'user' | 'hostname' | 'port'>): string {
  const host = h.hostname.includes(':') ? `[${h.hostname}]` : h.hostname;
  return `${h.user}@${host}:${h.port}`;
}

/** One line for people: `ops@10.0.0.5:22 through ops@jump:22 (ssh -G)`. */
export function describeSshRoute(route: SshRoute): string {
  const said = route.source === 'ssh -G' ? l10n.t('as ssh -G resolves it') : l10n.t('as the built-in client reads ~/.ssh/config');
  if (route.jumps.length) return l10n.t('{0} through {1}, {2}', route.target, route.jumps.join(', '), said);
  if (route.proxyCommand) return l10n.t('{0} through the command {1}, {2}', route.target, route.proxyCommand, said);
  return l10n.t('{0}, {1}', route.target, said);
}

/** `user@host:port` as an ssh:// endpoint names it (before ~/.ssh/config), for messages. */
export function endpointWhere(endpoint: { readonly user?: string; readonly hostname: string; readonly port?: number }): string {
  return `${endpoint.user ? endpoint.user + '@' : ''}${endpoint.hostname}${endpoint.port !== undefined ? ':' + endpoint.port : ''}`;
}
