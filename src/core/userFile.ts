import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, statSync } from 'fs';
import * as l10n from '@vscode/l10n';
import { ContextError, ContextErrorKind, errorCode, errorMessage } from './errors';

/**
 * How large each kind of file a person names may be. Real ones are far smaller; the bounds keep
 * a wrong choice (a disk image, a log) from filling memory or stalling the extension host.
 */
export const FILE_LIMITS = {
  /** A CA certificate or a bundle of them. */
  caBundle: 512 * 1024,
  /** A certificate, with its chain. */
  certificate: 256 * 1024,
  /** A private key. */
  key: 64 * 1024,
  /** A context archive of `docker context export`: the docker CLI's own bound for `docker context import`. */
  archive: 10 * 1024 * 1024,
  /** A context's meta.json in the store (a few hundred bytes when real). */
  contextMeta: 1024 * 1024,
  /** The docker CLI's config.json (credentials helpers, auths, plugins' settings). */
  dockerConfig: 4 * 1024 * 1024,
  /** An ssh_config file or one it includes. */
  sshConfig: 1024 * 1024,
  /** A known_hosts file (a few hundred bytes a host). */
  knownHosts: 16 * 1024 * 1024,
} as const;

/** A file a person named that cannot be used; `code` is the system's (`ENOENT`…) when opening it failed. */
export class UserFileError extends ContextError {
  constructor(
    kind: ContextErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(kind, message);
  }
}

export interface UserFileOptions {
  /** What the file is, in words for the message ("CA certificate"). */
  readonly what: string;
  /** The largest size accepted, in bytes. */
  readonly maxBytes: number;
  /** The error kind thrown when the file cannot be used. */
  readonly kind: ContextErrorKind;
  readonly signal?: AbortSignal;
}

// Opening a FIFO for reading waits for a writer, holding one of libuv's four threads for ever;
// with O_NONBLOCK the open returns at once and fstat then says what the file is.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file a person named (or a hostile store holds), asynchronously and only if it is a
 * regular file (a symbolic link to one is fine) of at most `maxBytes`. Anything else (missing,
 * unreadable, a folder, a FIFO, a device, a socket, too large) is a ContextError of `kind` that
 * names the file and says what to do. Never blocks on a FIFO or a device.
 */
export async function readUserFile(file: string, options: UserFileOptions): Promise<Buffer> {
  const { what, maxBytes, kind, signal } = options;
  signal?.throwIfAborted();
  if (typeof file !== 'string' || file === '' || file.includes('\0')) {
    throw new UserFileError(kind, l10n.t('The {0} must be a path to a file.', what));
  }
  let handle: fs.FileHandle;
  try {
    // On Windows there is no O_NONBLOCK: a stat first keeps pipes and devices out.
    if (constants.O_NONBLOCK === undefined) refuseNonRegular(file, await fs.stat(file), options);
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (e) {
    if (e instanceof ContextError) throw e;
    throw new UserFileError(kind, openProblem(file, what, e), errorCode(e));
  }
  try {
    const stat = await handle.stat();
    refuseNonRegular(file, stat, options);
    if (stat.size > maxBytes) throw tooLarge(file, options);
    // Read up to one byte past the bound: a file that grows after the stat is still caught.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(file, options);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof ContextError || (e as Error)?.name === 'AbortError') throw e;
    throw new UserFileError(kind, l10n.t('The {0} {1} cannot be read ({2}).', what, file, errorMessage(e)), errorCode(e));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * `readUserFile` for the store's own small files (meta.json), read by the thousand when the
 * explorer lists a store: the same checks in a handful of system calls that cannot block, since
 * the open is non-blocking and a FIFO or a device is refused before any read. (Through the
 * thread pool, four round trips a file made listing 1,000 contexts ten times slower.)
 */
export function readUserFileSync(file: string, options: Omit<UserFileOptions, 'signal'>): Buffer {
  const { what, maxBytes, kind } = options;
  let fd: number;
  try {
    if (constants.O_NONBLOCK === undefined) refuseNonRegular(file, statSync(file), options);
    fd = openSync(file, OPEN_FLAGS);
  } catch (e) {
    if (e instanceof ContextError) throw e;
    throw new UserFileError(kind, openProblem(file, what, e), errorCode(e));
  }
  try {
    const stat = fstatSync(fd);
    refuseNonRegular(file, stat, options);
    if (stat.size > maxBytes) throw tooLarge(file, options);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(file, options);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof ContextError) throw e;
    throw new UserFileError(kind, l10n.t('The {0} {1} cannot be read ({2}).', what, file, errorMessage(e)), errorCode(e));
  } finally {
    closeSync(fd);
  }
}

/** `readUserFile` as text. */
export async function readUserText(file: string, options: UserFileOptions): Promise<string> {
  return (await readUserFile(file, options)).toString('utf8');
}

/** What sort of file a stat describes, in words, when it is not a regular file. */
export function fileSort(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string | undefined {
  if (stat.isDirectory()) return l10n.t('a folder');
  if (stat.isFIFO()) return l10n.t('a named pipe (FIFO)');
  if (stat.isSocket()) return l10n.t('a socket');
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return l10n.t('a device');
  return undefined;
}

function refuseNonRegular(file: string, stat: import('fs').Stats, options: UserFileOptions): void {
  if (stat.isFile()) return;
  const sort = fileSort(stat) ?? l10n.t('not a regular file');
  throw new UserFileError(options.kind, l10n.t('The {0} {1} is {2}, not a file. Choose the {0} file itself.', options.what, file, sort));
}

function tooLarge(file: string, options: UserFileOptions): ContextError {
  return new UserFileError(
    options.kind,
    l10n.t('The {0} {1} is larger than {2} KiB, far larger than a {0} is. Check that you chose the right file.', options.what, file, Math.round(options.maxBytes / 1024)),
  );
}

function openProblem(file: string, what: string, e: unknown): string {
  switch (errorCode(e)) {
    case 'ENOENT':
      return l10n.t('The {0} {1} does not exist.', what, file);
    case 'EACCES':
    case 'EPERM':
      return l10n.t('The {0} {1} cannot be read: permission denied. Give your user read access to it, or choose a copy you can read.', what, file);
    case 'ENOTDIR':
      return l10n.t('The {0} {1} does not exist: part of its path is a file, not a folder.', what, file);
    case 'ELOOP':
      return l10n.t('The {0} {1} is a loop of symbolic links.', what, file);
    default:
      return l10n.t('The {0} {1} cannot be read ({2}).', what, file, errorMessage(e));
  }
}
