import * as vscode from 'vscode';
import { createContextFromEnvironment, newNameProblem } from '../core/store/newContexts';
import { ArgumentError, argumentObject } from './commandArgs';
import { CommandContext } from './commandContext';
import { offerToUse } from './createSshContext';
import { ContextError } from '../core/errors';

/**
 * `dockerContexts.createContextFromEnv`: turns DOCKER_HOST, DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH into a named context, as `docker context create NAME` does with no endpoint
 * flags. Argument: `{ name, description? }`. Returns the name.
 */
export async function createContextFromEnvCommand(ctx: CommandContext, arg?: unknown): Promise<string> {
  let name: string;
  let description: string | undefined;
  if (arg === undefined) {
    const from = ctx.model.store.defaultContext();
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('Create Context from Environment'),
      prompt: vscode.l10n.t('A name for a context that keeps {0}{1}', from.host, from.tls.ca ? vscode.l10n.t(' with its TLS files') : ''),
      validateInput: (v) => newNameProblem(ctx.model.store, v.trim()),
      ignoreFocusOut: true,
    });
    if (answer === undefined) throw new ContextError('cancelled', 'cancelled');
    name = answer.trim();
  } else {
    const a = argumentObject(arg);
    if (!a || typeof a.name !== 'string') throw new ArgumentError('dockerContexts.createContextFromEnv takes { name, description? }.');
    name = a.name;
    description = typeof a.description === 'string' ? a.description : undefined;
  }
  await createContextFromEnvironment(ctx.model.store, name, description);
  ctx.logger.info('create', `Created "${name}" from the environment (${ctx.model.store.defaultContext().host})`);
  await ctx.model.refresh();
  if (arg === undefined) void offerToUse(name);
  return name;
}
