import * as vscode from 'vscode';
import { Commands, CreateSshContextArgs } from '../constants/commands';
import { ContextError } from '../core/errors';
import { createSshContext, draftContext } from '../core/store/newContexts';
import { notCreatedMessage } from '../ping/pingText';
import { Services } from '../services';
import { runSshContextWizard } from '../wizards/sshContextWizard';
import { Invocation } from './arguments/invocation';
import { executeCommand } from './typedCommands';

/**
 * `dockerContexts.createSshContext`: `{ name, host, description?, test? }` creates without
 * asking; without an argument a wizard asks, testing the connection before saving.
 * Returns the new context's name.
 */
export async function createSshContextCommand(ctx: Services, call: Invocation<CreateSshContextArgs>): Promise<string> {
  let input: CreateSshContextArgs;
  if (call.kind !== 'argument') {
    input = await runSshContextWizard(ctx.model.store, ctx.pings, ctx.sshPrompts);
  } else {
    input = call.value;
    if (input.test) {
      const result = await ctx.pings.ping(draftContext(input.name, input.host, undefined));
      if (!result.ok) throw new ContextError('invalid-host', notCreatedMessage(input.name, input.host, result));
    }
  }
  await createSshContext(ctx.model.store, input);
  ctx.logger.info('create', `Created the SSH context "${input.name}" for ${input.host}`);
  await ctx.model.refresh();
  if (call.kind !== 'argument') void offerToUse(input.name);
  return input.name;
}

/** After a wizard: offers to switch to the new context. */
export async function offerToUse(name: string): Promise<void> {
  const use = vscode.l10n.t('Use It');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Created the Docker context "{0}".', name), use);
  if (answer === use) await executeCommand(Commands.use, name);
}
