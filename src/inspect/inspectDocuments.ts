import * as vscode from 'vscode';
import { ContextsModel } from '../contextsModel';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { engineLines } from '../core/engine/engineSummary';
import { ContextStore } from '../core/store/contextStore';
import { inspectContext } from '../core/store/inspectContext';
import { describeSshRoute } from '../core/ssh/sshRoute';
import { EngineInfoService } from '../engine/engineInfoService';
import { Disposable } from '../lifecycle';
import { PingService } from '../ping/pingService';

const INSPECT_SCHEME = 'docker-context';

/** How long Inspect waits for an engine's details it does not have before it shows the rest; they come in when they arrive. */
export const ENGINE_SECTION_WAIT_MS = 1000;

/** The first line of the engine section of an Inspect document. */
export const ENGINE_SECTION_START = '// Engine';

export function inspectUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${encodeURIComponent(name)}.json` });
}

/** What `docker context inspect NAME` prints. */
export async function inspectText(store: ContextStore, name: string): Promise<string> {
  return JSON.stringify([await inspectContext(store, name)], null, 4) + '\n';
}

/**
 * Serves `docker-context:/NAME.json` as a read-only JSON-with-comments document with what `docker
 * context inspect` prints (for an SSH context after a comment that says where ssh really
 * connects), then, in comments, what its engine says about itself when its details are kept or
 * come quickly; open documents are brought up to date when the store changes or details come.
 */
export class InspectDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly store: ContextStore;

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
    private readonly engines: EngineInfoService,
  ) {
    super();
    this.store = model.store;
    this._register(vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, this));
    const refresh = (names?: readonly string[]) => {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === INSPECT_SCHEME && (!names || names.includes(nameOf(doc.uri)))) this.changed.fire(doc.uri);
      }
    };
    this._register(model.onDidChange(() => refresh()));
    this._register(engines.onDidChange((names) => refresh(names)));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = nameOf(uri);
    const json = await inspectText(this.store, name);
    const context = await this.store.get(name);
    const [route, engine] = await Promise.all([this.pings.sshRoute(context.host), this.engineDetails(context)]);
    const head = route ? `// ${vscode.l10n.t('ssh connects to {0}', describeSshRoute(route))}\n` : '';
    return head + json + (engine ? engineSection(engine) : '');
  }

  /** The kept details of the engine, or those a fetch that asks nobody brings in time; undefined when they take longer. */
  private async engineDetails(context: Parameters<EngineInfoService['get']>[0]): Promise<EngineInfoResult | undefined> {
    const fresh = this.engines.fresh(context);
    if (fresh) return fresh;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ENGINE_SECTION_WAIT_MS)));
    try {
      return await Promise.race([this.engines.get(context), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function nameOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
}

/** The engine's details as comments after the JSON: a line each, warnings first, or why there are none. */
export function engineSection(engine: EngineInfoResult): string {
  const at = new Date(engine.fetchedAt).toLocaleTimeString();
  if (!engine.ok) return `\n${ENGINE_SECTION_START}: ${vscode.l10n.t('no details at {0}', at)}\n//   ${engine.error.message}\n//   ${engine.error.hint}\n`;
  const lines = engineLines(engine).map((l) => (l.kind === 'warning' ? `//   ⚠ ${l.detail ?? l.label}` : `//   ${l.label}: ${l.value}${l.detail ? ` (${l.detail})` : ''}`));
  return `\n${ENGINE_SECTION_START}: ${vscode.l10n.t('GET /version and GET /info at {0}', at)}\n${lines.join('\n')}\n`;
}
