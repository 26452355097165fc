import * as vscode from 'vscode';
import { PingResult } from '../core/ping/pingTypes';
import { PingContextArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.ping`: `GET /_ping` on a context's engine. Argument: a name or
 * `{ name, acceptUnknownHostKey? }`; then nothing is asked (an unknown SSH host key fails
 * with kind "ssh-host-key-unknown"). Without one it asks which context, and may ask about host
 * keys and passphrases. Returns the result object.
 */
export async function pingContextCommand(ctx: Services, call: Invocation<PingContextArgs>): Promise<PingResult> {
  const name = await contextNameOf(call, ctx.model, { title: vscode.l10n.t('Ping Docker Context'), placeholder: vscode.l10n.t('Select the context to ping'), pings: ctx.pings });
  const context = await ctx.model.store.get(name);
  const interactive = call.kind !== 'argument';
  const result = await withCancellableProgress(vscode.l10n.t('Pinging {0}…', name), (signal) =>
    ctx.pings.ping(context, {
      signal,
      interaction: interactive ? ctx.sshPrompts : undefined,
      policy: call.kind === 'argument' ? { acceptUnknownHostKey: call.value.acceptUnknownHostKey === true } : {},
    }),
  );
  // A ping is how a row is refreshed: if expanded, it fetches its engine's details again.
  ctx.engines.forget([name]);
  if (interactive) void report(ctx, result);
  return result;
}

async function report(ctx: Services, r: PingResult): Promise<void> {
  if (r.ok) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} answered in {1} ms: Docker API {2} on {3}.', r.context, String(Math.round(r.latencyMs)), r.apiVersion ?? '?', r.osType ?? '?'),
    );
    return;
  }
  if (r.error?.kind === 'cancelled') return;
  const showLog = vscode.l10n.t('Show Log');
  const answer = await vscode.window.showErrorMessage(`${r.context}: ${r.error?.message ?? ''} ${r.error?.hint ?? ''}`, showLog);
  if (answer === showLog) ctx.logger.show();
}
