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
