import * as vscode from 'vscode';
import { inspectUri } from '../inspect/inspectDocuments';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.inspect`: opens a read-only JSON document with the same content as
 * `docker context inspect NAME`. Argument: a name or `{ name }`. Returns the document's text.
 */
export async function inspectContextCommand(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Inspect Docker Context'), placeholder: vscode.l10n.t('Select the context to inspect') });
  await ctx.model.store.get(name);
  const doc = await vscode.workspace.openTextDocument(inspectUri(name));
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc.getText();
}
