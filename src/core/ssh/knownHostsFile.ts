import { createHmac } from 'crypto';
import { SshPublicKey, isKnownKeyTypeName, lineTypeFits, parsePublicKeyBlob } from './knownHostsKey';

/**
 * known_hosts lines read as OpenSSH 9 reads them (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): an
 * optional marker, a names field (a pattern list, or one `|1|salt|hash`), a key type and a
 * base64 key. A line OpenSSH cannot read (an unknown or doubled marker, a key that does not
 * load, a truncated line) is not an entry; it never counts as a key of the host.
 */

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export interface KnownHostsEntry {
  readonly file: string;
  /** Counting from 1. */
  readonly line: number;
  readonly marker?: KnownHostsMarker;
  readonly key: SshPublicKey;
}

/** The entries of a known_hosts file's text whose names match `name` (already lower-cased, `[host]:port` off port 22). */
export function matchingEntries(text: string, file: string, name: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const entry = matchLine(lines[i], name);
    if (entry) entries.push({ file, line: i + 1, ...entry });
  }
  return entries;
}

/** One line: its marker and key when its names match `name` and OpenSSH can read it, else undefined. */
export function matchLine(raw: string, name: string): { marker?: KnownHostsMarker; key: SshPublicKey } | undefined {
  // OpenSSH works on C strings: a NUL ends the line.
  const nul = raw.indexOf('\0');
  const line = nul >= 0 ? raw.slice(0, nul) : raw;
  let at = skipBlanks(line, 0);
  if (at >= line.length || line[at] === '#') return undefined;
  const markers = readMarker(line, at);
  if (!markers) return undefined;
  at = markers.next;
  const namesEnd = endOfField(line, at);
  if (!namesMatch(line.slice(at, namesEnd), name)) return undefined;
  const key = readKey(line, skipBlanks(line, namesEnd));
  return key && { marker: markers.marker, key };
}

/**
 * OpenSSH's `check_markers`: at most one marker, `@cert-authority` or `@revoked` exactly,
 * ending at the line's first space (or, with none, its first tab). Anything else makes the
 * whole line unreadable.
 */
function readMarker(line: string, at: number): { marker?: KnownHostsMarker; next: number } | undefined {
  let marker: KnownHostsMarker | undefined;
  while (line[at] === '@') {
    if (marker) return undefined;
    let end = line.indexOf(' ', at);
    if (end < 0) end = line.indexOf('\t', at);
    if (end < 0 || end <= at + 1 || end >= at + 32) return undefined;
    const word = line.slice(at, end);
    if (word === '@cert-authority') marker = 'cert-authority';
    else if (word === '@revoked') marker = 'revoked';
    else return undefined;
    at = skipBlanks(line, end);
  }
  return { marker, next: at };
}

/** The key part (`type base64 [comment]`), or undefined when OpenSSH's `sshkey_read` would fail. */
function readKey(line: string, at: number): SshPublicKey | undefined {
  if (at >= line.length || line[at] === '#') return undefined;
  const typeEnd = endOfField(line, at);
  // The type must be followed by a blank, and then by the key.
  if (typeEnd >= line.length) return undefined;
  const type = line.slice(at, typeEnd);
  if (!isKnownKeyTypeName(type)) return undefined;
  const blobAt = skipBlanks(line, typeEnd);
  if (blobAt >= line.length) return undefined;
  const blob = strictBase64(line.slice(blobAt, endOfField(line, blobAt)));
  const key = blob && parsePublicKeyBlob(blob);
  return key && lineTypeFits(type, key.type) ? key : undefined;
}

/**
 * Base64 as OpenSSH's `b64_pton` takes it: white space skipped, nothing outside the alphabet,
 * whole groups of four, correct padding and no stray bits; else undefined.
 */
export function strictBase64(text: string): Buffer | undefined {
  const s = text.replace(/[ \t\n\v\f\r]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : undefined;
}

/** Whether a names field matches `name`: a hashed field by its HMAC, else OpenSSH's pattern list. */
export function namesMatch(names: string, name: string): boolean {
  if (names.startsWith('|')) return hashedNameMatches(names, name);
  return matchPatternList(asciiLower(name), names) === 1;
}

/** `|1|salt|hash`: HMAC-SHA1 of the name keyed with a 20-byte salt, both in base64, written exactly as OpenSSH writes them. */
function hashedNameMatches(names: string, name: string): boolean {
  if (!names.startsWith('|1|')) return false;
  const bar = names.indexOf('|', 3);
  if (bar < 0) return false;
  const salt = strictBase64(names.slice(3, bar));
  if (!salt || salt.length !== 20) return false;
  return hashHostName(name, salt) === names;
}

/** OpenSSH's hashed form of a name (HashKnownHosts), with this salt. */
export function hashHostName(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name, 'utf8').digest('base64')}`;
}

/**
 * OpenSSH's `match_pattern_list` on a lower-cased name: 1 when a pattern matches and no negated
 * one does, -1 when a negated one matches, 0 otherwise. Patterns are lower-cased too; one of
 * 1023 characters or more makes the whole list fail, as in OpenSSH.
 */
export function matchPatternList(name: string, list: string): 1 | 0 | -1 {
  let positive = false;
  for (const part of list.split(',')) {
    const negated = part.startsWith('!');
    const pattern = asciiLower(negated ? part.slice(1) : part);
    if (pattern.length >= 1023) return 0;
    if (wildcardMatch(pattern, name)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** `*` any run of characters (none included), `?` exactly one, everything else itself. */
export function wildcardMatch(pattern: string, s: string): boolean {
  let p = 0;
  let i = 0;
  let star = -1;
  let resume = 0;
  while (i < s.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === s[i]))) {
      p++;
      i++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = i;
    } else if (star >= 0) {
      p = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Lower-cases A to Z only, as C's tolower does in OpenSSH. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function skipBlanks(line: string, at: number): number {
  while (line[at] === ' ' || line[at] === '\t') at++;
  return at;
}

function endOfField(line: string, at: number): number {
  while (at < line.length && line[at] !== ' ' && line[at] !== '\t') at++;
  return at;
}
