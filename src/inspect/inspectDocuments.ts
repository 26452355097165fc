import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { ContextStore } from '../core/store/contextStore';
import { inspectContext } from '../core/store/inspectContext';
import { Disposable } from '../lifecycle';

const INSPECT_SCHEME = 'docker-context';

export function inspectUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${encodeURIComponent(name)}.json` });
}

/**
 * Serves `docker-context:/NAME.json` as a read-only document with what `docker context inspect`
 * prints, and brings open documents up to date when the store changes.
 */
export class InspectDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly store: ContextStore;

  constructor(model: ContextsModel) {
    super();
    this.store = model.store;
    this._register(vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, this));
    this._register(
      model.onDidChange(() => {
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === INSPECT_SCHEME) this.changed.fire(doc.uri);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
    return JSON.stringify([await inspectContext(this.store, name)], null, 4) + '\n';
  }
}
