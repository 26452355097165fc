import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { DEFAULT_CONTEXT } from '../core/store/contextName';
import { RemoveContextArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { pickContext } from './pickContext';

/**
 * `dockerContexts.remove`: deletes a context from the docker CLI's store, as
 * `docker context rm` does. With a name or `{ name, force? }` it does not ask; from the palette or a
 * tree row it asks in a modal dialog, and asks again, explicitly, for the current context.
 * Returns true when something was removed.
 */
export async function removeContext(ctx: Services, call: Invocation<RemoveContextArgs>): Promise<boolean> {
  if (call.kind === 'argument') {
    await remove(ctx, call.value.name, call.value.force === true);
    return true;
  }
  if (call.kind === 'node' && call.node.kind === 'broken') {
    const { entry } = call.node;
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the damaged entry {0}?', entry.name ?? entry.dirName),
      { modal: true, detail: vscode.l10n.t('This deletes {0} and its TLS material.', entry.metaFile) },
      vscode.l10n.t('Remove'),
    );
    if (!answer) return false;
    await ctx.model.store.removeBroken(entry.dirName);
    ctx.logger.info('remove', `Removed the damaged entry ${entry.dirName}`);
    await ctx.model.refresh();
    return true;
  }
  const name =
    call.kind === 'node' && call.node.kind === 'context'
      ? call.node.context.name
      : await pickContext(ctx.model, {
          title: vscode.l10n.t('Remove Docker Context'),
          placeholder: vscode.l10n.t('Select the context to remove'),
          exclude: (n) => n === DEFAULT_CONTEXT,
        });
  if (name === DEFAULT_CONTEXT) {
    throw new ContextError('reserved-name', vscode.l10n.t('The "default" context comes from DOCKER_HOST and cannot be removed.'));
  }
  const isCurrent = (await ctx.model.store.configuredContext()) === name;
  const detail = vscode.l10n.t('Its endpoint and TLS material are deleted from the docker CLI’s store. This cannot be undone.');
  const answer = isCurrent
    ? await vscode.window.showWarningMessage(
        vscode.l10n.t('"{0}" is the current context. Remove it and switch to "default"?', name),
        { modal: true, detail },
        vscode.l10n.t('Remove and Use default'),
      )
    : await vscode.window.showWarningMessage(vscode.l10n.t('Remove the Docker context "{0}"?', name), { modal: true, detail }, vscode.l10n.t('Remove'));
  if (!answer) return false;
  await remove(ctx, name, isCurrent);
  return true;
}

async function remove(ctx: Services, name: string, force: boolean): Promise<void> {
  const { wasCurrent } = await ctx.model.store.remove(name, { force });
  ctx.logger.info('remove', wasCurrent ? `Removed "${name}" and switched back to "default"` : `Removed "${name}"`);
  await ctx.model.refresh();
}
