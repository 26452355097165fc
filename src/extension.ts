import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { ContextsModel } from './contextsModel';
import { processEnvironment } from './core/store/dockerConfigDir';
import { Logger } from './logger';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { ContextsView } from './tree/contextsView';

/** What `activate` returns: the live parts, for the extension's own host tests and for other extensions. */
export interface DockerContextsApi {
  readonly model: ContextsModel;
  readonly view: ContextsView;
  readonly statusBar: ContextStatusBar;
}

export function activate(context: vscode.ExtensionContext): DockerContextsApi {
  const logger = new Logger('Docker Remote Contexts');
  context.subscriptions.push(logger);

  const model = new ContextsModel(processEnvironment(), logger);
  context.subscriptions.push(model);
  logger.info('store', `Docker config folder: ${model.store.configDir}`);

  const view = new ContextsView(model);
  const statusBar = new ContextStatusBar(model);
  context.subscriptions.push(view, statusBar, ...registerCommands({ model, logger }));

  const setEmpty = () =>
    void model.snapshot().then((s) => vscode.commands.executeCommand('setContext', 'dockerContexts.storeEmpty', s.listing.contexts.length <= 1 && s.listing.broken.length === 0));
  context.subscriptions.push(model.onDidChange(setEmpty));
  setEmpty();
  model.watch();

  return { model, view, statusBar };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
