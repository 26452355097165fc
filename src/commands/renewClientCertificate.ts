import { X509Certificate } from 'crypto';
import { readFileSync } from 'fs';
import * as vscode from 'vscode';
import { issueClientCertificate } from '../core/certs/issueCertificates';
import { generateRsaKey } from '../core/certs/keyPool';
import { ContextError } from '../core/errors';
import { argumentObject, isTreeNode } from './commandArgs';
import { CommandContext } from './commandContext';
import { pickContext } from './pickContext';
import { withCancellableProgress } from './withCancellableProgress';

export interface RenewClientCertificateArgs {
  readonly name: string;
  /** The CA key (ca-key.pem) that signed the context's certificates. */
  readonly caKey: string;
  readonly caPassphrase?: string;
  /** The CA certificate; the context's own ca.pem when left out. */
  readonly caCert?: string;
  readonly days?: number;
}

/**
 * `dockerContexts.renewClientCertificate`: issues a fresh client certificate for a TLS context
 * from its CA (same common name, a new key) and replaces the context's cert.pem and key.pem.
 * Argument: `{ name, caKey, caPassphrase?, caCert?, days? }`. Returns the new end date.
 */
export async function renewClientCertificateCommand(ctx: CommandContext, arg?: unknown): Promise<string> {
  const a = isTreeNode(arg) ? undefined : (argumentObject(arg) as Partial<RenewClientCertificateArgs> | undefined);
  let name = a?.name ?? (isTreeNode(arg) && arg.kind === 'context' ? arg.context.name : undefined);
  name ??= await pickContext(ctx.model, {
    title: vscode.l10n.t('Renew Client Certificate'),
    placeholder: vscode.l10n.t('Select the TLS context'),
    exclude: (n) => !ctx.model.find(n)?.tls.cert || n === 'default',
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
    const keyText = readFileSync(caKeyFile, 'utf8');
    if (/ENCRYPTED/.test(keyText)) {
      passphrase = await vscode.window.showInputBox({ prompt: vscode.l10n.t('The passphrase of {0}', caKeyFile), password: true, ignoreFocusOut: true });
      if (passphrase === undefined) throw new ContextError('cancelled', 'cancelled');
    }
  }
  const old = new X509Certificate(readFileSync(context.tls.cert));
  const clientName = /CN=([^\n,]+)/.exec(old.subject)?.[1] ?? 'client';
  const days = a?.days ?? 365;
  const caCert = readFileSync(a?.caCert ?? context.tls.ca, 'utf8');
  const caKey = readFileSync(caKeyFile, 'utf8');
  const renewed = await withCancellableProgress(vscode.l10n.t('Renewing the client certificate of {0}', name), async (signal) => {
    const key = await generateRsaKey(4096);
    signal.throwIfAborted();
    return issueClientCertificate({ cert: caCert, key: caKey, passphrase }, clientName, days, key);
  });
  await ctx.model.store.update(context.meta, {
    docker: { 'ca.pem': readFileSync(context.tls.ca), 'cert.pem': renewed.cert, 'key.pem': renewed.key },
  });
  const until = new X509Certificate(renewed.cert).validTo;
  ctx.logger.info('certificates', `Renewed the client certificate of "${name}" (CN=${clientName}), valid until ${until}`);
  await ctx.model.refresh();
  if (!a) void vscode.window.showInformationMessage(vscode.l10n.t('Renewed the client certificate of "{0}": valid until {1}.', name, until));
  return new Date(until).toISOString();
}
