import * as vscode from 'vscode';
import { PingResult } from '../core/ping/pingTypes';
import { DockerContext } from '../core/store/types';
import { PingService } from '../ping/pingService';
import { pingSummary } from '../ping/pingText';
import { SshPrompts } from '../ssh/sshPrompts';
import { MultiStepInput } from './multiStepInput';

interface Choice extends vscode.QuickPickItem {
  readonly save: boolean;
}

/**
 * The last step of a create wizard: pings the draft context (host key and passphrase prompts
 * included), shows the result, and lets the person save, save anyway, or go back and fix.
 * Resolves true to save; Back is handled by the flow.
 */
export async function testConnectionStep(
  input: MultiStepInput,
  draft: DockerContext,
  pings: PingService,
  prompts: SshPrompts,
  step: number,
): Promise<{ save: boolean; result: PingResult }> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing the connection to {0}…', draft.host), cancellable: true },
    (_p, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return pings.ping(draft, { interaction: prompts, signal: controller.signal }).finally(() => {
        sub.dispose();
      });
    },
  );
  const items: Choice[] = result.ok
    ? [{ label: `$(pass) ${vscode.l10n.t('Save')}`, description: pingSummary(result), save: true }]
    : [
        { label: `$(arrow-left) ${vscode.l10n.t('Go back and fix')}`, detail: `${result.error?.message ?? ''} ${result.error?.hint ?? ''}`, save: false },
        { label: `$(warning) ${vscode.l10n.t('Save anyway')}`, description: vscode.l10n.t('the engine did not answer'), save: true },
      ];
  const picked = await input.showQuickPick({
    step,
    items,
    placeholder: result.ok
      ? vscode.l10n.t('{0} answered: Docker API {1} on {2}', draft.host, result.apiVersion ?? '?', result.osType ?? '?')
      : vscode.l10n.t('{0} did not answer: {1}', draft.host, pingSummary(result)),
  });
  return { save: picked.save, result };
}
