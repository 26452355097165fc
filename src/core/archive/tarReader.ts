import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { tar } from '../lazyModules';
import { ARCHIVE_LIMITS, ArchiveEntry, tooManyEntries, unpacksTooLarge } from './archiveEntries';

const BLOCK = 512;

/**
 * Reads a tar held in memory the way Go's archive/tar reads it for `docker context import`, so
 * both accept the same files:
 * - the archive may stop right after a file's data (`docker context export` writes no padding
 *   and no closing blocks), after a header, or after its two zero blocks (anything after them
 *   is ignored);
 * - it may not stop inside a header or inside a file's data: that is a truncated archive;
 * - a zero block followed by anything but a second zero block (or the end) is damage.
 * PAX records (`path`, `size`) and GNU long names apply to the next header. Reading stops at
 * once past ARCHIVE_LIMITS, so a huge or many-entry archive costs nothing.
 */
export function readTarEntries(data: Buffer, file: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let off = 0;
  let headers = 0;
  let unpacked = 0;
  let pending: { path?: string; size?: number } = {};
  const truncated = () => new ContextError('invalid-archive', l10n.t('{0} is cut short: it ends in the middle of an entry, so part of the context is missing. Export the context again, or copy the whole file.', file));
  const damaged = () => new ContextError('invalid-archive', l10n.t('{0} is damaged: it holds a block that is not a tar header. Export the context again.', file));
  for (;;) {
    if (off === data.length) break;
    if (data.length - off < BLOCK) throw truncated();
    if (isZeroBlock(data, off)) {
      const next = off + BLOCK;
      if (next === data.length) break;
      if (data.length - next < BLOCK) throw truncated();
      if (isZeroBlock(data, next)) break;
      throw damaged();
    }
    if (++headers > ARCHIVE_LIMITS.entries) throw tooManyEntries(file);
    const header = new (tar().Header)(data, off);
    if (!header.cksumValid) throw damaged();
    const type = header.type;
    const headerOnly = type === 'Directory' || type === 'SymbolicLink' || type === 'Link' || type === 'CharacterDevice' || type === 'BlockDevice' || type === 'FIFO';
    const size = headerOnly ? 0 : (pending.size ?? header.size ?? 0);
    if (!Number.isSafeInteger(size) || size < 0) throw damaged();
    const start = off + BLOCK;
    if (size > data.length - start) throw truncated();
    unpacked += size;
    if (unpacked > ARCHIVE_LIMITS.unpackedBytes) throw unpacksTooLarge(file);
    const body = data.subarray(start, start + size);
    const name = pending.path ?? header.path ?? '';
    pending = {};
    if (type === 'ExtendedHeader') pending = paxRecords(body);
    else if (type === 'GNUDumpDir' || type === 'GlobalExtendedHeader' || type === 'NextFileHasLongLinkpath') {
      // Nothing the CLI reads: skipped as it skips them.
    } else if (type === 'NextFileHasLongPath') pending = { path: body.toString('utf8').replace(/\0.*$/s, '') };
    else if ((type === 'File' || type === 'OldFile') && !(type === 'OldFile' && name.endsWith('/'))) entries.push({ name, kind: 'file', data: Buffer.from(body) });
    else if (type === 'Directory' || type === 'OldFile') entries.push({ name, kind: 'dir' });
    else entries.push({ name, kind: 'other' });
    // Padding to the block may be missing at the end: the archive then ends there.
    const padded = start + Math.ceil(size / BLOCK) * BLOCK;
    if (padded >= data.length) break;
    off = padded;
  }
  return entries;
}

function isZeroBlock(data: Buffer, off: number): boolean {
  for (let i = off; i < off + BLOCK; i++) if (data[i] !== 0) return false;
  return true;
}

/** The `path` and `size` of a PAX extended header ("<length> <key>=<value>\n" records). */
function paxRecords(body: Buffer): { path?: string; size?: number } {
  const result: { path?: string; size?: number } = {};
  let off = 0;
  while (off < body.length) {
    const space = body.indexOf(0x20, off);
    const length = space > off ? Number(body.toString('ascii', off, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= 0 || off + length > body.length) {
      throw new ContextError('invalid-archive', l10n.t('The archive holds a damaged PAX header. Export the context again.'));
    }
    const record = body.toString('utf8', space + 1, off + length).replace(/\n$/, '');
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') result.path = value;
    if (key === 'size') {
      const size = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(size)) throw new ContextError('invalid-archive', l10n.t('The archive holds a damaged PAX header. Export the context again.'));
      result.size = size;
    }
    off += length;
  }
  return result;
}
