// First, so that it runs before any other module of the bundle.
import { loadStarted } from './loadClock';
import * as l10n from '@vscode/l10n';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { INSPECT_SCHEME, InspectDocumentProvider } from './commands/inspectContext';
import { registerCommands } from './commands/registerCommands';
import { ContextsModel } from './contextsModel';
import { processEnvironment } from './core/store/dockerConfigDir';
import { Logger } from './logger';
import { pingCurrentContextOnChange } from './ping/pingCurrentContext';
import { pingUnknownWhileVisible } from './ping/pingOnOpen';
import { PingService } from './ping/pingService';
import { onDidChangeSettings, readSettings } from './settings';
import { SshPrompts } from './ssh/sshPrompts';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { ContextsView } from './tree/contextsView';
import { WindowContext } from './windowContext';

/** What `activate` returns: the live parts, for the extension's own host tests and for other extensions. */
export interface DockerContextsApi {
  readonly model: ContextsModel;
  readonly pings: PingService;
  readonly view: ContextsView;
  readonly statusBar: ContextStatusBar;
  readonly windowContext: WindowContext;
  /** How long `activate` itself took, in milliseconds (for the benchmark). */
  readonly activationMs: number;
  /** `performance.now()` when the bundle began to load, when it had loaded, and when activate began and ended. */
  readonly timings: { readonly loadStarted: number; readonly loaded: number; readonly activateStarted: number; readonly activateEnded: number };
}

const loaded = performance.now();

export function activate(context: vscode.ExtensionContext): DockerContextsApi {
  const started = performance.now();
  // The core's messages go through @vscode/l10n; hand it the display language's bundle, if one is installed.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const logger = new Logger('Docker Remote Contexts');
  context.subscriptions.push(logger);

  const environment = processEnvironment();
  const model = new ContextsModel(environment, logger);
  const pings = new PingService(model, environment, logger);
  const windowContext = new WindowContext(context.environmentVariableCollection, context.workspaceState);
  context.subscriptions.push(model, pings, windowContext);
  logger.info('store', `Docker config folder: ${model.store.configDir}`);
  if (readSettings().switchScope === 'window' && windowContext.name) void model.setWindowChoice(windowContext.name);
  context.subscriptions.push(
    onDidChangeSettings((s) => {
      if (s.switchScope === 'global' && windowContext.name) {
        void windowContext.set(undefined).then(() => model.setWindowChoice(undefined));
      }
    }),
  );

  const view = new ContextsView(model, pings);
  const statusBar = new ContextStatusBar(model, pings);
  const sshPrompts = new SshPrompts(context.secrets, logger);
  const inspectDocuments = new InspectDocumentProvider(model.store);
  context.subscriptions.push(
    view,
    statusBar,
    inspectDocuments,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocuments),
    model.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === INSPECT_SCHEME) inspectDocuments.refresh(doc.uri);
    }),
    pingCurrentContextOnChange(model, pings),
    pingUnknownWhileVisible(view.treeView, model, pings, logger),
    ...registerCommands({ model, logger, pings, sshPrompts, windowContext, inspectDocuments }),
  );

  const setEmpty = () =>
    void model.snapshot().then((s) => vscode.commands.executeCommand('setContext', 'dockerContexts.storeEmpty', s.listing.contexts.length <= 1 && s.listing.broken.length === 0));
  context.subscriptions.push(model.onDidChange(setEmpty));
  setEmpty();
  model.watch();
  // A large store is watched for added and removed contexts only: read it again on focus too.
  context.subscriptions.push(vscode.window.onDidChangeWindowState((w) => w.focused && void model.refresh()));

  const ended = performance.now();
  const activationMs = ended - started;
  logger.info('activation', `loaded in ${(loaded - loadStarted).toFixed(1)} ms, activated in ${activationMs.toFixed(1)} ms`);
  return { model, pings, view, statusBar, windowContext, activationMs, timings: { loadStarted, loaded, activateStarted: started, activateEnded: ended } };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
