import { KeyObject, X509Certificate, createPrivateKey } from 'crypto';
import * as path from 'path';
import { ContextError, errorCode } from '../errors';
import { FILE_LIMITS, readUserFile } from '../userFile';
import * as l10n from '@vscode/l10n';

/** The three files of a TLS context, read into memory; `files` names them in messages. */
export interface TlsMaterial {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly files?: TlsFilePaths;
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

/**
 * Reads the three files, each only if it is a regular file within its bound (a CA bundle
 * 512 KiB, a certificate 256 KiB, a key 64 KiB), never blocking on a FIFO; a file that cannot
 * be used is named in the error.
 */
export async function readClientMaterial(files: TlsFilePaths, signal?: AbortSignal): Promise<TlsMaterial> {
  const kind = 'invalid-tls-material';
  const [ca, cert, key] = await Promise.all([
    readUserFile(files.ca, { what: l10n.t('CA certificate'), maxBytes: FILE_LIMITS.caBundle, kind, signal }),
    readUserFile(files.cert, { what: l10n.t('client certificate'), maxBytes: FILE_LIMITS.certificate, kind, signal }),
    readUserFile(files.key, { what: l10n.t('client key'), maxBytes: FILE_LIMITS.key, kind, signal }),
  ]);
  return { ca, cert, key, files };
}

const PEM_BLOCK = /-{5}BEGIN ([A-Z0-9 ]+)-{5}/g;

/** The types of the PEM blocks in a text (`CERTIFICATE`, `PUBLIC KEY`, `ENCRYPTED PRIVATE KEY`…), in order. */
export function pemBlockTypes(text: string): string[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => m[1]);
}

/** The certificates in a PEM file (a CA file may hold a bundle). `file` names it in messages. */
export function parseCertificates(pem: Buffer | string, what: string, file?: string): X509Certificate[] {
  const text = pem.toString('utf8');
  const named = file ? `${what} ${file}` : what;
  const blocks = text.match(/-{5}BEGIN CERTIFICATE-{5}[\s\S]+?-{5}END CERTIFICATE-{5}/g) ?? [];
  if (blocks.length === 0) {
    const found = [...text.matchAll(PEM_BLOCK)].map((m) => m[1]);
    const why = found.length
      ? l10n.t('The {0} holds no certificate, only {1}. Choose the PEM file that begins with -----BEGIN CERTIFICATE-----.', named, [...new Set(found)].join(', '))
      : l10n.t('The {0} holds no PEM certificate. Choose the PEM file that begins with -----BEGIN CERTIFICATE----- (convert a DER file with openssl x509 -inform der -in FILE -out cert.pem).', named);
    throw new ContextError('invalid-tls-material', why);
  }
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch {
      throw new ContextError('invalid-tls-material', l10n.t('Certificate {0} in the {1} is damaged and does not parse. Choose an intact copy of the file.', i + 1, named));
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
  const files = material.files;
  const caNamed = files ? `${l10n.t('CA file')} ${files.ca}` : l10n.t('CA file');
  const cas = parseCertificates(material.ca, l10n.t('CA file'), files?.ca);
  const [cert] = parseCertificates(material.cert, l10n.t('client certificate'), files?.cert);
  const key = readPrivateKey(material.key, files?.key ? `${l10n.t('client key')} ${files.key}` : l10n.t('client key'));
  if (!cert.checkPrivateKey(key)) {
    throw new ContextError(
      'invalid-tls-material',
      files
        ? l10n.t('The client key {0} does not belong to the client certificate {1}: choose the key made with this certificate (they are issued as a pair).', files.key, files.cert)
        : l10n.t('The client key does not belong to the client certificate: choose the key.pem made with this cert.pem.'),
    );
  }
  const issuer = cas.find((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (!issuer) {
    throw new ContextError(
      'invalid-tls-material',
      l10n.t('The client certificate ({0}) is not signed by the CA in the {1} ({2}). Choose the CA that issued it.', cert.subject.replace(/\n/g, ', '), caNamed, cas[0].subject.replace(/\n/g, ', ')),
    );
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

/**
 * The private key in `data`, or a message that says what the file holds instead (a public key,
 * a certificate, an OpenSSH key, an encrypted key) and what to choose: never an OpenSSL code.
 */
function readPrivateKey(data: Buffer, named: string): KeyObject {
  const text = data.toString('utf8');
  const encrypted = () =>
    new ContextError('invalid-tls-material', l10n.t('The {0} is encrypted, and the docker CLI cannot use an encrypted TLS key. Decrypt a copy (openssl pkey -in KEY -out key-plain.pem), keep it private, and choose that.', named));
  const blocks = pemBlockTypes(text);
  if (blocks.includes('ENCRYPTED PRIVATE KEY') || /Proc-Type: 4,ENCRYPTED/.test(text)) throw encrypted();
  if (!blocks.some((b) => /PRIVATE KEY$/.test(b))) {
    let why: string;
    if (blocks.some((b) => /PUBLIC KEY$/.test(b))) why = l10n.t('The {0} holds a public key, not a private key. Choose the private key made with the client certificate (key.pem).', named);
    else if (blocks.includes('CERTIFICATE')) why = l10n.t('The {0} holds a certificate, not a private key. Choose the private key made with the client certificate (key.pem).', named);
    else why = l10n.t('The {0} holds no PEM private key. Choose the private key made with the client certificate (key.pem).', named);
    throw new ContextError('invalid-tls-material', why);
  }
  if (blocks.includes('OPENSSH PRIVATE KEY') && !blocks.some((b) => b !== 'OPENSSH PRIVATE KEY' && /PRIVATE KEY$/.test(b))) {
    throw new ContextError('invalid-tls-material', l10n.t('The {0} is an OpenSSH key, not a TLS private key. Choose the private key made with the client certificate (key.pem).', named));
  }
  try {
    return createPrivateKey(data);
  } catch (e) {
    if (errorCode(e) === 'ERR_MISSING_PASSPHRASE') throw encrypted();
    throw new ContextError('invalid-tls-material', l10n.t('The {0} is damaged and does not parse as a private key. Choose an intact copy of the key made with the client certificate.', named));
  }
}

function checkValidity(cert: X509Certificate, what: string, now: Date): void {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now > to) throw new ContextError('invalid-tls-material', l10n.t('The {0} expired on {1}. Issue a new one.', what, to.toISOString().slice(0, 10)));
  if (now < from) throw new ContextError('invalid-tls-material', l10n.t("The {0} is not valid before {1}. Check this machine's clock.", what, from.toISOString()));
}
