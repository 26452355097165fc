import { a2port } from './expand';

/** A ProxyJump as ssh keeps it: the last hop, and the hops before it as written. */
export interface Jump {
  readonly user?: string;
  readonly host: string;
  /** -1 when the hop names no port; 0 for `ProxyJump none`. */
  readonly port: number;
  /** The hops before the last one, comma-separated, as written. */
  readonly extra?: string;
}

/** `[user@]host[:port]` (host may be `[v6]`), as ssh's parse_user_host_port; undefined when malformed. */
export function parseUserHostPort(s: string): { user?: string; host: string; port: number } | undefined {
  const at = s.lastIndexOf('@');
  const user = at >= 0 ? s.slice(0, at) : undefined;
  if (user === '') return undefined;
  const rest = at >= 0 ? s.slice(at + 1) : s;
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    const after = rest[close + 1];
    if (after !== undefined && after !== ':' && after !== '/') return undefined;
    host = rest.slice(0, close + 1);
    portText = after === undefined ? undefined : rest.slice(close + 2);
  } else {
    const cut = rest.search(/[:/]/);
    host = cut < 0 ? rest : rest.slice(0, cut);
    portText = cut < 0 ? undefined : rest.slice(cut + 1);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') return undefined;
  let port = -1;
  if (portText !== undefined && portText !== '') {
    port = a2port(portText);
    if (port <= 0) return undefined;
  }
  return { user, host, port };
}

/** `ssh://[user@]host[:port][/]`: the parts, undefined when malformed, 'not-uri' for another form. */
function parseSshUri(s: string): { user?: string; host: string; port: number } | undefined | 'not-uri' {
  if (!s.startsWith('ssh://')) return 'not-uri';
  let rest = s.slice(6);
  let user: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at).split(';')[0];
    if (!user) return undefined;
    try {
      user = decodeURIComponent(user.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
    rest = rest.slice(at + 1);
  }
  const m = /^(\[[^\]]*\]|[^:/]*)(?::([^/]*))?(?:\/(.*))?$/s.exec(rest);
  if (!m || m[3]) return undefined;
  const host = m[1].replace(/^\[(.*)\]$/s, '$1');
  if (!host || !/^[A-Za-z0-9._:-]+$/.test(host)) return undefined;
  let port = -1;
  if (m[2]) {
    port = a2port(m[2]);
    if (port <= 0) return undefined;
  }
  return { user, host, port };
}

function parseHopSpec(s: string): { user?: string; host: string; port: number } | undefined {
  const uri = parseSshUri(s);
  return uri === 'not-uri' ? parseUserHostPort(s) : uri;
}

/** ssh's parse_jump: the Jump a ProxyJump value stands for, 'none', or undefined when any hop is malformed. */
export function parseJump(value: string): Jump | 'none' | undefined {
  if (value.toLowerCase() === 'none') return 'none';
  const text = value.split('#')[0].replace(/[ \t\r\n]+$/, '');
  const hops = text.split(',');
  const last = parseHopSpec(hops[hops.length - 1]);
  if (!last) return undefined;
  for (const hop of hops.slice(0, -1)) if (!parseHopSpec(hop)) return undefined;
  const comma = value.lastIndexOf(',');
  return { user: last.user, host: last.host, port: last.port, extra: comma > 0 ? value.slice(0, comma) : undefined };
}

/** A Jump written as `ssh -G` prints it. */
export function formatJump(jump: Jump): string {
  const numeric = jump.host.includes(':') || /^[0-9.]*$/.test(jump.host);
  return `${jump.extra ? jump.extra + ',' : ''}${jump.user ? jump.user + '@' : ''}${numeric ? '[' : ''}${jump.host}${numeric ? ']' : ''}${jump.port > 0 ? ':' + jump.port : ''}`;
}
