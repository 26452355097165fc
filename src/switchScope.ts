import * as vscode from 'vscode';
import { ContainerToolsSync } from './containerTools';
import { ContextsModel, EditorChoice } from './contextsModel';
import { errorMessage } from './core/errors';
import { Disposable } from './lifecycle';
import { Logger } from './logger';
import { onDidChangeSettings, readSettings } from './settings';
import { WindowContext } from './windowContext';
import { WorkspaceContext } from './workspaceContext';

/** Where a switch applies: config.json, this window's terminals, or the workspace's. */
export type Scope = 'global' | 'window' | 'workspace';

/**
 * Follows dockerContexts.switchScope: which of the window's and the workspace's choices holds,
 * what the model shows, and what Container Tools is told. At most one choice holds at a time, so
 * a terminal never gets two DOCKER_CONTEXT values: the one the scope does not use is forgotten
 * (at start, when the setting changes, and when a context is chosen).
 */
export class SwitchScope extends Disposable {
  /** The choice the model was last given, to tell it only of a change. */
  private shown: EditorChoice | undefined;
  /** Reconciliations run one after the other, so a later one never finishes before an earlier one. */
  private queue: Promise<void> = Promise.resolve();
  private readonly factsChanged = this._register(new vscode.EventEmitter<void>());
  /** Fires when what the tooltip says of the scope may have changed, the choice itself staying the same. */
  readonly onDidChangeFacts = this.factsChanged.event;

  constructor(
    private readonly model: ContextsModel,
    readonly windowContext: WindowContext,
    readonly workspaceContext: WorkspaceContext,
    readonly containerTools: ContainerToolsSync,
    private readonly logger: Logger,
  ) {
    super();
    this._register(onDidChangeSettings(() => this.reconcileLogged()));
    // After the WorkspaceContext's own listener (made before this one) has set the folders' terminals.
    this._register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.reconcileLogged();
        this.factsChanged.fire();
      }),
    );
    this._register(containerTools.onDidAnswer(() => this.factsChanged.fire()));
    this.reconcileLogged();
  }

  /** Where a switch applies now: "workspace" with no folder open falls back to "window". */
  current(): Scope {
    const setting = readSettings().switchScope;
    return setting === 'workspace' && !this.workspaceContext.leader ? 'window' : setting;
  }

  /** Whether the setting asks for "workspace" but no folder is open, so the window's choice stands in. */
  fellBack(): boolean {
    return readSettings().switchScope === 'workspace' && !this.workspaceContext.leader;
  }

  /**
   * Makes `name` the window's or the workspace's choice, whichever the scope says ("global" is
   * config.json's business: see useContext), and offers Container Tools to follow a workspace's.
   */
  async choose(name: string): Promise<Scope> {
    const scope = this.current();
    if (scope === 'workspace') {
      if (this.windowContext.name !== undefined) await this.windowContext.set(undefined);
      await this.workspaceContext.set(name);
      this.containerTools.offer(() => (this.current() === 'workspace' ? this.workspaceContext.name : undefined)).catch((e: unknown) => this.logger.error('scope', `Container Tools: ${errorMessage(e)}`));
    } else if (scope === 'window') {
      await this.windowContext.set(name);
    }
    await this.reconcile();
    return scope;
  }

  /** A global switch: the window's and the workspace's choices give way to config.json. */
  async clear(): Promise<void> {
    if (this.windowContext.name !== undefined) await this.windowContext.set(undefined);
    if (this.workspaceContext.leader && this.workspaceContext.name !== undefined) await this.workspaceContext.set(undefined);
    await this.reconcile();
  }

  /**
   * Drops the choice the scope does not use, tells Container Tools (where it follows) and the
   * model what holds now.
   */
  reconcile(): Promise<void> {
    const run = this.queue.then(() => this.reconcileNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(): Promise<void> {
    const scope = this.current();
    if (scope !== 'window' && this.windowContext.name !== undefined) await this.windowContext.set(undefined);
    if (scope !== 'workspace' && this.workspaceContext.leader && this.workspaceContext.name !== undefined) await this.workspaceContext.set(undefined);
    const windowName = this.windowContext.name;
    const workspaceName = scope === 'workspace' ? this.workspaceContext.name : undefined;
    if (this.workspaceContext.leader) await this.containerTools.follow(workspaceName);
    const choice: EditorChoice | undefined =
      scope === 'window' && windowName !== undefined ? { name: windowName, scope } : workspaceName !== undefined ? { name: workspaceName, scope: 'workspace' } : undefined;
    if (choice?.name === this.shown?.name && choice?.scope === this.shown?.scope) return;
    this.shown = choice;
    await this.model.setEditorChoice(choice);
  }

  private reconcileLogged(): void {
    this.reconcile().catch((e: unknown) => this.logger.error('scope', errorMessage(e)));
  }
}
