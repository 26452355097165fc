import * as vscode from 'vscode';
import { PingResult } from '../core/ping/pingTypes';
import { PingAllArgs } from '../constants/commands';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.pingAll`: pings every context at once (the wall time is about the slowest
 * one). Argument: `{ acceptUnknownHostKey? }` runs without prompts. Returns the results in
 * `docker context ls` order.
 */
export async function pingAllContexts(ctx: Services, call: Invocation<PingAllArgs>): Promise<PingResult[]> {
  const options = call.kind === 'argument' ? call.value : undefined;
  const snapshot = await ctx.model.refresh();
  const contexts = snapshot.listing.contexts;
  const results = await withCancellableProgress(vscode.l10n.t('Pinging {0} Docker contexts…', String(contexts.length)), (signal) =>
    ctx.pings.pingAll(contexts, {
      signal,
      interaction: options ? undefined : ctx.sshPrompts,
      policy: { acceptUnknownHostKey: options?.acceptUnknownHostKey === true },
    }),
  );
  // A ping is how a row is refreshed: expanded rows fetch their engine's details again.
  ctx.engines.forget(contexts.map((c) => c.name));
  if (!options) {
    const failed = results.filter((r) => !r.ok && r.error?.kind !== 'cancelled').length;
    const message = vscode.l10n.t('{0} of {1} contexts answered.', String(results.length - failed), String(results.length));
    void (failed ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
  }
  return results;
}
