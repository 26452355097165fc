import * as vscode from 'vscode';
import { CertificateWarnings } from './certificateWarnings';
import { TestCommands } from './constants/commands';
import { RunningProgress } from './commands/withCancellableProgress';
import { ContextsModel } from './contextsModel';
import { PingService } from './ping/pingService';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { ContextsView } from './tree/contextsView';
import { SwitchScope } from './switchScope';
import { WindowContext } from './windowContext';
import { Logger } from './logger';
import { EngineInfoService } from './engine/engineInfoService';
import { HealthWatch } from './watch/healthWatch';
import { DoorService } from './door/doorService';
import { DoorStatusBar } from './door/doorStatusBar';

/** The live parts of a running extension, for its own host tests and benchmark only: never part of the API. */
export interface ExtensionInternals {
  readonly model: ContextsModel;
  readonly pings: PingService;
  readonly view: ContextsView;
  readonly statusBar: ContextStatusBar;
  readonly windowContext: WindowContext;
  /** Its `workspaceContext` and `containerTools` (whose `replaceDependencies` lets a test stand in for the editor). */
  readonly switchScope: SwitchScope;
  readonly logger: Logger;
  /** Its `onDidWarn` fires as each certificate warning notification is shown. */
  readonly certificateWarnings: CertificateWarnings;
  /** The health watch: `onDidNotify` fires as each down or up notification is shown; `simulateFocus` stands in for the window's focus. */
  readonly watch: HealthWatch;
  /** Fires as a cancellable progress notification starts; its `cancel()` does what the Cancel button does. */
  readonly onProgressStarted: vscode.Event<RunningProgress>;
  /** How long `activate` itself took, in milliseconds. */
  readonly activationMs: number;
  /** `performance.now()` when the bundle began to load, when it had loaded, and when activate began and ended. */
  readonly timings: { readonly loadStarted: number; readonly loaded: number; readonly activateStarted: number; readonly activateEnded: number };
  /** The engine details kept per context. */
  readonly engines: EngineInfoService;
  /** The local doors, and their status bar item. */
  readonly doors: DoorService;
  readonly doorStatusBar: DoorStatusBar;
}

/**
 * In the Test extension mode only (a host running this extension's tests), a command that hands
 * the tests the live internals; other extensions and a packaged extension never see it.
 */
export function offerInternalsToTests(mode: vscode.ExtensionMode, internals: () => ExtensionInternals): vscode.Disposable {
  if (mode !== vscode.ExtensionMode.Test) return new vscode.Disposable(() => undefined);
  return vscode.commands.registerCommand(TestCommands.internals, internals);
}
