import { KeyObject, createPublicKey, randomBytes } from 'crypto';
import type * as Forge from 'node-forge';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { forge } from '../lazyModules';
import { check, record } from '../validation/schema';
import { ipAddressBytes, nameStringType } from './asn1Names';
import { CertificateRequest, certificateRules, checkRequest } from './certificateInputs';
import { ExistingCa, LoadedCa, loadCa } from './existingCa';

/** The PEM texts of a set, named as Docker's guide names the files. */
export interface CertificateSet {
  readonly 'ca.pem': string;
  /** Absent when an existing CA signed the set: its key stays where it is. */
  readonly 'ca-key.pem'?: string;
  readonly 'server-cert.pem': string;
  readonly 'server-key.pem': string;
  readonly 'cert.pem': string;
  readonly 'key.pem': string;
}

type Attrs = Forge.pki.CertificateField[];

/**
 * Issues a CA (or uses an existing one), a server certificate and a client certificate, the way
 * Docker's guide "Protect the Docker daemon socket" prescribes, with nothing it leaves to
 * chance: X.509 v3, SHA-256, random positive 128-bit serials, notBefore five minutes back; the
 * CA with basicConstraints CA:TRUE (critical), keyCertSign + cRLSign and a subject key id; the
 * server with every DNS name and IP in subjectAltName, serverAuth, digitalSignature +
 * keyEncipherment; the client with clientAuth. `keys` supplies the RSA keys (CA, server,
 * client; the CA key is not taken when `existingCa` is given).
 */
export async function issueCertificates(
  request: CertificateRequest,
  keys: () => Promise<KeyObject>,
  existingCa?: ExistingCa,
  signal?: AbortSignal,
): Promise<CertificateSet> {
  request = checkRequest(request);
  const f = forge();
  const ca = existingCa ? loadCa(existingCa) : undefined;
  signal?.throwIfAborted();
  const [caKey, serverKey, clientKey] = await Promise.all([ca ? Promise.resolve(ca.key) : keys(), keys(), keys()]);
  signal?.throwIfAborted();
  const notBefore = new Date(Date.now() - 5 * 60 * 1000);
  const notAfter = new Date(notBefore.getTime() + request.days * 86400 * 1000 + 5 * 60 * 1000);
  const caForgeKey = toForgeKey(caKey);

  let caCert: Forge.pki.Certificate;
  if (ca) {
    caCert = ca.cert;
  } else {
    caCert = newCertificate(f, caKey, notBefore, notAfter);
    const subject: Attrs = [nameAttribute('commonName', `Docker CA for ${request.hostnames[0] ?? request.ips[0]}`), nameAttribute('organizationName', 'Docker Remote Contexts')];
    caCert.setSubject(subject);
    caCert.setIssuer(subject);
    caCert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    caCert.sign(caForgeKey, f.md.sha256.create());
  }
  signal?.throwIfAborted();
  const caSubject = ca ? ca.subject : caCert.subject.attributes;
  const caKeyId = caCert.generateSubjectKeyIdentifier().getBytes();

  const server = newCertificate(f, serverKey, notBefore, notAfter);
  server.setSubject([nameAttribute('commonName', request.hostnames[0] ?? request.ips[0])]);
  server.setIssuer(caSubject);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...request.hostnames.map((value) => ({ type: 2, value })), ...request.ips.map((ip) => ({ type: 7, value: ipAddressBytes(ip)!.toString('binary') }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId },
  ]);
  server.sign(caForgeKey, f.md.sha256.create());
  signal?.throwIfAborted();

  const client = signedClientCertificate(f, { cert: caCert, subject: caSubject }, caForgeKey, clientKey, request.clientName, notBefore, notAfter);

  const plainKey = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    'ca.pem': ca ? existingCa!.cert : f.pki.certificateToPem(caCert),
    ...(ca
      ? {}
      : {
          'ca-key.pem': request.caPassphrase
            ? caKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: request.caPassphrase }).toString()
            : plainKey(caKey),
        }),
    'server-cert.pem': f.pki.certificateToPem(server),
    // Neither dockerd nor the docker CLI can read an encrypted TLS key: these two stay plain.
    'server-key.pem': plainKey(serverKey),
    'cert.pem': f.pki.certificateToPem(client),
    'key.pem': plainKey(clientKey),
  };
}

const clientRequest = record<{ clientName: string; days: number }>({ clientName: certificateRules.commonName, days: certificateRules.days });

/**
 * Issues a fresh client certificate from an existing CA (renewing a TLS context's material),
 * with the generator's rules for the name and the validity.
 */
export function issueClientCertificate(ca: ExistingCa, clientName: string, days: number, key: KeyObject): { cert: string; key: string } {
  ({ clientName, days } = check(clientRequest, { clientName, days }, l10n.t('The client certificate')));
  const f = forge();
  const loaded = loadCa(ca);
  const notBefore = new Date(Date.now() - 5 * 60 * 1000);
  const notAfter = new Date(notBefore.getTime() + days * 86400 * 1000 + 5 * 60 * 1000);
  const client = signedClientCertificate(f, loaded, toForgeKey(loaded.key), key, clientName, notBefore, notAfter);
  return { cert: f.pki.certificateToPem(client), key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A client certificate: clientAuth, digitalSignature, signed by the CA. */
function signedClientCertificate(
  f: typeof Forge,
  ca: Pick<LoadedCa, 'cert' | 'subject'>,
  caKey: Forge.pki.rsa.PrivateKey,
  key: KeyObject,
  clientName: string,
  notBefore: Date,
  notAfter: Date,
): Forge.pki.Certificate {
  const client = newCertificate(f, key, notBefore, notAfter);
  client.setSubject([nameAttribute('commonName', clientName)]);
  client.setIssuer(ca.subject);
  client.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  client.sign(caKey, f.md.sha256.create());
  return client;
}

/**
 * A name attribute in the string type Go and OpenSSL would choose (see nameStringType), cut to
 * RFC 5280's 64 characters: a long DNS name lives whole in subjectAltName, where clients look.
 */
function nameAttribute(name: string, value: string): Forge.pki.CertificateField {
  const cut = [...value].slice(0, 64).join('');
  return { name, value: cut, valueTagClass: nameStringType(cut) as Forge.asn1.Class };
}

function newCertificate(f: typeof Forge, key: KeyObject, notBefore: Date, notAfter: Date): Forge.pki.Certificate {
  const cert = f.pki.createCertificate();
  cert.publicKey = f.pki.publicKeyFromPem(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

/** 128 random bits with the top bit cleared, so the DER integer stays positive. */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  if (bytes[0] === 0) bytes[0] = 0x01;
  return bytes.toString('hex');
}

function toForgeKey(key: KeyObject): Forge.pki.rsa.PrivateKey {
  if (key.asymmetricKeyType !== 'rsa') throw new ContextError('invalid-tls-material', l10n.t('Only RSA CA keys can sign here; this CA key is ') + String(key.asymmetricKeyType) + '.');
  return forge().pki.privateKeyFromPem(key.export({ type: 'pkcs8', format: 'pem' }).toString());
}
