import * as vscode from 'vscode';
import { Commands, SecureEngineArgs, SecureEngineOutcome } from '../constants/commands';
import { ContextError } from '../core/errors';
import { readExistingCa } from '../core/certs/existingCa';
import { planText } from '../core/provision/planText';
import { DEFAULT_ENGINE_PORT, secureEngine } from '../core/provision/secureEngine';
import { newNameProblem } from '../core/store/newContexts';
import { Services } from '../services';
import { ContextsNode } from '../tree/contextNodes';
import { Invocation } from './arguments/invocation';
import { askSudoPassword, provisionDeps, sshHostOf, withHostDetails } from './engineSetup';
import { pickContext } from './pickContext';
import { executeCommand } from './typedCommands';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.secureEngine`: turns the engine an SSH context reaches into a mutual-TLS engine
 * on port 2376 and saves a TLS context for it. With `{ ssh, name, … }` it runs without asking
 * (`dryRun: true` returns the plan and changes nothing); from the palette or an SSH row it asks
 * for the context and the name, shows the plan and asks before anything changes.
 */
export async function secureEngineCommand(ctx: Services, call: Invocation<SecureEngineArgs>): Promise<SecureEngineOutcome> {
  const interactive = call.kind !== 'argument';
  const a = call.kind === 'argument' ? call.value : await askWhat(ctx, call.kind === 'node' ? call.node : undefined);
  const ssh = await sshHostOf(ctx, a.ssh);
  const existingCa = a.existingCa ? await readExistingCa(a.existingCa) : undefined;
  const title = vscode.l10n.t('Securing the engine of {0}', a.ssh);
  const result = await withCancellableProgress(title, async (signal, report) => {
    const deps = provisionDeps(ctx, { interactive, acceptUnknownHostKey: a.acceptUnknownHostKey, signal, report });
    try {
      return await secureEngine(
        { ...a, ssh, existingCa },
        deps,
        {
          confirm: async (plan) => {
            ctx.logger.info('engine', `plan for ${plan.where}:\n${planText(plan)}`);
            if (!interactive) return true;
            const go = vscode.l10n.t('Secure Engine');
            const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Secure the engine of {0} with TLS on port {1}?', plan.where, String(plan.port)), { modal: true, detail: planText(plan) }, go);
            return answer === go;
          },
          sudoPassword: (where) => (interactive ? askSudoPassword(where) : Promise.resolve(undefined)),
        },
      );
    } catch (e) {
      throw withHostDetails(e, (line) => ctx.logger.info('engine', line));
    }
  });
  if (result.context) {
    await ctx.model.refresh();
    if (interactive) void announce(result);
  }
  return result;
}

async function announce(result: SecureEngineOutcome): Promise<void> {
  const use = vscode.l10n.t('Use It');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('The engine of {0} now requires TLS on {1}; the context "{2}" reaches it. The replaced files are kept on the host in {3}.', result.plan.where, result.plan.endpoint, result.context ?? '', result.backup ?? ''),
    use,
  );
  if (answer === use && result.context) await executeCommand(Commands.use, result.context);
}

/** The questions before the plan: which SSH context, the new context's name, the port. */
async function askWhat(ctx: Services, node: ContextsNode | undefined): Promise<SecureEngineArgs> {
  let ssh: string;
  if (node?.kind === 'context') ssh = node.context.name;
  else {
    ssh = await pickContext(ctx.model, {
      title: vscode.l10n.t('Secure Engine with TLS'),
      placeholder: vscode.l10n.t('Select the SSH context whose engine should require TLS'),
      exclude: (n) => !ctx.model.find(n)?.host.startsWith('ssh://'),
      pings: ctx.pings,
    });
  }
  const suggested = `${ssh}-tls`;
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Secure Engine with TLS'),
    prompt: vscode.l10n.t('The name of the new TLS context'),
    value: ctx.model.store.exists(suggested) ? '' : suggested,
    validateInput: (v) => newNameProblem(ctx.model.store, v.trim()),
    ignoreFocusOut: true,
  });
  if (name === undefined) throw new ContextError('cancelled', 'cancelled');
  const port = await vscode.window.showInputBox({
    title: vscode.l10n.t('Secure Engine with TLS'),
    prompt: vscode.l10n.t('The TCP port the engine will listen on with TLS'),
    value: String(DEFAULT_ENGINE_PORT),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : vscode.l10n.t('A port from 1 to 65535.')),
    ignoreFocusOut: true,
  });
  if (port === undefined) throw new ContextError('cancelled', 'cancelled');
  return { ssh, name: name.trim(), port: Number(port) };
}
