import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';

/**
 * `dockerContexts.openTerminal`: opens an integrated terminal whose docker CLI talks to one
 * context, by setting DOCKER_CONTEXT for that terminal alone; config.json, other terminals and
 * other windows keep theirs. Argument: a name or `{ name }`; without one it asks. Returns the
 * terminal's name.
 */
export async function openTerminalCommand(ctx: Services, call: Invocation<{ name: string }>): Promise<string> {
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Open Terminal with Docker Context'),
    placeholder: vscode.l10n.t('Select the context the terminal’s docker CLI uses'),
    pings: ctx.pings,
  });
  if (name !== 'default' && !ctx.model.store.exists(name)) {
    throw new ContextError('not-found', vscode.l10n.t('There is no Docker context named "{0}".', name));
  }
  // The docker CLI lets DOCKER_HOST win over DOCKER_CONTEXT, so a named context clears it here;
  // `default` is DOCKER_HOST's own context and keeps it.
  const env: Record<string, string | null> = name === 'default' ? { DOCKER_CONTEXT: 'default' } : { DOCKER_CONTEXT: name, DOCKER_HOST: null };
  const terminalName = vscode.l10n.t('docker: {0}', name);
  const terminal = vscode.window.createTerminal({ name: terminalName, env, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  ctx.logger.info('terminal', `Opened a terminal with DOCKER_CONTEXT=${name}`);
  return terminalName;
}
