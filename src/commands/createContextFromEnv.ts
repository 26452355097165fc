import * as vscode from 'vscode';
import { createContextFromEnvironment, newNameProblem } from '../core/store/newContexts';
import { CreateContextFromEnvArgs } from '../constants/commands';
import { ContextError } from '../core/errors';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { offerToUse } from './createSshContext';

/**
 * `dockerContexts.createContextFromEnv`: turns DOCKER_HOST, DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH into a named context, as `docker context create NAME` does with no endpoint
 * flags. Argument: `{ name, description? }`. Returns the name.
 */
export async function createContextFromEnvCommand(ctx: Services, call: Invocation<CreateContextFromEnvArgs>): Promise<string> {
  let name: string;
  let description: string | undefined;
  if (call.kind !== 'argument') {
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
    ({ name, description } = call.value);
  }
  await createContextFromEnvironment(ctx.model.store, name, description);
  ctx.logger.info('create', `Created "${name}" from the environment (${ctx.model.store.defaultContext().host})`);
  await ctx.model.refresh();
  if (call.kind !== 'argument') void offerToUse(name);
  return name;
}
