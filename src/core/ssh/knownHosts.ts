import { createHash, createHmac, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { errorCode } from '../errors';
import * as l10n from '@vscode/l10n';

/** What known_hosts says of a host's key. */
export type HostKeyStatus =
  | { readonly status: 'known'; readonly file: string }
  | { readonly status: 'unknown' }
  | { readonly status: 'changed'; readonly file: string; readonly line: number }
  | { readonly status: 'revoked'; readonly file: string };

/** The name OpenSSH looks a host up by: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's fingerprint: `SHA256:` and the unpadded base64 of the blob's SHA-256. */
export function fingerprintOf(blob: Buffer): string {
  return l10n.t('SHA256:') + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/**
 * Checks a host key against known_hosts files as OpenSSH does: plain and hashed (`|1|`)
 * names, comma lists, `[host]:port`, `*`/`?` patterns and `!` negations; `@revoked` refuses a
 * key; `@cert-authority` lines are not host keys and are passed over. A stored key of the same
 * type that differs means the key changed.
 */
export async function checkHostKey(files: readonly string[], host: string, port: number, key: Buffer): Promise<HostKeyStatus> {
  const name = knownHostsName(host, port);
  const type = keyTypeOf(key);
  const blob = key.toString('base64');
  let changed: HostKeyStatus | undefined;
  for (const file of files) {
    const lines = await readLines(file);
    for (let i = 0; i < lines.length; i++) {
      const entry = parseLine(lines[i]);
      if (!entry || entry.marker === '@cert-authority' || !namesMatch(entry.names, name)) continue;
      if (entry.marker === '@revoked') {
        if (entry.key === blob) return { status: 'revoked', file };
        continue;
      }
      if (entry.key === blob) return { status: 'known', file };
      if (entry.type === type && !changed) changed = { status: 'changed', file, line: i + 1 };
    }
  }
  return changed ?? { status: 'unknown' };
}

/** Appends a host key to a known_hosts file (creating it 0600 in a 0700 folder), hashed as `HashKnownHosts yes` does. */
export async function addHostKey(file: string, host: string, port: number, key: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const salt = randomBytes(20);
  const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(knownHostsName(host, port)).digest('base64')}`;
  let prefix = '';
  try {
    const existing = await fs.readFile(file, 'utf8');
    if (existing.length > 0 && !existing.endsWith('\n')) prefix = '\n';
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  await fs.appendFile(file, `${prefix}${hashed} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

interface Entry {
  readonly marker?: string;
  readonly names: string;
  readonly type: string;
  readonly key: string;
}

function parseLine(line: string): Entry | undefined {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  const fields = trimmed.split(/\s+/);
  const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
  if (fields.length < 3) return undefined;
  return { marker, names: fields[0], type: fields[1], key: fields[2] };
}

function namesMatch(names: string, name: string): boolean {
  if (names.startsWith('|1|')) {
    const [, , salt, hash] = names.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of names.split(',')) {
    const negated = pattern.startsWith('!');
    if (globMatch(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** OpenSSH's host patterns: `*` and `?`, case-insensitive. */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return re.test(name);
}

async function readLines(file: string): Promise<string[]> {
  try {
    return (await fs.readFile(file, 'utf8')).split(/\r?\n/);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return [];
    throw e;
  }
}
