import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { ContextStore } from '../core/store/contextStore';
import { inspectContext } from '../core/store/inspectContext';
import { describeSshRoute } from '../core/ssh/sshRoute';
import { Disposable } from '../lifecycle';
import { PingService } from '../ping/pingService';

const INSPECT_SCHEME = 'docker-context';

export function inspectUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${encodeURIComponent(name)}.json` });
}

/** What `docker context inspect NAME` prints. */
export async function inspectText(store: ContextStore, name: string): Promise<string> {
  return JSON.stringify([await inspectContext(store, name)], null, 4) + '\n';
}

/**
 * Serves `docker-context:/NAME.json` as a read-only document with what `docker context inspect`
 * prints (for an SSH context after a comment that says where ssh really connects), and brings open
 * documents up to date when the store changes.
 */
export class InspectDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly store: ContextStore;

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
  ) {
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
    const json = await inspectText(this.store, name);
    const route = await this.pings.sshRoute((await this.store.get(name)).host);
    return route ? `// ${vscode.l10n.t('ssh connects to {0}', describeSshRoute(route))}\n${json}` : json;
  }
}
