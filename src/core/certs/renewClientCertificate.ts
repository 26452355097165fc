import { X509Certificate } from 'crypto';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { FILE_LIMITS, readUserFile } from '../userFile';
import { check, optional, record, text } from '../validation/schema';
import { certificateRules } from './certificateInputs';
import { readExistingCa } from './existingCa';
import { issueClientCertificate } from './issueCertificates';
import { KEY_SIZES, RsaKeySize, generateRsaKey } from './keyPool';

export interface RenewalRequest {
  /** The client certificate being renewed: its common name and key size carry over. */
  readonly currentCert: string;
  /** The CA's certificate and key files. */
  readonly caCert: string;
  readonly caKey: string;
  readonly caPassphrase?: string;
  readonly days: number;
}

export interface RenewedCertificate {
  readonly cert: string;
  readonly key: string;
  readonly clientName: string;
  /** The new end of validity. */
  readonly validTo: Date;
}

const renewalRequest = record<RenewalRequest>({
  currentCert: text(),
  caCert: text(),
  caKey: text(),
  caPassphrase: optional(text()),
  days: certificateRules.days,
});

/**
 * A fresh client certificate and key for one that exists, from its CA: the same common name, a
 * new key of the old key's size (4096 bits if that is not one of ours), valid for `days` by the
 * generator's rules. Every file is read bounded and only if it is a regular file. Nothing is
 * written: the caller puts the result in place. A cancel rejects with the signal's reason.
 */
export async function renewClientCertificate(request: RenewalRequest, signal?: AbortSignal): Promise<RenewedCertificate> {
  const r = check(renewalRequest, request, l10n.t('The renewal'));
  const current = await readUserFile(r.currentCert, { what: l10n.t('client certificate'), maxBytes: FILE_LIMITS.certificate, kind: 'invalid-tls-material', signal });
  let old: X509Certificate;
  try {
    old = new X509Certificate(current);
  } catch {
    throw new ContextError('invalid-tls-material', l10n.t('The client certificate {0} does not parse as a certificate; create the context again with new files.', r.currentCert));
  }
  const ca = await readExistingCa({ cert: r.caCert, key: r.caKey, passphrase: r.caPassphrase }, signal);
  const cn = (old.toLegacyObject().subject as Record<string, string | string[] | undefined>).CN;
  const clientName = (Array.isArray(cn) ? cn[0] : cn) ?? 'client';
  const bits = old.publicKey.asymmetricKeyDetails?.modulusLength;
  const size: RsaKeySize = KEY_SIZES.find((s) => s === bits) ?? 4096;
  const key = await generateRsaKey(size);
  signal?.throwIfAborted();
  const issued = issueClientCertificate(ca, clientName, r.days, key);
  return { ...issued, clientName, validTo: new Date(new X509Certificate(issued.cert).validTo) };
}
