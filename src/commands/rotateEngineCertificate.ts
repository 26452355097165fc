import * as vscode from 'vscode';
import { RotateEngineCertificateArgs } from '../constants/commands';
import { ContextError } from '../core/errors';
import { RotateEngineResult, rotateEngineCertificate } from '../core/provision/rotateEngine';
import { usesTls } from '../core/ping/pingContext';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { askSudoPassword, provisionDeps, sshHostOf, withHostDetails } from './engineSetup';
import { contextNameOf } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.rotateEngineCertificate`: a new server certificate for the engine of a TLS
 * context, from the same CA (or `newCa: true`: a new CA, with the context's client certificate
 * renewed too), uploaded over SSH and activated the safe way of `secureEngine`. Argument:
 * `{ name, ssh?, certificatesDir?, newCa?, days?, keySize?, caPassphrase?, sudoPassword? }` runs
 * without asking; a name alone, `{ name }` or a row asks for what it needs (SSH answers, sudo).
 */
export async function rotateEngineCertificateCommand(ctx: Services, call: Invocation<RotateEngineCertificateArgs>): Promise<RotateEngineResult> {
  // A name alone (a tooltip's link, a notification's action) asks what it needs, as renewal does.
  const interactive = call.kind !== 'argument' || Object.keys(call.value).length === 1;
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Rotate Engine Certificate'),
    placeholder: vscode.l10n.t('Select the TLS context whose engine gets a new certificate'),
    exclude: (n) => {
      const c = ctx.model.find(n);
      return !c || !usesTls(c) || !c.host.startsWith('tcp://');
    },
  });
  const a: RotateEngineCertificateArgs = call.kind === 'argument' ? call.value : { name };
  const ssh = a.ssh ? await sshHostOf(ctx, a.ssh) : undefined;
  const result = await withCancellableProgress(vscode.l10n.t('Rotating the engine certificate of {0}', name), async (signal, report) => {
    const deps = provisionDeps(ctx, { interactive, acceptUnknownHostKey: a.acceptUnknownHostKey, signal, report });
    try {
      return await rotateEngineCertificate({ ...a, name, ssh }, deps, { sudoPassword: (where) => (interactive ? askSudoPassword(where) : Promise.resolve(undefined)) });
    } catch (e) {
      if (e instanceof ContextError && e.kind === 'invalid-argument' && interactive) {
        throw new ContextError('invalid-argument', vscode.l10n.t('{0} Run "Secure Engine with TLS" for engines set up by hand, or call this command with an ssh argument.', e.message));
      }
      throw withHostDetails(e, (line) => ctx.logger.info('engine', line));
    }
  });
  ctx.pings.closeConnections();
  await ctx.model.refresh();
  if (interactive) void vscode.window.showInformationMessage(vscode.l10n.t('The engine of "{0}" has a new certificate, valid until {1}.', name, result.serverNotAfter.slice(0, 10)));
  return result;
}
