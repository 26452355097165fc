import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { TlsContextInput, createTlsContext, draftContext, normaliseTcpHost, tlsPathsOf } from '../core/store/newContexts';
import { notCreatedMessage } from '../ping/pingText';
import { runTlsContextWizard } from '../wizards/tlsContextWizard';
import { ArgumentError } from './commandArgs';
import { CommandContext } from './commandContext';
import { offerToUse } from './createSshContext';

export interface CreateTlsContextArgs extends TlsContextInput {
  /** Ping first and save only if the engine answers. */
  readonly test?: boolean;
  /** Wizard only: values to start from (the certificate generator passes these). */
  readonly prefill?: { host?: string; certDir?: string };
}

/**
 * `dockerContexts.createTlsContext`: `{ name, host, ca, cert, key, skipTlsVerify?, description?, test? }`
 * or `{ name, host, certDir, … }` creates without asking, after checking the material; without
 * an argument (or with only `prefill`) a wizard asks. Returns the new context's name.
 */
export async function createTlsContextCommand(ctx: CommandContext, arg?: unknown): Promise<string> {
  const prefill = (arg as { prefill?: CreateTlsContextArgs['prefill'] } | undefined)?.prefill;
  const interactive = arg === undefined || (prefill !== undefined && (arg as { name?: unknown }).name === undefined);
  const input: CreateTlsContextArgs & { generate?: boolean } = interactive ? await runTlsContextWizard(ctx.model.store, ctx.pings, ctx.sshPrompts, prefill) : checkArgs(arg);
  if (input.generate) {
    // Hand over: the certificate command offers "Create TLS Context" with the new files when it is done.
    await vscode.commands.executeCommand('dockerContexts.generateCertificates');
    return '';
  }
  if (!interactive && input.test) {
    const host = normaliseTcpHost(input.host);
    if ('problem' in host) throw new ContextError('invalid-host', host.problem);
    const result = await ctx.pings.ping(draftContext(input.name, host.host, tlsPathsOf(input), input.skipTlsVerify === true));
    if (!result.ok) throw new ContextError('invalid-host', notCreatedMessage(input.name, input.host, result));
  }
  const info = await createTlsContext(ctx.model.store, input);
  ctx.logger.info('create', `Created the TLS context "${input.name}" for ${input.host} (client ${info.clientSubject}, valid until ${info.clientNotAfter.toISOString().slice(0, 10)})`);
  await ctx.model.refresh();
  if (interactive) void offerToUse(input.name);
  return input.name;
}

function checkArgs(arg: unknown): CreateTlsContextArgs {
  const a = arg as Partial<CreateTlsContextArgs> | null;
  const ok = typeof a === 'object' && a !== null && typeof a.name === 'string' && typeof a.host === 'string' && (typeof a.certDir === 'string' || (typeof a.ca === 'string' && typeof a.cert === 'string' && typeof a.key === 'string'));
  if (!ok) throw new ArgumentError('dockerContexts.createTlsContext takes { name, host, ca, cert, key, skipTlsVerify?, description?, test? } or { name, host, certDir, … }.');
  return a as CreateTlsContextArgs;
}
