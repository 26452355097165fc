import * as vscode from 'vscode';
import { ContextStore } from '../core/store/contextStore';
import { inspectContext } from '../core/store/inspectContext';
import { CommandContext } from './commandContext';
import { contextArgument } from './commandArgs';
import { contextNameOf } from './pickContext';

export const INSPECT_SCHEME = 'docker-context';

/** Serves `docker-context:/NAME.json` as a read-only document with what `docker context inspect` prints. */
export class InspectDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly store: ContextStore) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
    return JSON.stringify([await inspectContext(this.store, name)], null, 4) + '\n';
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function inspectUri(name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${encodeURIComponent(name)}.json` });
}

/**
 * `dockerContexts.inspect`: opens a read-only JSON document with the same content as
 * `docker context inspect NAME`. Argument: a name or `{ name }`. Returns the document's text.
 */
export async function inspectContextCommand(ctx: CommandContext, arg?: unknown): Promise<string> {
  const call = contextArgument<{ name: string }>('dockerContexts.inspect', arg, 'a context name or { name }');
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Inspect Docker Context'), placeholder: vscode.l10n.t('Select the context to inspect') });
  await ctx.model.store.get(name);
  const doc = await vscode.workspace.openTextDocument(inspectUri(name));
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc.getText();
}
