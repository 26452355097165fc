import * as path from 'path';
import * as vscode from 'vscode';
import { importContext } from '../core/archive/importContext';
import { ContextError } from '../core/errors';
import { newNameProblem } from '../core/store/newContexts';
import { ImportContextArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';

/**
 * `dockerContexts.importContext`: reads what `docker context export` writes (tar or zip,
 * 10 MiB at most) under a new name. Argument: `{ file, name }`. Returns the name.
 */
export async function importContextCommand(ctx: Services, call: Invocation<ImportContextArgs>): Promise<string> {
  let file: string;
  let name: string;
  if (call.kind === 'argument') {
    ({ file, name } = call.value);
  } else {
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Import Docker Context'),
      canSelectMany: false,
      filters: { [vscode.l10n.t('Docker context')]: ['dockercontext', 'tar', 'zip'], [vscode.l10n.t('All files')]: ['*'] },
    });
    if (!picked?.[0]) throw new ContextError('cancelled', 'cancelled');
    file = picked[0].fsPath;
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('Import Docker Context'),
      prompt: vscode.l10n.t('The name of the imported context'),
      value: path.basename(file).replace(/\.(dockercontext|tar|zip)$/i, ''),
      ignoreFocusOut: true,
      validateInput: (v) => newNameProblem(ctx.model.store, v.trim()),
    });
    if (answer === undefined) throw new ContextError('cancelled', 'cancelled');
    name = answer.trim();
  }
  await importContext(ctx.model.store, file, name);
  ctx.logger.info('import', `Imported ${file} as "${name}"`);
  await ctx.model.refresh();
  return name;
}
