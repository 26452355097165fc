import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { ContextsModel } from './contextsModel';
import { processEnvironment } from './core/store/dockerConfigDir';
import { Logger } from './logger';
import { pingCurrentContextOnChange } from './ping/pingCurrentContext';
import { PingService } from './ping/pingService';
import { SshPrompts } from './ssh/sshPrompts';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { ContextsView } from './tree/contextsView';

/** What `activate` returns: the live parts, for the extension's own host tests and for other extensions. */
export interface DockerContextsApi {
  readonly model: ContextsModel;
  readonly pings: PingService;
  readonly view: ContextsView;
  readonly statusBar: ContextStatusBar;
}

export function activate(context: vscode.ExtensionContext): DockerContextsApi {
  const logger = new Logger('Docker Remote Contexts');
  context.subscriptions.push(logger);

  const environment = processEnvironment();
  const model = new ContextsModel(environment, logger);
  const pings = new PingService(model, environment, logger);
  context.subscriptions.push(model, pings);
  logger.info('store', `Docker config folder: ${model.store.configDir}`);

  const view = new ContextsView(model, pings);
  const statusBar = new ContextStatusBar(model, pings);
  const sshPrompts = new SshPrompts(context.secrets, logger);
  context.subscriptions.push(view, statusBar, pingCurrentContextOnChange(model, pings), ...registerCommands({ model, logger, pings, sshPrompts }));

  const setEmpty = () =>
    void model.snapshot().then((s) => vscode.commands.executeCommand('setContext', 'dockerContexts.storeEmpty', s.listing.contexts.length <= 1 && s.listing.broken.length === 0));
  context.subscriptions.push(model.onDidChange(setEmpty));
  setEmpty();
  model.watch();

  return { model, pings, view, statusBar };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
