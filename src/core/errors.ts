/**
 * Errors the core throws. The editor side turns `kind` into a message and a next step;
 * `message` is already written for a person to read.
 */
export type ContextErrorKind =
  | 'invalid-name'
  | 'reserved-name'
  | 'not-found'
  | 'already-exists'
  | 'in-use'
  | 'config-unreadable'
  | 'store-unreadable'
  | 'invalid-host'
  | 'invalid-tls-material'
  | 'file-exists'
  /** A file the person chose cannot be written (permissions, a missing folder, a full disk). */
  | 'cannot-write'
  | 'invalid-archive'
  | 'invalid-argument'
  | 'unreadable-file'
  | 'cancelled';

export class ContextError extends Error {
  constructor(
    readonly kind: ContextErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ContextError';
  }
}

export function isContextError(e: unknown, kind?: ContextErrorKind): e is ContextError {
  return e instanceof ContextError && (kind === undefined || e.kind === kind);
}

/**
 * Whether `e` is a cancellation, in any of the forms one reaches us: our own `cancelled`
 * ContextError (a person closed a prompt), an `AbortError` (an AbortSignal fired: Cancel on a
 * progress notification, a deactivation) or VS Code's `CancellationError` (named `Canceled`).
 * A cancellation is never an error to show.
 */
export function isCancellation(e: unknown): boolean {
  if (isContextError(e, 'cancelled')) return true;
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'Canceled';
}

/** Error text for logs and messages, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** The `code` of a Node system error (`ENOENT`, `EACCES`…), if there is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
