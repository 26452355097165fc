import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { ContextStore, TlsFilesByEndpoint } from '../store/contextStore';
import { newNameProblem } from '../store/newContexts';
import { ContextMeta } from '../store/types';
import { readUserFile } from '../userFile';
import { ARCHIVE_LIMITS, ArchiveEntry } from './archiveEntries';
import { readArchiveMeta } from './archiveMeta';
import { readTarEntries } from './tarReader';
import { readZipEntries } from './zipReader';

/** What the store can hold as an endpoint or TLS file name. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `docker context import NAME FILE`: reads what `docker context export` writes (a tar, or a
 * zip as the CLI also accepts) under a name the user chooses, accepting what the CLI accepts
 * and can list afterwards. The file is read only if it is a regular file of at most 10 MiB
 * (never blocking on a FIFO); the archive holds at most ARCHIVE_LIMITS.entries entries. Links
 * and other special entries are refused (the CLI skips them silently). Writes nothing unless
 * everything checks out, and then the whole context at once.
 */
export async function importContext(store: ContextStore, file: string, name: string, options: { signal?: AbortSignal } = {}): Promise<void> {
  const problem = newNameProblem(store, name);
  if (problem) throw new ContextError(store.exists(name) ? 'already-exists' : 'invalid-name', problem);
  const data = await readUserFile(file, { what: l10n.t('context archive'), maxBytes: ARCHIVE_LIMITS.archiveBytes, kind: 'invalid-archive', signal: options.signal });
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    throw new ContextError('invalid-archive', l10n.t('{0} is compressed; docker context export writes a plain tar (or a zip), so decompress it first.', file));
  }
  const entries = isZip(data) ? await readZipEntries(data, file) : readTarEntries(data, file);
  const { meta, tls } = contextOf(entries, file, name);
  options.signal?.throwIfAborted();
  await store.create(meta, Object.keys(tls).length ? tls : undefined);
}

/** The docker CLI's test for a zip (http.DetectContentType): the local file header's signature. */
function isZip(data: Buffer): boolean {
  return data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
}

/** meta.json and the TLS files of the entries, checked as the docker CLI checks them. */
function contextOf(entries: readonly ArchiveEntry[], file: string, name: string): { meta: ContextMeta; tls: TlsFilesByEndpoint } {
  let meta: ContextMeta | undefined;
  const tls: TlsFilesByEndpoint = {};
  for (const entry of entries) {
    // Folders carry nothing: the CLI skips them whatever their names.
    if (entry.kind === 'dir') continue;
    if (entry.kind === 'other') {
      throw new ContextError('invalid-archive', l10n.t('The archive {0} holds "{1}", which is a link or a special file; a context archive holds only files. Export the context again.', file, entry.name));
    }
    const entryName = checkedName(entry.name);
    if (entryName === 'meta.json') {
      meta = readArchiveMeta(entry.data!, name);
      continue;
    }
    const [endpoint, tlsFile] = entryName.slice('tls/'.length).split('/');
    if (!SAFE_NAME.test(endpoint) || !SAFE_NAME.test(tlsFile)) {
      throw new ContextError('invalid-archive', l10n.t('The archive holds "{0}"; TLS files must be named tls/<endpoint>/<file> with letters, digits, ".", "_" or "-".', entry.name));
    }
    (tls[endpoint] ??= {})[tlsFile] = entry.data!;
  }
  if (!meta) throw new ContextError('invalid-archive', l10n.t('The archive {0} has no meta.json: it is not a Docker context export.', file));
  return { meta, tls };
}

/** A file's name as the docker CLI accepts it: meta.json or tls/<endpoint>/<file>, in clean form. */
function checkedName(raw: string): string {
  const parts = raw.split('/');
  if (raw.startsWith('/') || raw.includes('\\') || raw.includes('\0') || /^[A-Za-z]:/.test(raw) || parts.includes('..')) {
    throw new ContextError('invalid-archive', l10n.t('The archive holds an entry with a dangerous path ("{0}"); it was not imported.', raw));
  }
  if (raw === 'meta.json') return raw;
  if (parts[0] !== 'tls' || parts.length !== 3 || parts.some((p) => p === '' || p === '.')) {
    throw new ContextError('invalid-archive', l10n.t('The archive holds "{0}"; a context archive holds only meta.json and tls/<endpoint>/<file>.', raw));
  }
  return raw;
}
