import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

const STATE_KEY = 'dockerContexts.windowContext';

/**
 * The context chosen for this window only (setting dockerContexts.switchScope = "window"):
 * DOCKER_CONTEXT in this window's integrated terminals, through the environment variable
 * collection, while config.json keeps the global choice. Remembered per workspace; SwitchScope
 * decides when it holds.
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

