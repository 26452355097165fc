import * as vscode from 'vscode';
import { commandLink } from '../commands/typedCommands';
import { Commands } from '../constants/commands';
import { CERTIFICATE_KINDS, CertificateKind, TlsExpiry, expiryState } from '../core/tls/tlsExpiry';
import { readSettings } from '../settings';

/**
 * The tooltip lines about the certificate end dates of the context `name` (client, CA, and the
 * engine's own as its last ping saw it): a warning under the setting's days, an error once past,
 * and then a link that renews that context's client certificate.
 */
export function appendExpiryMarkdown(md: vscode.MarkdownString, name: string, expiry: TlsExpiry, now: Date = new Date()): void {
  const warnDays = readSettings().expiryWarningDays;
  for (const which of CERTIFICATE_KINDS) {
    const date = expiry[which];
    if (!date) continue;
    const what = certificateName(which);
    const day = date.toISOString().slice(0, 10);
    const days = Math.floor((date.getTime() - now.getTime()) / 86400000);
    const state = expiryState({ [which]: date }, warnDays, now).state;
    if (state === 'expired') md.appendMarkdown(`$(error) ${vscode.l10n.t('{0} expired on {1}.', what, day)}\n\n`);
    else if (state === 'soon') md.appendMarkdown(`$(warning) ${vscode.l10n.t('{0} expires on {1}, in {2} days.', what, day, String(days))}\n\n`);
    else md.appendMarkdown(`${vscode.l10n.t('{0} valid until {1}.', what, day)}\n\n`);
  }
  const overall = expiryState(expiry, warnDays, now);
  if (overall.state !== 'ok' && overall.which === 'client') {
    md.isTrusted = { enabledCommands: [Commands.renewClientCertificate] };
    md.appendMarkdown(`[${vscode.l10n.t('Renew the client certificate')}](${commandLink(Commands.renewClientCertificate, { name })})\n\n`);
  } else if (overall.state !== 'ok' && overall.which === 'engine') {
    md.isTrusted = { enabledCommands: [Commands.rotateEngineCertificate] };
    md.appendMarkdown(`[${vscode.l10n.t('Rotate the engine certificate')}](${commandLink(Commands.rotateEngineCertificate, name)})\n\n`);
  }
}

/** A certificate's name at the start of a tooltip line. */
function certificateName(which: CertificateKind): string {
  switch (which) {
    case 'client':
      return vscode.l10n.t('Client certificate');
    case 'ca':
      return vscode.l10n.t('CA certificate');
    case 'engine':
      return vscode.l10n.t('Engine certificate');
  }
}
