import { createHash, randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { errorCode } from '../errors';
import { KnownHostsEntry, asciiLower, hashHostName, matchingEntries } from './knownHostsFile';
import { SshPublicKey, parsePublicKeyBlob, sameKey, samePublicKey } from './knownHostsKey';
import * as l10n from '@vscode/l10n';
import { FILE_LIMITS, readUserFile, readUserText } from '../userFile';

/** Where a host's keys are looked up and how new ones are written, as ssh_config(5) says. */
export interface KnownHostsSettings {
  /** UserKnownHostsFile: read first; new keys go to the first. None: nothing is ever written. */
  readonly knownHostsFiles: readonly string[];
  /** GlobalKnownHostsFile: read after the user's files; OpenSSH's two when not given. */
  readonly globalKnownHostsFiles?: readonly string[];
  /** HostKeyAlias: the name to look up and record instead of `[host]:port`. */
  readonly hostKeyAlias?: string;
  /** HashKnownHosts: write new names hashed. Hashed when not given, as Debian's and Ubuntu's /etc/ssh/ssh_config set it. */
  readonly hashKnownHosts?: boolean;
}

export const DEFAULT_GLOBAL_KNOWN_HOSTS_FILES: readonly string[] = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

/** Where an entry is: a file and a line counting from 1. */
export interface KnownHostsPlace {
  readonly file: string;
  readonly line: number;
}

/** What known_hosts says of a host's key, as OpenSSH decides it. */
export type HostKeyStatus =
  | ({ readonly status: 'known' } & KnownHostsPlace)
  | { readonly status: 'unknown' }
  /** Another key is known for the host: of the same type or of another (OpenSSH refuses both). `line` is the last such key. */
  | ({ readonly status: 'changed'; readonly knownType: string } & KnownHostsPlace)
  /** A `@revoked` line for the host names this key, in any file, wherever it stands. */
  | ({ readonly status: 'revoked' } & KnownHostsPlace)
  /**
   * A `@cert-authority` line vouches for the host and no plain line knows this key: the host is
   * meant to be trusted through its host certificate, which the built-in client cannot check.
   */
  | ({ readonly status: 'certificate' } & KnownHostsPlace);

/** The name OpenSSH looks a host up by: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The name OpenSSH looks up and records for this connection: HostKeyAlias, else `[host]:port`; lower-cased. */
export function knownHostsLookupName(settings: KnownHostsSettings, host: string, port: number): string {
  return asciiLower(settings.hostKeyAlias ?? knownHostsName(host, port));
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
 * Decides a host key as OpenSSH 9's `check_host_key` does, for a plain (not certificate) key:
 * every matching line of the user's files, then the global ones, counts. The key is known when
 * a plain line holds it; revoked when any `@revoked` line for the host holds it, wherever it
 * stands; changed when the host has other plain keys, of whatever type. Off port 22, a key not
 * found under `[host]:port` is looked up under `host` as well (HostKeyAlias aside). Where
 * OpenSSH would trust a host certificate, the status says so instead of calling the host new.
 */
export async function checkHostKey(settings: KnownHostsSettings, host: string, port: number, key: Buffer): Promise<HostKeyStatus> {
  const texts = await readAll(filesOf(settings));
  const presented = parsePublicKeyBlob(key) ?? opaqueKey(key);
  const name = knownHostsLookupName(settings, host, port);
  const entries = lookUp(texts, name);
  let status = decide(entries, presented);
  // OpenSSH's "checking without port identifier" off port 22 (HostKeyAlias aside): read-only,
  // it settles only a match or a revocation. (A key revoked there only makes OpenSSH warn, and
  // under accept-new record it anyway; here it stays revoked.) A CA is looked up the same way.
  const bare = settings.hostKeyAlias === undefined && port !== 22 ? lookUp(texts, asciiLower(host)) : [];
  if (status.status === 'unknown' && bare.length) {
    const withoutPort = decide(bare, presented);
    if (withoutPort.status === 'known' || withoutPort.status === 'revoked') status = withoutPort;
  }
  if (status.status === 'unknown' || status.status === 'changed') {
    const ca = entries.concat(bare).find((e) => e.marker === 'cert-authority');
    if (ca) return { status: 'certificate', file: ca.file, line: ca.line };
  }
  return status;
}

/** The host key algorithms the built-in client (ssh2) offers, in its own order of preference, which is OpenSSH's for plain keys. */
export const BUILTIN_HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The host key algorithms to offer, in the order OpenSSH's `order_hostkeyalgs` gives them:
 * `algorithms` as they are when the host's known keys include the first one's type, else the
 * algorithms of the known key types first, each group in its own order. Without this a host
 * known by, say, its ECDSA key would present its Ed25519 key and be refused as changed.
 */
export async function orderHostKeyAlgorithms<A extends string = ServerHostKeyAlgorithm>(
  settings: KnownHostsSettings,
  host: string,
  port: number,
  algorithms: readonly A[] = BUILTIN_HOST_KEY_ALGORITHMS as readonly A[],
): Promise<A[]> {
  const entries = lookUp(await readAll(filesOf(settings)), knownHostsLookupName(settings, host, port));
  const knownTypes = new Set(entries.filter((e) => e.marker === undefined).map((e) => e.key.type));
  const known = (alg: string) => knownTypes.has(alg.startsWith('rsa-sha2-') ? 'ssh-rsa' : alg);
  if (algorithms.length === 0 || known(algorithms[0])) return [...algorithms];
  return [...algorithms.filter(known), ...algorithms.filter((a) => !known(a))];
}

/**
 * Records a host key as OpenSSH does when it adds one: in the first user file (made 0600, its
 * folder 0700 when missing), after a newline if the file lacks its last one, under the lookup
 * name, lower-cased, hashed as HashKnownHosts says. Returns the file, or undefined when the
 * settings name no user file (UserKnownHostsFile none): then nothing can be recorded.
 */
export async function recordHostKey(settings: KnownHostsSettings, host: string, port: number, key: Buffer): Promise<string | undefined> {
  const file = settings.knownHostsFiles[0];
  if (file === undefined) return undefined;
  await addHostKey(file, knownHostsLookupName(settings, host, port), key, { hash: settings.hashKnownHosts ?? true });
  return file;
}

/** Appends `name keytype base64` (the name hashed when asked) to a known_hosts file. */
export async function addHostKey(file: string, name: string, key: Buffer, options: { hash: boolean }): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const lowered = asciiLower(name);
  const written = options.hash ? hashHostName(lowered, randomBytes(20)) : lowered;
  let prefix = '';
  try {
    const existing = await readUserFile(file, { what: 'known_hosts', maxBytes: FILE_LIMITS.knownHosts, kind: 'unreadable-file' });
    if (existing.length > 0 && existing[existing.length - 1] !== 0x0a) prefix = '\n';
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  await fs.appendFile(file, `${prefix}${written} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

function filesOf(settings: KnownHostsSettings): readonly string[] {
  return [...settings.knownHostsFiles, ...(settings.globalKnownHostsFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS_FILES)];
}

/** OpenSSH's `check_hostkeys_by_key_or_type` for a plain key, then `check_key_not_revoked`. */
function decide(entries: readonly KnownHostsEntry[], key: SshPublicKey): HostKeyStatus {
  let status: HostKeyStatus = { status: 'unknown' };
  for (const e of entries) {
    if (e.marker !== undefined) continue;
    if (sameKey(key, e.key)) {
      status = { status: 'known', file: e.file, line: e.line };
      break;
    }
    status = { status: 'changed', file: e.file, line: e.line, knownType: e.key.type };
  }
  const revoked = entries.find((e) => e.marker === 'revoked' && samePublicKey(key, e.key));
  return revoked ? { status: 'revoked', file: revoked.file, line: revoked.line } : status;
}

function lookUp(texts: readonly { file: string; text: string }[], name: string): KnownHostsEntry[] {
  return texts.flatMap(({ file, text }) => matchingEntries(text, file, name));
}

/** A key the parser does not know (ssh2 negotiated only what it supports, so hardly ever): compared by its bytes. */
function opaqueKey(blob: Buffer): SshPublicKey {
  const type = keyTypeOf(blob);
  return { type, plainType: type, material: blob.toString('hex'), blob };
}

/** Each file's text; like OpenSSH, a file that cannot be opened or read holds no keys. */
async function readAll(files: readonly string[]): Promise<{ file: string; text: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, text: await readUserText(file, { what: 'known_hosts', maxBytes: FILE_LIMITS.knownHosts, kind: 'unreadable-file' }) };
      } catch {
        return { file, text: '' };
      }
    }),
  );
}
