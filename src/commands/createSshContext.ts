import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { createSshContext } from '../core/store/newContexts';
import { draftContext } from '../core/store/newContexts';
import { notCreatedMessage } from '../ping/pingText';
import { runSshContextWizard } from '../wizards/sshContextWizard';
import { ArgumentError } from './commandArgs';
import { CommandContext } from './commandContext';

export interface CreateSshContextArgs {
  readonly name: string;
  /** `ssh://[user@]host[:port][/socket]` */
  readonly host: string;
  readonly description?: string;
  /** Ping first and save only if the engine answers (an unknown host key counts as a failure). */
  readonly test?: boolean;
}

/**
 * `dockerContexts.createSshContext`: `{ name, host, description?, test? }` creates without
 * asking; without an argument a wizard asks, testing the connection before saving.
 * Returns the new context's name.
 */
export async function createSshContextCommand(ctx: CommandContext, arg?: unknown): Promise<string> {
  let input: CreateSshContextArgs;
  if (arg === undefined) {
    input = await runSshContextWizard(ctx.model.store, ctx.pings, ctx.sshPrompts);
  } else {
    input = checkArgs(arg);
    if (input.test) {
      const result = await ctx.pings.ping(draftContext(input.name, input.host, undefined));
      if (!result.ok) throw new ContextError('invalid-host', notCreatedMessage(input.name, input.host, result));
    }
  }
  await createSshContext(ctx.model.store, input);
  ctx.logger.info('create', `Created the SSH context "${input.name}" for ${input.host}`);
  await ctx.model.refresh();
  if (arg === undefined) void offerToUse(input.name);
  return input.name;
}

function checkArgs(arg: unknown): CreateSshContextArgs {
  const a = arg as Partial<CreateSshContextArgs> | null;
  if (typeof a !== 'object' || a === null || typeof a.name !== 'string' || typeof a.host !== 'string') {
    throw new ArgumentError(vscode.l10n.t('{0} takes {1} with host as ssh://user@host[:port].', 'dockerContexts.createSshContext', '{ name, host, description?, test? }'));
  }
  return a as CreateSshContextArgs;
}

/** After a wizard: offers to switch to the new context. */
export async function offerToUse(name: string): Promise<void> {
  const use = vscode.l10n.t('Use It');
  const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Created the Docker context "{0}".', name), use);
  if (answer === use) await vscode.commands.executeCommand('dockerContexts.use', name);
}
