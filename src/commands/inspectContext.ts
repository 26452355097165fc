import * as vscode from 'vscode';
import { inspectText, inspectUri } from '../inspect/inspectDocuments';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.inspect`: opens a read-only JSON document with the same content as
 * `docker context inspect NAME` (for an SSH context after a comment that says where ssh really
 * connects), and in comments after it the engine's details when they are kept or come quickly. Argument: a name or `{ name }`. Returns what `docker context inspect NAME` prints.
 */
export async function inspectContextCommand(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Inspect Docker Context'), placeholder: vscode.l10n.t('Select the context to inspect') });
  await ctx.model.store.get(name);
  const doc = await vscode.workspace.openTextDocument(inspectUri(name));
  // Comments may come in later (the engine's details), so it is JSON with comments from the start.
  await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await vscode.window.showTextDocument(doc, { preview: true });
  return inspectText(ctx.model.store, name);
}
