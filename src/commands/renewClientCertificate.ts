import { X509Certificate } from 'crypto';
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { RenewClientCertificateArgs } from '../constants/commands';
import { VALIDITY_DAYS } from '../core/certs/certificateInputs';
import { issueClientCertificate } from '../core/certs/issueCertificates';
import { generateRsaKey } from '../core/certs/keyPool';
import { ContextError } from '../core/errors';
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
    if (passphrase === undefined && /ENCRYPTED/.test(await fs.readFile(caKeyFile, 'utf8'))) {
      passphrase = await vscode.window.showInputBox({ prompt: vscode.l10n.t('The passphrase of {0}', caKeyFile), password: true, ignoreFocusOut: true });
      if (passphrase === undefined) throw new ContextError('cancelled', 'cancelled');
    }
  }
  const old = new X509Certificate(await fs.readFile(context.tls.cert));
  const clientName = /CN=([^\n,]+)/.exec(old.subject)?.[1] ?? 'client';
  const days = a?.days ?? VALIDITY_DAYS.default;
  const [caPem, caCert, caKey] = await Promise.all([fs.readFile(context.tls.ca), fs.readFile(a?.caCert ?? context.tls.ca, 'utf8'), fs.readFile(caKeyFile, 'utf8')]);
  const renewed = await withCancellableProgress(vscode.l10n.t('Renewing the client certificate of {0}', name), async (signal) => {
    const key = await generateRsaKey(4096);
    signal.throwIfAborted();
    return issueClientCertificate({ cert: caCert, key: caKey, passphrase }, clientName, days, key);
  });
  await ctx.model.store.update(context.meta, { docker: { 'ca.pem': caPem, 'cert.pem': renewed.cert, 'key.pem': renewed.key } });
  const until = new X509Certificate(renewed.cert).validTo;
  ctx.logger.info('certificates', `Renewed the client certificate of "${name}" (CN=${clientName}), valid until ${until}`);
  await ctx.model.refresh();
  const complete = a?.caKey !== undefined;
  if (!complete) void vscode.window.showInformationMessage(vscode.l10n.t('Renewed the client certificate of "{0}": valid until {1}.', name, until));
  return new Date(until).toISOString();
}
