import * as vscode from 'vscode';
import { ContextsModel } from './contextsModel';
import { Disposable } from './lifecycle';
import { onDidChangeSettings, readSettings } from './settings';

const STATE_KEY = 'dockerContexts.windowContext';

/**
 * The context chosen for this window only (setting dockerContexts.switchScope = "window"):
 * DOCKER_CONTEXT in this window's integrated terminals, through the environment variable
 * collection, while config.json keeps the global choice. Remembered per workspace.
 */
export class WindowContext extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly state: vscode.Memento,
  ) {
    super();
    collection.description = new vscode.MarkdownString(vscode.l10n.t('Sets DOCKER_CONTEXT to the Docker context chosen for this window.'));
    this.apply(this.name);
  }

  get name(): string | undefined {
    return this.state.get<string>(STATE_KEY);
  }

  async set(name: string | undefined): Promise<void> {
    await this.state.update(STATE_KEY, name);
    this.apply(name);
    this.changed.fire(name);
  }

  private apply(name: string | undefined): void {
    if (name) this.collection.replace('DOCKER_CONTEXT', name);
    else this.collection.delete('DOCKER_CONTEXT');
  }
}

/**
 * Keeps the model's view of this window's choice in step with the setting: a choice remembered
 * for this workspace applies at start while switchScope is "window", and is dropped when the
 * setting goes back to "global".
 */
export function followSwitchScope(model: ContextsModel, windowContext: WindowContext): vscode.Disposable {
  if (readSettings().switchScope === 'window' && windowContext.name) void model.setWindowChoice(windowContext.name);
  return onDidChangeSettings((s) => {
    if (s.switchScope === 'global' && windowContext.name) {
      void windowContext.set(undefined).then(() => model.setWindowChoice(undefined));
    }
  });
}
