import * as l10n from '@vscode/l10n';
import { ContextError, errorMessage } from '../errors';
import { yauzl } from '../lazyModules';
import { ARCHIVE_LIMITS, ArchiveEntry, tooManyEntries, unpacksTooLarge } from './archiveEntries';

/** Reads a zip held in memory (the docker CLI also imports zips), within ARCHIVE_LIMITS. */
export function readZipEntries(data: Buffer, file: string): Promise<ArchiveEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl().fromBuffer(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true }, (err, zip) => {
      if (err) {
        reject(new ContextError('invalid-archive', l10n.t('{0} is not a readable zip archive ({1}). Export the context again.', file, err.message)));
        return;
      }
      if (zip.entryCount > ARCHIVE_LIMITS.entries) {
        zip.close();
        reject(tooManyEntries(file));
        return;
      }
      const entries: ArchiveEntry[] = [];
      let total = 0;
      let settled = false;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(e instanceof ContextError ? e : new ContextError('invalid-archive', l10n.t('{0} is a damaged zip archive ({1}). Export the context again.', file, errorMessage(e))));
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(entries);
      });
      zip.on('entry', (entry: import('yauzl').Entry) => {
        const name = entry.fileName;
        if (name.endsWith('/')) {
          entries.push({ name, kind: 'dir' });
          zip.readEntry();
          return;
        }
        const unixMode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (unixMode !== 0 && unixMode !== 0o100000) {
          entries.push({ name, kind: unixMode === 0o040000 ? 'dir' : 'other' });
          zip.readEntry();
          return;
        }
        total += entry.uncompressedSize;
        if (total > ARCHIVE_LIMITS.unpackedBytes) {
          fail(unpacksTooLarge(file));
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
