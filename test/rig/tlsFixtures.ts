import { promises as fs } from 'fs';
import * as path from 'path';
import { mustRun } from './processes';

/**
 * Certificates made with the real `openssl` CLI, in a folder of the test run; nothing here is
 * ever committed. Leaf certificates are signed with `openssl ca`, which (unlike `openssl x509`
 * in OpenSSL 3.0) takes explicit start and end dates, so expired and not-yet-valid
 * certificates come from the same code as good ones.
 */

const OPENSSL = '/usr/bin/openssl';
const DAY_MS = 24 * 60 * 60 * 1000;

export type KeyType = 'rsa' | 'ec';

/** A certificate authority: its certificate and its private key, both PEM files. */
export interface CertificateAuthority {
  readonly certFile: string;
  readonly keyFile: string;
  readonly commonName: string;
}

export interface CaOptions {
  /** Folder that receives `<name>.pem` and `<name>-key.pem`. */
  readonly dir: string;
  /** File name stem; `ca` gives ca.pem and ca-key.pem. */
  readonly name?: string;
  readonly commonName?: string;
  /** Validity from now; 30 days unless told. */
  readonly days?: number;
  readonly keyType?: KeyType;
}

/** What a leaf certificate is for: the daemon's side, the client's side, or both. */
export type CertUsage = 'server' | 'client' | 'both';

export interface LeafOptions {
  /** Folder that receives the certificate and its key. */
  readonly dir: string;
  /** File names inside `dir`. */
  readonly certName: string;
  readonly keyName: string;
  readonly usage: CertUsage;
  readonly commonName?: string;
  /** subjectAltName entries, e.g. `DNS:localhost`, `IP:127.0.0.1`; none when empty. */
  readonly sans?: readonly string[];
  /** Valid from `notBefore` (default: an hour ago, to allow for clock skew)... */
  readonly notBefore?: Date;
  /** ...until `notAfter` (default: `days` after now, 30 unless told). A past date makes an expired certificate. */
  readonly notAfter?: Date;
  readonly days?: number;
  readonly keyType?: KeyType;
}

export interface LeafCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

function keyArgs(keyType: KeyType): string[] {
  return keyType === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
}

/** A self-signed CA made with `openssl req -x509`. */
export async function createCa(options: CaOptions): Promise<CertificateAuthority> {
  const name = options.name ?? 'ca';
  const commonName = options.commonName ?? 'Docker Remote Contexts test CA';
  const certFile = path.join(options.dir, `${name}.pem`);
  const keyFile = path.join(options.dir, `${name}-key.pem`);
  await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
  await mustRun(OPENSSL, [
    'req', '-x509', '-new', '-nodes', ...keyArgs(options.keyType ?? 'rsa'),
    '-keyout', keyFile, '-out', certFile,
    '-days', String(options.days ?? 30),
    '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await fs.chmod(keyFile, 0o600);
  return { certFile, keyFile, commonName };
}

/** `openssl ca` time format: YYYYMMDDHHMMSSZ in UTC. */
function caTime(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

function extensionsFor(options: LeafOptions): string[] {
  const usage = { server: 'serverAuth', client: 'clientAuth', both: 'serverAuth,clientAuth' }[options.usage];
  const lines = [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${usage}`,
  ];
  if (options.sans && options.sans.length) lines.push(`subjectAltName = ${options.sans.join(',')}`);
  return lines;
}

/**
 * A key and a certificate signed by `ca`. Each call works in its own scratch folder (its own
 * `openssl ca` database), so calls may run in parallel.
 */
export async function issueCertificate(ca: CertificateAuthority, options: LeafOptions): Promise<LeafCertificate> {
  await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
  const work = await fs.mkdtemp(path.join(options.dir, '.openssl-'));
  const certFile = path.join(options.dir, options.certName);
  const keyFile = path.join(options.dir, options.keyName);
  const csr = path.join(work, 'request.csr');
  const config = path.join(work, 'ca.cnf');
  try {
    await fs.writeFile(path.join(work, 'index.txt'), '');
    await fs.writeFile(config, [
      '[ ca ]', 'default_ca = this_ca',
      '[ this_ca ]', `database = ${path.join(work, 'index.txt')}`, `new_certs_dir = ${work}`,
      'rand_serial = yes', 'default_md = sha256', 'policy = any_name', 'unique_subject = no', 'copy_extensions = none',
      '[ any_name ]', 'commonName = supplied',
      '[ leaf ]', ...extensionsFor(options), '',
    ].join('\n'));
    const commonName = options.commonName ?? (options.usage === 'client' ? 'drc-test client' : 'localhost');
    await mustRun(OPENSSL, ['req', '-new', '-nodes', ...keyArgs(options.keyType ?? 'rsa'), '-keyout', keyFile, '-subj', `/CN=${commonName}`, '-out', csr]);
    const notBefore = options.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
    const notAfter = options.notAfter ?? new Date(Date.now() + (options.days ?? 30) * DAY_MS);
    await mustRun(OPENSSL, [
      'ca', '-batch', '-notext', '-config', config, '-extensions', 'leaf',
      '-cert', ca.certFile, '-keyfile', ca.keyFile,
      '-startdate', caTime(notBefore), '-enddate', caTime(notAfter),
      '-in', csr, '-out', certFile,
    ]);
    await fs.chmod(keyFile, 0o600);
    return { certFile, keyFile };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** A certificate's end date as `openssl x509 -enddate` reads it from the file, ISO 8601 (an oracle for our own reading). */
export async function opensslEndDate(certFile: string): Promise<string> {
  const out = await mustRun(OPENSSL, ['x509', '-enddate', '-noout', '-dateopt', 'iso_8601', '-in', certFile]);
  // notAfter=2027-01-05 09:33:30Z
  const m = /^notAfter=(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)Z$/m.exec(out);
  if (!m) throw new Error(`openssl printed an end date in an unknown form: ${out}`);
  return `${m[1]}T${m[2]}.000Z`;
}

/** The daemon's and the client's files, named as `DOCKER_CERT_PATH` and dockerd expect them. */
export interface TlsFixtures {
  readonly dir: string;
  readonly ca: string;
  readonly caKey: string;
  readonly cert: string;
  readonly key: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly authority: CertificateAuthority;
}

/**
 * A CA, a server certificate for `localhost` and 127.0.0.1, and a client certificate, in `dir`:
 * ca.pem, server-cert.pem, server-key.pem, cert.pem, key.pem (and ca-key.pem to sign more).
 */
export async function createTlsFixtures(dir: string, options: { days?: number; keyType?: KeyType } = {}): Promise<TlsFixtures> {
  const authority = await createCa({ dir, days: options.days, keyType: options.keyType });
  const [server, client] = await Promise.all([
    issueCertificate(authority, {
      dir, certName: 'server-cert.pem', keyName: 'server-key.pem', usage: 'server',
      sans: ['DNS:localhost', 'IP:127.0.0.1'], days: options.days, keyType: options.keyType,
    }),
    issueCertificate(authority, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', days: options.days, keyType: options.keyType }),
  ]);
  return {
    dir,
    ca: authority.certFile,
    caKey: authority.keyFile,
    cert: client.certFile,
    key: client.keyFile,
    serverCert: server.certFile,
    serverKey: server.keyFile,
    authority,
  };
}
