import * as os from 'os';
import * as vscode from 'vscode';
import { exportContext } from '../core/archive/exportContext';
import { ContextError } from '../core/errors';
import { ExportContextArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.exportContext`: writes a `.dockercontext` tar that `docker context import`
 * accepts. Argument: `{ name, file, overwrite? }` — an existing file is replaced only with
 * `overwrite: true`; with a name alone (or a row) a save dialog asks where. The file is created
 * 0600, since it holds the context's private key. Returns the file's path.
 */
export async function exportContextCommand(ctx: Services, call: Invocation<ExportContextArgs>): Promise<string> {
  if (call.kind === 'argument' && call.value.file !== undefined) {
    await exportContext(ctx.model.store, call.value.name, call.value.file, { overwrite: call.value.overwrite === true });
    ctx.logger.info('export', `Exported "${call.value.name}" to ${call.value.file}`);
    return call.value.file;
  }
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Export Docker Context'), placeholder: vscode.l10n.t('Select the context to export'), exclude: (n) => n === 'default' });
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export {0}', name),
    defaultUri: vscode.Uri.joinPath(base, `${name}.dockercontext`),
    filters: { [vscode.l10n.t('Docker context')]: ['dockercontext', 'tar'] },
  });
  if (!target) throw new ContextError('cancelled', 'cancelled');
  // The save dialog has already asked before replacing a file.
  await exportContext(ctx.model.store, name, target.fsPath, { overwrite: true });
  ctx.logger.info('export', `Exported "${name}" to ${target.fsPath}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported "{0}" to {1}. It holds the context’s private key: keep it safe.', name, target.fsPath));
  return target.fsPath;
}
