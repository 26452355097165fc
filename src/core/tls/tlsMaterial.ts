import { X509Certificate, createPrivateKey } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { ContextError, errorCode, errorMessage } from '../errors';
import * as l10n from '@vscode/l10n';

/** The three files of a TLS context, read into memory. */
export interface TlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export interface TlsFilePaths {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_PURPOSE = '2.5.29.37.0';

/** The `DOCKER_CERT_PATH` layout: ca.pem, cert.pem and key.pem in one folder. */
export function certDirFiles(dir: string): TlsFilePaths {
  return { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') };
}

/** Reads the three files; a missing or unreadable one is named in the error. */
export async function readClientMaterial(files: TlsFilePaths): Promise<TlsMaterial> {
  const read = async (file: string, what: string) => {
    try {
      return await fs.readFile(file);
    } catch (e) {
      const why = errorCode(e) === 'ENOENT' ? l10n.t('The {0} {1} does not exist.', what, file) : l10n.t('The {0} {1} cannot be read ({2}).', what, file, errorMessage(e));
      throw new ContextError('invalid-tls-material', why);
    }
  };
  const [ca, cert, key] = await Promise.all([read(files.ca, l10n.t('CA certificate')), read(files.cert, l10n.t('client certificate')), read(files.key, l10n.t('client key'))]);
  return { ca, cert, key };
}

/** The certificates in a PEM file (a CA file may hold a bundle). */
export function parseCertificates(pem: Buffer | string, what: string): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-{5}BEGIN CERTIFICATE-{5}[\s\S]+?-{5}END CERTIFICATE-{5}/g) ?? [];
  if (blocks.length === 0) throw new ContextError('invalid-tls-material', l10n.t('The {0} holds no PEM certificate.', what));
  return blocks.map((b) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new ContextError('invalid-tls-material', l10n.t('The {0} does not parse: {1}', what, errorMessage(e)));
    }
  });
}

/** What the checks found, for a summary before saving and for expiry warnings. */
export interface ClientMaterialInfo {
  readonly clientSubject: string;
  readonly clientNotAfter: Date;
  readonly caSubject: string;
  readonly caNotAfter: Date;
}

/**
 * Checks TLS material the way dockerd and the docker CLI will use it, before anything is
 * written: each file parses, the key is not encrypted (the docker CLI cannot use encrypted
 * TLS keys) and matches the certificate, the certificate chains to the CA, may be used for
 * client authentication, and is valid now; the CA too.
 */
export function validateClientMaterial(material: TlsMaterial, now: Date = new Date()): ClientMaterialInfo {
  const cas = parseCertificates(material.ca, l10n.t('CA file'));
  const [cert] = parseCertificates(material.cert, l10n.t('client certificate'));
  const keyText = material.key.toString('utf8');
  if (/-{5}BEGIN ENCRYPTED PRIVATE KEY-{5}|Proc-Type: 4,ENCRYPTED/.test(keyText)) {
    throw new ContextError(
      'invalid-tls-material',
      l10n.t('The client key is encrypted, and the docker CLI cannot use an encrypted TLS key. Decrypt it first (openssl pkey -in key.pem -out key-plain.pem) and keep the result private.'),
    );
  }
  let key;
  try {
    key = createPrivateKey(material.key);
  } catch (e) {
    if (errorCode(e) === 'ERR_MISSING_PASSPHRASE') {
      throw new ContextError('invalid-tls-material', l10n.t('The client key is encrypted, and the docker CLI cannot use an encrypted TLS key. Decrypt it first.'));
    }
    throw new ContextError('invalid-tls-material', l10n.t('The client key does not parse as a private key: {0}', errorMessage(e)));
  }
  if (!cert.checkPrivateKey(key)) {
    throw new ContextError('invalid-tls-material', l10n.t('The client key does not belong to the client certificate: choose the key.pem made with this cert.pem.'));
  }
  const issuer = cas.find((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (!issuer) {
    throw new ContextError('invalid-tls-material', l10n.t('The client certificate ({0}) is not signed by the CA in the CA file ({1}).', cert.subject.replace(/\n/g, ', '), cas[0].subject.replace(/\n/g, ', ')));
  }
  const usages = cert.keyUsage;
  if (usages !== undefined && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_PURPOSE)) {
    throw new ContextError('invalid-tls-material', l10n.t('The certificate may not be used for client authentication (its extendedKeyUsage lacks clientAuth): dockerd will refuse it. Issue a client certificate with extendedKeyUsage = clientAuth.'));
  }
  checkValidity(cert, l10n.t('client certificate'), now);
  checkValidity(issuer, l10n.t('CA certificate'), now);
  return {
    clientSubject: cert.subject.replace(/\n/g, ', '),
    clientNotAfter: new Date(cert.validTo),
    caSubject: issuer.subject.replace(/\n/g, ', '),
    caNotAfter: new Date(issuer.validTo),
  };
}

function checkValidity(cert: X509Certificate, what: string, now: Date): void {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now > to) throw new ContextError('invalid-tls-material', l10n.t('The {0} expired on {1}. Issue a new one.', what, to.toISOString().slice(0, 10)));
  if (now < from) throw new ContextError('invalid-tls-material', l10n.t("The {0} is not valid before {1}. Check this machine's clock.", what, from.toISOString()));
}
