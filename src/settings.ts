import * as vscode from 'vscode';

/** Every setting of the extension, typed, with its default. Read through here only. */
export interface Settings {
  /** How long a ping may take before it counts as a timeout. */
  readonly pingTimeoutMs: number;
  /** How long an unused connection to an engine (SSH or not) stays open for the next ping. */
  readonly idleConnectionTimeoutMs: number;
  /** `global` rewrites currentContext as `docker context use` does; `window` sets DOCKER_CONTEXT for this window's terminals only. */
  readonly switchScope: 'global' | 'window';
  /** Where generated certificates go inside a workspace (a subfolder per host is added). */
  readonly certificatesFolder: string;
  /** Warn this many days before a TLS context's certificates expire. */
  readonly expiryWarningDays: number;
  /** Ping the contexts whose reachability is not known yet while the Contexts view is visible. */
  readonly pingOnOpen: boolean;
  /** Which SSH client serves ssh:// contexts: OpenSSH when a recent one is installed, always, or the built-in one. */
  readonly sshClient: 'auto' | 'openssh' | 'builtin';
}

const SECTION = 'dockerContexts';

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    pingTimeoutMs: clamp(c.get<number>('pingTimeoutMs', 5000), 100, 120000),
    idleConnectionTimeoutMs: clamp(c.get<number>('idleConnectionTimeoutMs', 60000), 0, 3600000),
    switchScope: c.get<string>('switchScope') === 'window' ? 'window' : 'global',
    certificatesFolder: c.get<string>('certificatesFolder', '.docker-certs') || '.docker-certs',
    expiryWarningDays: clamp(c.get<number>('expiryWarningDays', 30), 0, 3650),
    pingOnOpen: c.get<boolean>('pingOnOpen', true) !== false,
    sshClient: oneOf(c.get<string>('sshClient'), ['auto', 'openssh', 'builtin'] as const, 'auto'),
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

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
