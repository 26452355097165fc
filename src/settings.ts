import * as vscode from 'vscode';
import { WatchSetting, parseWatchSetting } from './core/watch/watchSetting';

/** Every setting of the extension, typed, with its default. Read through here only. */
export interface Settings {
  /** How long a ping may take before it counts as a timeout. */
  readonly pingTimeoutMs: number;
  /** How long an unused connection to an engine (SSH or not) stays open for the next ping. */
  readonly idleConnectionTimeoutMs: number;
  /**
   * `global` rewrites currentContext as `docker context use` does; `window` sets DOCKER_CONTEXT for
   * this window's terminals only; `workspace` remembers the choice with the workspace and sets
   * DOCKER_CONTEXT for its folders' terminals.
   */
  readonly switchScope: 'global' | 'window' | 'workspace';
  /** Where generated certificates go inside a workspace (a subfolder per host is added). */
  readonly certificatesFolder: string;
  /** Warn this many days before a TLS context's certificates expire. */
  readonly expiryWarningDays: number;
  /** Ping the contexts whose reachability is not known yet while the Contexts view is visible. */
  readonly pingOnOpen: boolean;
  /** Which SSH client serves ssh:// contexts: OpenSSH when a recent one is installed, always, or the built-in one. */
  readonly sshClient: 'auto' | 'openssh' | 'builtin';
  /** Which contexts the health watch pings in the background: none, the current one, or those named; with why a wrong value was refused. */
  readonly watch: WatchSetting;
  /** How often the health watch pings each watched context, in seconds. */
  readonly watchIntervalSeconds: number;
}

/** The bounds of dockerContexts.watchIntervalSeconds, as the manifest declares them. */
export const WATCH_INTERVAL_SECONDS = { min: 2, max: 3600, fallback: 60 } as const;

const SECTION = 'dockerContexts';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    pingTimeoutMs: integer(c.get<unknown>('pingTimeoutMs'), { min: 100, max: 120000, fallback: 5000 }),
    idleConnectionTimeoutMs: integer(c.get<unknown>('idleConnectionTimeoutMs'), { min: 0, max: 3600000, fallback: 60000 }),
    switchScope: oneOf(c.get<string>('switchScope'), ['global', 'window', 'workspace'] as const, 'global'),
    certificatesFolder: c.get<string>('certificatesFolder', '.docker-certs') || '.docker-certs',
    expiryWarningDays: integer(c.get<unknown>('expiryWarningDays'), { min: 0, max: 3650, fallback: 30 }),
    pingOnOpen: c.get<boolean>('pingOnOpen', true) !== false,
    sshClient: oneOf(c.get<string>('sshClient'), ['auto', 'openssh', 'builtin'] as const, 'auto'),
    watch: parseWatchSetting(c.get<unknown>('watch')),
    watchIntervalSeconds: integer(c.get<unknown>('watchIntervalSeconds'), WATCH_INTERVAL_SECONDS),
  };
}

/** Calls `listener` with fresh settings whenever one of ours changes. */
export function onDidChangeSettings(listener: (s: Settings) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) listener(readSettings());
  });
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}

/**
 * A whole number within the bounds the manifest declares: a fraction (2500.5, written by hand in
 * settings.json) is rounded, a number out of bounds is brought within them, and anything that is
 * not a finite number (a string, null, Infinity) gives the default.
 */
export function integer(value: unknown, bounds: { readonly min: number; readonly max: number; readonly fallback: number }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
}
