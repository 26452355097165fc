import * as vscode from 'vscode';
import { ContextError } from '../core/errors';
import { ProvisionDeps } from '../core/provision/provisionDeps';
import { ProvisionError } from '../core/provision/engineOnHost';
import { Services } from '../services';

/** An SSH context's name or an `ssh://` address, as the host it names. */
export async function sshHostOf(ctx: Services, ssh: string): Promise<string> {
  if (ssh.startsWith('ssh://')) return ssh;
  if (!ctx.model.store.exists(ssh)) throw new ContextError('not-found', vscode.l10n.t('There is no context named "{0}", and it is not an ssh:// address.', ssh));
  const context = await ctx.model.store.get(ssh);
  if (!context.host.startsWith('ssh://')) throw new ContextError('invalid-argument', vscode.l10n.t('"{0}" is not an SSH context ({1}).', ssh, context.host));
  return context.host;
}

/**
 * What the core's engine setup needs, from the services: scripts run with the SSH client of the
 * contexts, asking the person (`interactive`) or nobody (then `acceptUnknownHostKey` decides); pings
 * of the new endpoint on connections of their own; progress and the log.
 */
export function provisionDeps(ctx: Services, o: { interactive: boolean; acceptUnknownHostKey?: boolean; signal: AbortSignal; report: (message: string) => void }): ProvisionDeps {
  const request = o.interactive ? { interaction: ctx.sshPrompts, signal: o.signal } : { policy: { acceptUnknownHostKey: o.acceptUnknownHostKey === true }, signal: o.signal };
  return {
    store: ctx.model.store,
    runOn: (endpoint) => ctx.pings.runOnHost(endpoint, request),
    address: (endpoint) => ctx.pings.sshAddress(endpoint),
    ping: (context) => ctx.pings.ping(context, { signal: o.signal }),
    signal: o.signal,
    progress: o.report,
    log: (message) => ctx.logger.info('engine', message),
  };
}

/** Asks for the sudo password of the host as a password input; never kept. */
export async function askSudoPassword(where: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('sudo on {0}', where),
    prompt: vscode.l10n.t('The password sudo asks for on {0} (used once, never stored or logged)', where),
    password: true,
    ignoreFocusOut: true,
  });
}

/** A ProvisionError's message with what the host said, for the one error message a command shows. */
export function withHostDetails(e: unknown, log: (line: string) => void): unknown {
  if (!(e instanceof ProvisionError) || e.details.length === 0) return e;
  for (const line of e.details) log(line);
  return new ProvisionError(`${e.message} ${vscode.l10n.t('The engine log is in the output channel.')}`, e.details);
}
