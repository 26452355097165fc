import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.use`: makes a context the current one for the docker CLI, as
 * `docker context use` does. Argument: a name or `{ name }`; without one it asks.
 * Returns the name it switched to.
 */
export async function useContext(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Use Docker Context'),
    placeholder: vscode.l10n.t('Select the context the docker CLI uses'),
    pings: ctx.pings,
  });
  if (readSettings().switchScope === 'window') {
    await ctx.model.store.checkUsable(name);
    await ctx.windowContext.set(name);
    await ctx.model.setWindowChoice(name);
    ctx.logger.info('use', `This window now uses "${name}" (DOCKER_CONTEXT for its terminals; config.json unchanged)`);
    return name;
  }
  if (ctx.windowContext.name !== undefined) {
    await ctx.windowContext.set(undefined);
    await ctx.model.setWindowChoice(undefined);
  }
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
