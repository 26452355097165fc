import * as vscode from 'vscode';
import { EngineInfoArgs } from '../constants/commands';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { shortWarning } from '../core/engine/engineSummary';
import { ContextError } from '../core/errors';
import { ENGINE_SECTION_START, inspectUri } from '../inspect/inspectDocuments';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.engineInfo`: what a context's engine says about itself (`GET /version` and
 * `GET /info`), fetched now over the ping's connection. Argument: a name or
 * `{ name, acceptUnknownHostKey? }`; then nothing is asked and nothing is shown. Without one (or
 * from a row) it asks which context, may ask about host keys and passphrases, and opens the
 * context's Inspect document at the engine's details. Returns the details, or why there are none
 * (`ok: false` with the error's kind, message and hint), as a ping does.
 */
export async function engineInfoCommand(ctx: Services, call: Invocation<EngineInfoArgs>): Promise<EngineInfoResult> {
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Show Engine Details'),
    placeholder: vscode.l10n.t('Select the context whose engine to describe'),
    pings: ctx.pings,
  });
  const context = await ctx.model.store.get(name);
  const interactive = call.kind !== 'argument';
  const result = await withCancellableProgress(vscode.l10n.t('Asking the engine of {0} about itself…', name), (signal) =>
    ctx.engines.get(context, {
      refetch: true,
      signal,
      interaction: interactive ? ctx.sshPrompts : undefined,
      policy: call.kind === 'argument' ? { acceptUnknownHostKey: call.value.acceptUnknownHostKey === true } : {},
    }),
  );
  if (!result.ok && result.error.kind === 'cancelled') throw new ContextError('cancelled', 'cancelled');
  if (interactive) await show(ctx, result);
  return result;
}

/** Opens the context's Inspect document at the engine's details and says what the engine warns about; a failure is an error message. */
async function show(ctx: Services, r: EngineInfoResult): Promise<void> {
  if (!r.ok) {
    void (async () => {
      const showLog = vscode.l10n.t('Show Log');
      const answer = await vscode.window.showErrorMessage(vscode.l10n.t('No details of the engine of {0}: {1} {2}', r.context, r.error.message, r.error.hint), showLog);
      if (answer === showLog) ctx.logger.show();
    })();
    return;
  }
  const doc = await vscode.workspace.openTextDocument(inspectUri(r.context));
  await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  const editor = await vscode.window.showTextDocument(doc, { preview: true });
  const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.startsWith(ENGINE_SECTION_START));
  if (line !== undefined) {
    const at = new vscode.Range(line, 0, line, 0);
    editor.selection = new vscode.Selection(at.start, at.start);
    editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
  }
  if (r.warnings.length) {
    const first = shortWarning(r.warnings[0]);
    void vscode.window.showWarningMessage(
      r.warnings.length === 1 ? vscode.l10n.t('The engine of {0} warns: {1}', r.context, first) : vscode.l10n.t('The engine of {0} warns: {1} (and {2} more)', r.context, first, String(r.warnings.length - 1)),
    );
  }
}
