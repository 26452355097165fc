// First, so that it runs before any other module of the bundle.
import { loadStarted } from './loadClock';
import * as l10n from '@vscode/l10n';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { DockerContextsApiV1, createApi } from './api/dockerContextsApi';
import { CertificateWarnings } from './certificateWarnings';
import { registerCommands } from './commands/registerCommands';
import { trackStoreEmpty } from './contextKeys';
import { ContextsModel } from './contextsModel';
import { processEnvironment } from './core/store/dockerConfigDir';
import { EngineInfoService } from './engine/engineInfoService';
import { InspectDocuments } from './inspect/inspectDocuments';
import { Logger } from './logger';
import { pingCurrentContextOnChange } from './ping/pingCurrentContext';
import { pingUnknownWhileVisible } from './ping/pingOnOpen';
import { PingService } from './ping/pingService';
import { SshPrompts } from './ssh/sshPrompts';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { onProgressStarted } from './commands/withCancellableProgress';
import { offerInternalsToTests } from './testInternals';
import { ContextsView } from './tree/contextsView';
import { WindowContext } from './windowContext';
import { WorkspaceContext } from './workspaceContext';
import { ContainerToolsSync } from './containerTools';
import { SwitchScope } from './switchScope';
import { HealthWatch } from './watch/healthWatch';
import { DoorService } from './door/doorService';
import { DoorStatusBar } from './door/doorStatusBar';

export type { DockerContextInfo, DockerContextsApiV1, CurrentContextInfo, PingOutcome } from './api/dockerContextsApi';
export type { ExtensionInternals } from './testInternals';

const loaded = performance.now();

/** Builds the services, the views and the commands; everything goes on `context.subscriptions`. */
export function activate(context: vscode.ExtensionContext): DockerContextsApiV1 {
  const started = performance.now();
  // The core's messages go through @vscode/l10n; hand it the display language's bundle, if one is installed.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const logger = new Logger('Docker Remote Contexts');
  context.subscriptions.push(logger);

  const environment = processEnvironment();
  const model = new ContextsModel(environment, logger);
  const pings = new PingService(model, environment, logger, context.asAbsolutePath('dist/askpass-main.js'));
  const windowContext = new WindowContext(context.environmentVariableCollection, context.workspaceState);
  const workspaceContext = new WorkspaceContext(context.environmentVariableCollection, context.workspaceState);
  const containerTools = new ContainerToolsSync(context.workspaceState, context.globalState, logger);
  const sshPrompts = new SshPrompts(context.secrets, logger);
  logger.info('store', `Docker config folder: ${model.store.configDir}`);
  context.subscriptions.push(model, pings, windowContext, workspaceContext, containerTools);
  const switchScope = new SwitchScope(model, windowContext, workspaceContext, containerTools, logger);
  context.subscriptions.push(switchScope);
  // The doors close on deactivation, their sockets removed.
  const doors = new DoorService(model, pings, logger);
  const doorStatusBar = new DoorStatusBar(doors);
  context.subscriptions.push(doors, doorStatusBar);

  const engines = new EngineInfoService(model, pings, logger);
  context.subscriptions.push(engines);
  const watch = new HealthWatch(model, pings, logger);
  const view = new ContextsView(model, pings, engines, watch, doors);
  const statusBar = new ContextStatusBar(model, pings, switchScope);
  const certificateWarnings = new CertificateWarnings(model, pings, context.globalState, logger);
  context.subscriptions.push(
    watch,
    view,
    statusBar,
    certificateWarnings,
    new InspectDocuments(model, pings, engines),
    trackStoreEmpty(model),
    pingCurrentContextOnChange(model, pings),
    pingUnknownWhileVisible(view.treeView, model, pings, logger),
    ...registerCommands({ model, logger, pings, sshPrompts, windowContext, switchScope, engines, doors }),
  );
  model.watch();

  const ended = performance.now();
  const activationMs = ended - started;
  logger.info('activation', `loaded in ${(loaded - loadStarted).toFixed(1)} ms, activated in ${activationMs.toFixed(1)} ms`);
  const timings = { loadStarted, loaded, activateStarted: started, activateEnded: ended };
  context.subscriptions.push(offerInternalsToTests(context.extensionMode, () => ({ model, pings, view, statusBar, windowContext, switchScope, logger, certificateWarnings, watch, onProgressStarted, activationMs, timings, engines, doors, doorStatusBar })));
  return createApi(model, pings);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
