import { createHash } from 'crypto';
import * as net from 'net';
import * as path from 'path';

/** OpenSSH's match_pattern: `*` any run of characters, `?` exactly one, case-sensitive. */
export function matchPattern(s: string, pattern: string): boolean {
  let si = 0;
  let pi = 0;
  let starPi = -1;
  let starSi = 0;
  while (si < s.length) {
    if (pi < pattern.length && (pattern[pi] === '?' || pattern[pi] === s[si])) {
      si++;
      pi++;
    } else if (pi < pattern.length && pattern[pi] === '*') {
      starPi = pi++;
      starSi = si;
    } else if (starPi >= 0) {
      pi = starPi + 1;
      si = ++starSi;
    } else {
      return false;
    }
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/** OpenSSH's match_pattern_list: 1 for a positive match, -1 when a negated pattern matches, 0 for none. */
export function matchPatternList(s: string, patterns: string, lowerPatterns: boolean): -1 | 0 | 1 {
  let positive = false;
  for (let sub of patterns.split(',')) {
    const negated = sub.startsWith('!');
    if (negated) sub = sub.slice(1);
    if (sub.length >= 1023) return 0;
    if (lowerPatterns) sub = sub.replace(/[A-Z]/g, (c) => c.toLowerCase());
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** OpenSSH's match_hostname: the host lower-cased, the patterns too. */
export function matchHostname(host: string, patterns: string): -1 | 0 | 1 {
  return matchPatternList(host.replace(/[A-Z]/g, (c) => c.toLowerCase()), patterns, true);
}

export class ExpandError extends Error {}

/**
 * `%x` tokens (and, with `env`, `${VAR}`) expanded as ssh's percent_dollar_expand does: an unknown
 * token, a `%` at the end, an unclosed `${` or an unset variable is an error.
 */
export function percentExpand(value: string, tokens: Readonly<Record<string, string>>, env?: NodeJS.ProcessEnv): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (env && c === '$' && value[i + 1] === '{') {
      const end = value.indexOf('}', i + 2);
      if (end < 0) throw new ExpandError(`environment variable '${value.slice(i + 2)}' missing closing '}'`);
      const name = value.slice(i + 2, end);
      if (!name) throw new ExpandError('zero-length environment variable');
      const v = env[name];
      if (v === undefined) throw new ExpandError(`env var \${${name}} has no value`);
      out += v;
      i = end;
      continue;
    }
    if (c !== '%') {
      out += c;
      continue;
    }
    const t = value[++i];
    if (t === '%') out += '%';
    else if (t === undefined) throw new ExpandError('invalid format: % at the end');
    else if (Object.prototype.hasOwnProperty.call(tokens, t)) out += tokens[t];
    else throw new ExpandError(`unknown key %${t}`);
  }
  return out;
}

/** `~` and `~/…` against `homeDir`, as ssh's tilde_expand (other users' `~name` are left alone). */
export function tildeExpand(p: string, homeDir: string): string {
  if (p === '~') return homeDir.endsWith('/') ? homeDir : homeDir + '/';
  if (!p.startsWith('~/')) return p;
  const rest = p.slice(1).replace(/^\/+/, '');
  return (homeDir.endsWith('/') ? homeDir : homeDir + '/') + rest;
}

/** A path from the config made absolute: relative paths are relative to the working folder, as for ssh. */
export function absolutePath(p: string, cwd: string): string {
  return path.isAbsolute(p) ? p : path.resolve(cwd, p);
}

/** ssh's convtime: `90`, `1m30s`, `2h`, `1w`… in seconds; -1 when not a time. */
export function convtime(s: string): number {
  if (!s) return -1;
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  const re = /(\d+)([sSmMhHdDwW]?)/y;
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return -1;
    const secs = Number(m[1]) * (m[2] ? units[m[2].toLowerCase()] : 1);
    total += secs;
    if (!Number.isSafeInteger(total) || total > 0x7fffffff) return -1;
    at = re.lastIndex;
  }
  return total;
}

/** TCP services a Port line may name instead of a number (getservbyname), for the common ones. */
const SERVICES: Readonly<Record<string, number>> = {
  ssh: 22, telnet: 23, ftp: 21, smtp: 25, domain: 53, http: 80, www: 80, pop3: 110, imap: 143, https: 443, imaps: 993, pop3s: 995, 'http-alt': 8080, webcache: 8080, git: 9418,
};

/** ssh's a2port: 0–65535 or a service name; -1 when neither. */
export function a2port(s: string): number {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : -1;
  }
  return SERVICES[s] ?? -1;
}

/** ssh's `%C`: the SHA-1 of the local host name, remote host, port and remote user, in hex. */
export function connectionHash(thisHost: string, host: string, port: string, user: string): string {
  return createHash('sha1').update(thisHost + host + port + user).digest('hex');
}

/** An IPv4 address in any form inet_aton takes (`127.1`, `0x7f.0.0.1`, `010.1.1.1`), as four numbers; undefined otherwise. */
function inetAton(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    const n = /^0x[0-9a-f]*$/i.test(p) ? parseInt(p.slice(2) || '0', 16) : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : /^[1-9][0-9]*$/.test(p) ? Number(p) : NaN;
    if (Number.isNaN(n)) return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  const bytes = [...nums];
  for (let i = 4 - nums.length - 1; i >= 0; i--) bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes;
}

/**
 * How ssh treats a host name that is an address (its is_addr and resolve_addr): undefined for a
 * name (which ssh lower-cases); else the address as ssh prints it: IPv4 in dotted quads, IPv6 in its
 * canonical form unless that differs only in case, anything else that looks numeric unchanged.
 */
export function canonicalAddress(host: string): string | undefined {
  const v4 = inetAton(host);
  if (v4) return v4.join('.');
  if (net.isIPv6(host)) {
    try {
      const canonical = new URL(`http://[${host}]/`).hostname.replace(/^\[|\]$/g, '');
      return canonical.toLowerCase() === host.toLowerCase() ? host : canonical;
    } catch {
      return host;
    }
  }
  if (host.includes('%') || host.includes(':') || /^[0-9.]*$/.test(host)) return host;
  return undefined;
}

/** ssh refuses host names on its command line that a shell could misread. */
export function validHostname(s: string): boolean {
  // eslint-disable-next-line no-control-regex -- ssh refuses control characters too
  return !s.startsWith('-') && !/['`"$\\;&<>|(){}\s\x00-\x1f\x7f]/.test(s);
}

/** ssh refuses user names on its command line that a shell could misread. */
export function validRemoteUser(s: string): boolean {
  return !s.startsWith('-') && !/['`";&<>|(){}]/.test(s) && !/\s-/.test(s) && !s.endsWith('\\');
}
