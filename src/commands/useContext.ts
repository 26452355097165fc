import * as vscode from 'vscode';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.use`: makes a context the current one for the docker CLI, as
 * `docker context use` does, or, as dockerContexts.switchScope says, for this window's or this
 * workspace's terminals only. Argument: a name or `{ name }`; without one it asks.
 * Returns the name it switched to.
 */
export async function useContext(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  // The switcher says where the choice will hold.
  const asked = ctx.switchScope.current();
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Use Docker Context'),
    placeholder:
      asked === 'workspace'
        ? vscode.l10n.t('Select the context for this workspace’s terminals and tasks (config.json stays as it is)')
        : asked === 'window'
          ? vscode.l10n.t('Select the context for this window’s terminals (config.json stays as it is)')
          : vscode.l10n.t('Select the context the docker CLI uses'),
    pings: ctx.pings,
  });
  const scope = ctx.switchScope.current();
  if (scope !== 'global') {
    await ctx.model.store.checkUsable(name);
    await ctx.switchScope.choose(name);
    const fellBack = ctx.switchScope.fellBack() ? ', as no folder is open' : '';
    ctx.logger.info('use', `This ${scope} now uses "${name}" (DOCKER_CONTEXT for its terminals${fellBack}; config.json unchanged)`);
    if ((await ctx.model.snapshot()).current.source === 'DOCKER_HOST') {
      void vscode.window.showWarningMessage(
        scope === 'workspace'
          ? vscode.l10n.t('"{0}" is now this workspace’s context, but DOCKER_HOST is set in this window, so the docker CLI here still uses "default".', name)
          : vscode.l10n.t('"{0}" is now this window’s context, but DOCKER_HOST is set in this window, so the docker CLI here still uses "default".', name),
      );
    }
    return name;
  }
  await ctx.switchScope.clear();
  await ctx.model.store.use(name);
  const snapshot = await ctx.model.refresh();
  ctx.logger.info('use', `Current context is now "${name}"`);
  if (snapshot.current.source === 'DOCKER_HOST') {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" is now the current context, but DOCKER_HOST is set in this window, so the docker CLI here still uses "default".', name),
    );
  } else if (snapshot.current.source === 'DOCKER_CONTEXT' && snapshot.current.name !== name) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" is now the current context, but DOCKER_CONTEXT is set in this window, so the docker CLI here uses "{1}".', name, snapshot.current.name),
    );
  }
  return name;
}
