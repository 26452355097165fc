import * as vscode from 'vscode';
import { RenewClientCertificateArgs } from '../constants/commands';
import { VALIDITY_DAYS } from '../core/certs/certificateInputs';
import { renewClientCertificate } from '../core/certs/renewClientCertificate';
import { ContextError } from '../core/errors';
import { FILE_LIMITS, readUserText } from '../core/userFile';
import { DEFAULT_CONTEXT } from '../core/store/contextName';
import { Services } from '../services';
import { Invocation } from './arguments/invocation';
import { contextNameOf } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

/**
 * `dockerContexts.renewClientCertificate`: issues a fresh client certificate for a TLS context
 * from its CA (same common name, a new key) and replaces the context's cert.pem and key.pem.
 * Argument: `{ name, caKey, caPassphrase?, caCert?, days? }` runs without asking; a name alone,
 * `{ name }` or a row (the expiry tooltip's link passes `{ name }`) asks for the CA key.
 * Returns the new end date.
 */
export async function renewClientCertificateCommand(ctx: Services, call: Invocation<RenewClientCertificateArgs>): Promise<string> {
  const a = call.kind === 'argument' ? call.value : undefined;
  const name = await contextNameOf(call, ctx.model, {
    title: vscode.l10n.t('Renew Client Certificate'),
    placeholder: vscode.l10n.t('Select the TLS context'),
    exclude: (n) => !ctx.model.find(n)?.tls.cert || n === DEFAULT_CONTEXT,
  });
  const context = await ctx.model.store.get(name);
  if (context.isDefault || !context.tls.cert || !context.tls.ca || !context.tls.key) {
    throw new ContextError('invalid-tls-material', vscode.l10n.t('"{0}" has no client certificate to renew.', name));
  }
  let caKeyFile = a?.caKey;
  let passphrase = a?.caPassphrase;
  if (!caKeyFile) {
    const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('The CA key (ca-key.pem) that signed {0}', name), canSelectMany: false, filters: { PEM: ['pem', 'key'] } });
    if (!picked?.[0]) throw new ContextError('cancelled', 'cancelled');
    caKeyFile = picked[0].fsPath;
    const keyText = await readUserText(caKeyFile, { what: vscode.l10n.t('CA key'), maxBytes: FILE_LIMITS.key, kind: 'invalid-tls-material' });
    if (passphrase === undefined && /ENCRYPTED/.test(keyText)) {
      passphrase = await vscode.window.showInputBox({ prompt: vscode.l10n.t('The passphrase of {0}', caKeyFile), password: true, ignoreFocusOut: true });
      if (passphrase === undefined) throw new ContextError('cancelled', 'cancelled');
    }
  }
  const days = a?.days ?? VALIDITY_DAYS.default;
  const currentCert = context.tls.cert;
  const contextCa = context.tls.ca;
  // A cancel rejects with the signal's reason (an AbortError) before anything is written.
  const renewed = await withCancellableProgress(vscode.l10n.t('Renewing the client certificate of {0}', name), (signal) =>
    renewClientCertificate({ currentCert, caCert: a?.caCert ?? contextCa, caKey: caKeyFile, caPassphrase: passphrase, days }, signal),
  );
  const caPem = await readUserText(contextCa, { what: vscode.l10n.t('CA certificate'), maxBytes: FILE_LIMITS.caBundle, kind: 'invalid-tls-material' });
  await ctx.model.store.update(context.meta, { docker: { 'ca.pem': caPem, 'cert.pem': renewed.cert, 'key.pem': renewed.key } });
  const until = renewed.validTo.toISOString();
  ctx.logger.info('certificates', `Renewed the client certificate of "${name}" (CN=${renewed.clientName}), valid until ${until}`);
  await ctx.model.refresh();
  const complete = a?.caKey !== undefined;
  if (!complete) void vscode.window.showInformationMessage(vscode.l10n.t('Renewed the client certificate of "{0}": valid until {1}.', name, until));
  return until;
}
