import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { FILE_LIMITS } from '../userFile';

/**
 * What a context archive may hold. `docker context export` writes meta.json, a `tls` folder
 * and per endpoint a folder with its few files (ca.pem, cert.pem, key.pem): a handful of
 * entries and a few KiB. The bounds leave room for many endpoints and large CA bundles, and
 * keep a huge or crafted archive from stalling the extension host.
 */
export const ARCHIVE_LIMITS = {
  /** The archive file. */
  archiveBytes: FILE_LIMITS.archive,
  /** Entries (headers) in the archive: folders and files together. */
  entries: 64,
  /** Bytes of all files once unpacked (the bound of a zip's content). */
  unpackedBytes: 10 * 1024 * 1024,
} as const;

export interface ArchiveEntry {
  readonly name: string;
  readonly kind: 'file' | 'dir' | 'other';
  readonly data?: Buffer;
}

export function tooManyEntries(file: string): ContextError {
  return new ContextError(
    'invalid-archive',
    l10n.t('{0} holds more than {1} entries; a context archive of docker context export holds a handful (meta.json and a few TLS files). Check that you chose the right file.', file, ARCHIVE_LIMITS.entries),
  );
}

export function unpacksTooLarge(file: string): ContextError {
  return new ContextError('invalid-archive', l10n.t('{0} unpacks to more than {1} MiB; a context archive holds a few KiB. Check that you chose the right file.', file, ARCHIVE_LIMITS.unpackedBytes / 1048576));
}
