import * as l10n from '@vscode/l10n';
import * as path from 'path';
import { ContextError, ContextErrorKind, errorCode } from './errors';

/**
 * A failure to write `target` (or a temporary file beside it) as a message that names the
 * person's file or folder and says what to do; never the raw errno text, which names our
 * temporary file.
 */
export function cannotWrite(target: string, e: unknown, kind: ContextErrorKind = 'cannot-write'): Error {
  if (e instanceof ContextError || (e as Error)?.name === 'AbortError') return e as Error;
  const dir = path.dirname(target);
  switch (errorCode(e)) {
    case 'EACCES':
    case 'EPERM':
      return new ContextError(kind, l10n.t('Cannot write {0}: permission denied in the folder {1}. Choose a folder you can write to.', target, dir));
    case 'ENOENT':
      return new ContextError(kind, l10n.t('Cannot write {0}: the folder {1} does not exist. Create it first, or choose another folder.', target, dir));
    case 'ENOTDIR':
      return new ContextError(kind, l10n.t('Cannot write {0}: part of the path {1} is a file, not a folder. Choose another folder.', target, dir));
    case 'EISDIR':
      return new ContextError(kind, l10n.t('Cannot write {0}: it is a folder. Choose a file name.', target));
    case 'ENAMETOOLONG':
      return new ContextError(kind, l10n.t('Cannot write {0}: the name is too long for the file system. Choose a shorter name.', target));
    case 'ENOSPC':
    case 'EDQUOT':
      return new ContextError(kind, l10n.t('Cannot write {0}: the disk holding {1} is full. Free some space, or choose another folder.', target, dir));
    case 'EROFS':
      return new ContextError(kind, l10n.t('Cannot write {0}: the folder {1} is on a read-only file system. Choose another folder.', target, dir));
    default:
      return new ContextError(kind, l10n.t('Cannot write {0} ({1}). Choose another folder, or try again.', target, errorCode(e) ?? l10n.t('unknown error')));
  }
}
