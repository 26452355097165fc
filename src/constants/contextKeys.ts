/**
 * The names the manifest's `when` clauses and the code share: our context keys, our views and the
 * `contextValue` of the Contexts view's rows. scripts/checks.js checks every `when` clause of
 * package.json against this file. Plain data only, so the checks can load it.
 */

/** Context keys the extension sets with `setContext`. */
export const ContextKeys = {
  /** True while the store holds no context but `default` and no damaged entry: the welcome view shows. */
  storeEmpty: 'dockerContexts.storeEmpty',
} as const;

export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

export const Views = {
  contexts: 'dockerContexts.contexts',
  gettingStarted: 'dockerContexts.gettingStarted',
} as const;

/**
 * `viewItem` of the Contexts view's rows, as menus match them: the kind of row, then `.ssh` or
 * `.tls` for a context whose engine is reached that way (SSH-only and TLS-only commands).
 */
export const RowKinds = {
  context: 'context',
  current: 'context.current',
  default: 'context.default',
  contextSsh: 'context.ssh',
  currentSsh: 'context.current.ssh',
  defaultSsh: 'context.default.ssh',
  contextTls: 'context.tls',
  currentTls: 'context.current.tls',
  defaultTls: 'context.default.tls',
  broken: 'broken',
  /** A line of an engine's details under its context, a warning of the engine, or why there are no details. */
  engineDetail: 'engine.detail',
  engineWarning: 'engine.warning',
  engineFailure: 'engine.failure',
} as const;

/** The editor's own context keys that our `when` clauses may use. */
export const EDITOR_CONTEXT_KEYS: readonly string[] = ['view', 'viewItem'];

/** The status bar item's id (its place is remembered by it). */
export const STATUS_BAR_ID = 'dockerContexts.current';

/** The id of the status bar item of the open local doors. */
export const DOOR_STATUS_BAR_ID = 'dockerContexts.doors';
