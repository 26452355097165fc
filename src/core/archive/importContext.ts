import { promises as fs } from 'fs';
import { ContextError, errorMessage } from '../errors';
import { tar, yauzl } from '../lazyModules';
import { ContextStore, TlsFilesByEndpoint } from '../store/contextStore';
import { newNameProblem } from '../store/newContexts';
import { ContextMeta } from '../store/types';
import * as l10n from '@vscode/l10n';

/** The docker CLI's limit on what `docker context import` reads. */
export const MAX_ARCHIVE_BYTES = 10 * 1024 * 1024;

const TLS_ENTRY = /^tls\/([A-Za-z0-9][A-Za-z0-9._-]*)\/([A-Za-z0-9][A-Za-z0-9._-]*)$/;
const TLS_DIR = /^tls(\/[A-Za-z0-9][A-Za-z0-9._-]*)?\/?$/;

interface ArchiveEntry {
  readonly name: string;
  readonly kind: 'file' | 'dir' | 'other';
  readonly data?: Buffer;
}

/**
 * `docker context import NAME FILE`: reads what `docker context export` writes (a tar, or a
 * zip as the CLI also accepts) under a name the user chooses. Refuses archives over 10 MiB,
 * any entry other than meta.json and tls/<endpoint>/<file>, links, and path tricks; writes
 * nothing unless everything checks out.
 */
export async function importContext(store: ContextStore, file: string, name: string): Promise<void> {
  const problem = newNameProblem(store, name);
  if (problem) throw new ContextError(store.exists(name) ? 'already-exists' : 'invalid-name', problem);
  const stat = await fs.stat(file).catch((e: unknown) => {
    throw new ContextError('invalid-archive', l10n.t('Cannot read {0}: {1}', file, errorMessage(e)));
  });
  if (!stat.isFile()) throw new ContextError('invalid-archive', l10n.t('{0} is not a file.', file));
  if (stat.size > MAX_ARCHIVE_BYTES) {
    throw new ContextError('invalid-archive', l10n.t('{0} is {1} MiB; a context archive is at most 10 MiB.', file, (stat.size / 1048576).toFixed(1)));
  }
  const data = await fs.readFile(file);
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    throw new ContextError('invalid-archive', l10n.t('{0} is compressed; docker context export writes a plain tar (or a zip), so decompress it first.', file));
  }
  const entries = isZip(data) ? await readZip(data) : await readTar(data);
  let meta: ContextMeta | undefined;
  const tls: TlsFilesByEndpoint = {};
  for (const entry of entries) {
    if (entry.kind === 'dir' && TLS_DIR.test(entry.name)) continue;
    if (entry.kind !== 'file') throw new ContextError('invalid-archive', l10n.t('The archive holds "{0}", which is not a regular file; a context archive holds only files.', entry.name));
    if (entry.name === 'meta.json') {
      meta = parseMeta(entry.data!);
      continue;
    }
    const m = TLS_ENTRY.exec(entry.name);
    if (!m) throw new ContextError('invalid-archive', l10n.t('The archive holds "{0}"; a context archive holds only meta.json and tls/<endpoint>/<file>.', entry.name));
    (tls[m[1]] ??= {})[m[2]] = entry.data!;
  }
  if (!meta) throw new ContextError('invalid-archive', l10n.t('The archive has no meta.json: it is not a Docker context export.'));
  await store.create({ ...meta, Name: name }, Object.keys(tls).length ? tls : undefined);
}

function isZip(data: Buffer): boolean {
  return data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
}

function parseMeta(data: Buffer): ContextMeta {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw new ContextError('invalid-archive', l10n.t('meta.json in the archive is not valid JSON: {0}', errorMessage(e)));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ContextError('invalid-archive', l10n.t('meta.json in the archive does not hold an object.'));
  const meta = parsed as ContextMeta;
  if (meta.Endpoints !== undefined && (typeof meta.Endpoints !== 'object' || meta.Endpoints === null)) {
    throw new ContextError('invalid-archive', l10n.t('meta.json in the archive has no valid "Endpoints".'));
  }
  return meta;
}

/** Entry names as the archive spells them, checked for path tricks before anything else. */
function checkName(raw: string): string {
  const name = raw.replace(/^\.\//, '');
  if (name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '.') || /^[A-Za-z]:/.test(name) || name.includes('\0')) {
    throw new ContextError('invalid-archive', l10n.t('The archive holds an entry with a dangerous path ("{0}"); it was not imported.', raw));
  }
  return name;
}

function readTar(data: Buffer): Promise<ArchiveEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: ArchiveEntry[] = [];
    let failed = false;
    let total = 0;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      reject(e instanceof ContextError ? e : new ContextError('invalid-archive', l10n.t('The file is not a readable tar archive: {0}', errorMessage(e))));
    };
    const parser = new (tar().Parser)({
      strict: true,
      onReadEntry: (entry) => {
        try {
          const name = checkName(entry.path);
          total += entry.size ?? 0;
          if (total > MAX_ARCHIVE_BYTES) throw new ContextError('invalid-archive', l10n.t('The archive unpacks to more than 10 MiB.'));
          if (entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile') {
            const chunks: Buffer[] = [];
            entry.on('data', (c: Buffer) => chunks.push(c));
            entry.on('end', () => entries.push({ name, kind: 'file', data: Buffer.concat(chunks) }));
          } else {
            entries.push({ name, kind: entry.type === 'Directory' ? 'dir' : 'other' });
            entry.resume();
          }
        } catch (e) {
          entry.resume();
          fail(e);
        }
      },
    });
    parser.on('error', fail);
    parser.on('warn', (_code: string, message: string) => fail(new Error(message)));
    parser.on('end', () => {
      if (failed) return;
      if (entries.length === 0) fail(new Error('no entries'));
      else resolve(entries);
    });
    // `docker context export` stops right after the last file's bytes: no padding to the block
    // and no two zero blocks closing the archive (GNU tar calls it an unexpected EOF, while
    // `docker context import` reads it). Complete it, so it reads as the CLI means it; extra
    // zero blocks after a complete archive are ignored.
    parser.end(Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512 + 1024)]));
  });
}

function readZip(data: Buffer): Promise<ArchiveEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl().fromBuffer(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err) {
        reject(new ContextError('invalid-archive', l10n.t('The file is not a readable zip archive: {0}', err.message)));
        return;
      }
      const entries: ArchiveEntry[] = [];
      let total = 0;
      const fail = (e: unknown) => {
        zip.close();
        reject(e instanceof ContextError ? e : new ContextError('invalid-archive', l10n.t('The zip archive is damaged: {0}', errorMessage(e))));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: import('yauzl').Entry) => {
        let name: string;
        try {
          name = checkName(entry.fileName);
        } catch (e) {
          fail(e);
          return;
        }
        if (name.endsWith('/')) {
          entries.push({ name, kind: 'dir' });
          zip.readEntry();
          return;
        }
        const unixMode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (unixMode !== 0 && unixMode !== 0o100000) {
          entries.push({ name, kind: 'other' });
          zip.readEntry();
          return;
        }
        total += entry.uncompressedSize;
        if (total > MAX_ARCHIVE_BYTES) {
          fail(new ContextError('invalid-archive', l10n.t('The archive unpacks to more than 10 MiB.')));
          return;
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2) {
            fail(e2);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            entries.push({ name, kind: 'file', data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
