import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

const STATE_KEY = 'dockerContexts.workspaceContext';

/** What workspaceState holds: the choice made for each folder that led the workspace, by its URI. */
type Stored = Readonly<Record<string, string>>;

/**
 * The context chosen for the open workspace (setting dockerContexts.switchScope = "workspace"):
 * remembered in workspaceState, so it comes back when the folder opens again, and set as
 * DOCKER_CONTEXT for the terminals and tasks of each of the workspace's folders through the
 * environment variable collection scoped to that folder. config.json keeps the global choice.
 *
 * The choice belongs to the workspace's first folder: in a multi-root workspace the first folder
 * decides for every folder, and reordering the folders brings the new first folder's choice.
 */
export class WorkspaceContext extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChange = this.changed.event;
  /** The folders whose scoped collection holds DOCKER_CONTEXT now, by URI. */
  private readonly applied = new Map<string, vscode.WorkspaceFolder>();

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly state: vscode.Memento,
    private readonly folders: () => readonly vscode.WorkspaceFolder[] = () => vscode.workspace.workspaceFolders ?? [],
  ) {
    super();
    this.apply();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.apply()));
  }

  /** The folder that decides: the workspace's first one, if a folder is open. */
  get leader(): vscode.WorkspaceFolder | undefined {
    return this.folders()[0];
  }

  /** How many folders the workspace has. */
  get folderCount(): number {
    return this.folders().length;
  }

  /** The context chosen for this workspace, as workspaceState holds it for its first folder. */
  get name(): string | undefined {
    const leader = this.leader;
    return leader ? this.stored()[leader.uri.toString()] : undefined;
  }

  /** Remembers `name` for this workspace (undefined forgets it) and sets its folders' terminals accordingly. */
  async set(name: string | undefined): Promise<void> {
    const leader = this.leader;
    if (!leader) throw new Error(vscode.l10n.t('No folder is open, so there is no workspace to remember a Docker context with.'));
    const next: Record<string, string> = { ...this.stored() };
    if (name === undefined) delete next[leader.uri.toString()];
    else next[leader.uri.toString()] = name;
    await this.state.update(STATE_KEY, Object.keys(next).length ? next : undefined);
    this.apply();
    this.changed.fire(name);
  }

  /** The value DOCKER_CONTEXT has in the terminals of `folder` through this collection, if any. */
  valueFor(folder: vscode.WorkspaceFolder): string | undefined {
    return this.collection.getScoped({ workspaceFolder: folder }).get('DOCKER_CONTEXT')?.value;
  }

  private stored(): Stored {
    const value = this.state.get<unknown>(STATE_KEY);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  }

  /** Every folder of the workspace gets the first folder's choice; folders that left lose theirs. */
  private apply(): void {
    const name = this.name;
    const folders = this.folders();
    const current = new Set(folders.map((f) => f.uri.toString()));
    for (const [uri, folder] of [...this.applied]) {
      if (current.has(uri) && name) continue;
      this.collection.getScoped({ workspaceFolder: folder }).delete('DOCKER_CONTEXT');
      this.applied.delete(uri);
    }
    for (const folder of folders) {
      const scoped = this.collection.getScoped({ workspaceFolder: folder });
      scoped.description = new vscode.MarkdownString(vscode.l10n.t('Sets DOCKER_CONTEXT to the Docker context chosen for this workspace.'));
      if (name) {
        scoped.replace('DOCKER_CONTEXT', name);
        this.applied.set(folder.uri.toString(), folder);
      } else {
        scoped.delete('DOCKER_CONTEXT');
      }
    }
  }
}
