import { KeyObject, X509Certificate, createPrivateKey } from 'crypto';
import type * as Forge from 'node-forge';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode, errorMessage } from '../errors';
import { forge } from '../lazyModules';
import { FILE_LIMITS, readUserText } from '../userFile';
import { pemBlockTypes } from '../tls/tlsMaterial';
import { check, optional, record, text } from '../validation/schema';
import { ASN1_UTF8_STRING } from './asn1Names';

/** A CA that already exists: its certificate and key (PEM), and the key's passphrase if it is encrypted. */
export interface ExistingCa {
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
  /** Where the certificate and the key come from, for messages (the PEM texts' own names otherwise). */
  readonly certFile?: string;
  readonly keyFile?: string;
}

/** The CA, ready to sign. */
export interface LoadedCa {
  readonly cert: Forge.pki.Certificate;
  readonly key: KeyObject;
  /** The subject, as attributes a new certificate's issuer can be set to. */
  readonly subject: Forge.pki.CertificateField[];
}

const existingCaSchema = record<ExistingCa>({ cert: text(), key: text(), passphrase: optional(text()), certFile: optional(text()), keyFile: optional(text()) });

/** Reads a CA's certificate and key from the files a person named, bounded and regular files only. */
export async function readExistingCa(files: { cert: string; key: string; passphrase?: string }, signal?: AbortSignal): Promise<ExistingCa> {
  const [cert, key] = await Promise.all([
    readUserText(files.cert, { what: l10n.t('CA certificate'), maxBytes: FILE_LIMITS.caBundle, kind: 'invalid-tls-material', signal }),
    readUserText(files.key, { what: l10n.t('CA key'), maxBytes: FILE_LIMITS.key, kind: 'invalid-tls-material', signal }),
  ]);
  return { cert, key, passphrase: files.passphrase, certFile: files.cert, keyFile: files.key };
}

/**
 * Checks an existing CA and readies it for signing. Every refusal names the file and says what
 * to do: an encrypted key without (or with a wrong) passphrase, a public key or a certificate
 * given as the key, a key that is not the certificate's, a certificate that is not a CA's or has
 * expired. Never an OpenSSL code.
 */
export function loadCa(given: unknown): LoadedCa {
  const ca = check(existingCaSchema, given, l10n.t('The existing CA'));
  const keyFile = ca.keyFile ?? l10n.t('the CA key');
  const certFile = ca.certFile ?? l10n.t('the CA certificate');
  const key = readKey(ca.key, ca.passphrase, keyFile);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(ca.cert);
  } catch {
    throw new ContextError('invalid-tls-material', l10n.t('{0} is not a certificate in PEM form (-----BEGIN CERTIFICATE-----). Choose the CA certificate (ca.pem).', certFile));
  }
  if (x509.publicKey.asymmetricKeyType !== 'rsa') {
    throw new ContextError('invalid-tls-material', l10n.t('{0} is a CA with a {1} key; only RSA CAs can sign here. Generate a new CA.', certFile, String(x509.publicKey.asymmetricKeyType)));
  }
  if (!x509.ca) throw new ContextError('invalid-tls-material', l10n.t('{0} is not a CA certificate (basicConstraints CA:TRUE is missing). Choose the certificate of the CA (ca.pem).', certFile));
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(key);
  } catch {
    matches = false;
  }
  if (!matches) throw new ContextError('invalid-tls-material', l10n.t('The CA key {0} does not belong to the CA certificate {1}. Choose the key that was made with that certificate.', keyFile, certFile));
  if (new Date(x509.validTo) < new Date()) {
    throw new ContextError('invalid-tls-material', l10n.t('The CA certificate {0} expired on {1}. Generate a new CA.', certFile, new Date(x509.validTo).toISOString().slice(0, 10)));
  }
  const cert = forge().pki.certificateFromPem(ca.cert);
  // forge keeps a parsed UTF8String as its raw bytes and would encode them again when writing
  // an issuer: give it the text, so the issuer matches the CA's subject byte for byte.
  const subject = cert.subject.attributes.map((a) => ((a.valueTagClass as number | undefined) === ASN1_UTF8_STRING ? { ...a, value: forge().util.decodeUtf8(String(a.value)) } : a));
  return { cert, key, subject };
}

function readKey(pem: string, passphrase: string | undefined, keyFile: string): KeyObject {
  const blocks = pemBlockTypes(pem);
  const hasPrivateKey = blocks.some((b) => /PRIVATE KEY$/.test(b));
  if (!hasPrivateKey && blocks.some((b) => /PUBLIC KEY$/.test(b))) {
    throw new ContextError('invalid-tls-material', l10n.t('{0} holds a public key, not a private key. Choose the CA’s private key (ca-key.pem).', keyFile));
  }
  if (!hasPrivateKey && blocks.includes('CERTIFICATE')) {
    throw new ContextError('invalid-tls-material', l10n.t('{0} holds a certificate, not a private key. Choose the CA’s private key (ca-key.pem).', keyFile));
  }
  const encrypted = /ENCRYPTED/.test(pem);
  if (encrypted && !passphrase) throw new ContextError('invalid-tls-material', l10n.t('The CA key {0} is encrypted: give its passphrase.', keyFile));
  try {
    return createPrivateKey({ key: pem, passphrase });
  } catch (e) {
    const code = errorCode(e) ?? '';
    if (code === 'ERR_MISSING_PASSPHRASE' || /INTERRUPTED_OR_CANCELLED/.test(code)) {
      throw new ContextError('invalid-tls-material', l10n.t('The CA key {0} is encrypted: give its passphrase.', keyFile));
    }
    if (encrypted || /BAD_DECRYPT/.test(code) || /bad decrypt|unable to decrypt/i.test(errorMessage(e))) {
      throw new ContextError('invalid-tls-material', l10n.t('The passphrase of the CA key {0} is wrong.', keyFile));
    }
    throw new ContextError('invalid-tls-material', l10n.t('{0} is not a PEM private key. Choose the CA’s private key (ca-key.pem).', keyFile));
  }
}
