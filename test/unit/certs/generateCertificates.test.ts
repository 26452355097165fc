import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { KeyObject, createPrivateKey } from 'crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'fs';
import * as path from 'path';
import { generateCertificates } from '../../../src/core/certs/generateCertificates';
import { CertificateRequest } from '../../../src/core/certs/certificateInputs';
import { KeyPool } from '../../../src/core/certs/keyPool';
import { isContextError } from '../../../src/core/errors';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { countKeyGeneration } from './keyGenerationCounter';

const request: CertificateRequest = {
  hostnames: ['docker.example.com', 'build.internal'],
  ips: ['127.0.0.1', '10.10.10.20'],
  days: 365,
  keySize: 2048,
  clientName: 'client',
};

function openssl(...args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8' });
}

function text(file: string): string {
  return openssl('x509', '-in', file, '-noout', '-text');
}

describe('certificate generation', function () {
  this.timeout(60000);
  let world: TempWorld;
  let dir: string;
  beforeEach(() => {
    world = createTempWorld();
    dir = path.join(world.root, 'certs', 'docker.example.com');
  });
  afterEach(() => world.dispose());

  it('writes exactly the files Docker’s guide names, and no CSR, serial or extension file', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir } });
    assert.deepStrictEqual(readdirSync(dir).sort(), ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
  });

  it('passes openssl verify for the server (sslserver) and the client (sslclient)', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir } });
    const ca = path.join(dir, 'ca.pem');
    assert.match(openssl('verify', '-CAfile', ca, '-purpose', 'sslserver', path.join(dir, 'server-cert.pem')), /: OK/);
    assert.match(openssl('verify', '-CAfile', ca, '-purpose', 'sslclient', path.join(dir, 'cert.pem')), /: OK/);
    // And not the other way round: each certificate is for its own side only.
    const wrong = spawnSync('openssl', ['verify', '-CAfile', ca, '-purpose', 'sslclient', path.join(dir, 'server-cert.pem')], { encoding: 'utf8' });
    assert.notStrictEqual(wrong.status, 0);
  });

  it('puts every field of the guide in the certificates, as openssl x509 -text shows them', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir } });
    const ca = text(path.join(dir, 'ca.pem'));
    assert.match(ca, /Version: 3 \(0x2\)/);
    assert.match(ca, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(ca, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(ca, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(ca, /X509v3 Subject Key Identifier/);
    const server = text(path.join(dir, 'server-cert.pem'));
    assert.match(server, /Version: 3 \(0x2\)/);
    assert.match(server, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(server, /DNS:docker\.example\.com, DNS:build\.internal, IP Address:127\.0\.0\.1, IP Address:10\.10\.10\.20/);
    assert.match(server, /X509v3 Extended Key Usage:\s+TLS Web Server Authentication\n/);
    assert.match(server, /X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment/);
    assert.match(server, /X509v3 Authority Key Identifier/);
    assert.match(server, /Public-Key: \(2048 bit\)/);
    const client = text(path.join(dir, 'cert.pem'));
    assert.match(client, /X509v3 Extended Key Usage:\s+TLS Web Client Authentication\n/);
    assert.match(client, /Subject: CN ?= ?client/);
  });

  it('uses random positive serials of at least 64 bits and backdates notBefore by five minutes', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir } });
    const serials = ['ca.pem', 'server-cert.pem', 'cert.pem'].map((f) => openssl('x509', '-in', path.join(dir, f), '-noout', '-serial').trim().replace('serial=', ''));
    assert.strictEqual(new Set(serials).size, 3);
    for (const s of serials) {
      assert.ok(s.length >= 16, `serial ${s} is shorter than 64 bits`);
      assert.ok(parseInt(s.slice(0, 2), 16) < 0x80, `serial ${s} would be negative`);
    }
    const notBefore = new Date(openssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-startdate').trim().replace('notBefore=', ''));
    const skew = Date.now() - notBefore.getTime();
    assert.ok(skew > 4 * 60 * 1000 && skew < 10 * 60 * 1000, `notBefore is ${skew} ms in the past`);
    const notAfter = new Date(openssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-enddate').trim().replace('notAfter=', ''));
    assert.strictEqual(Math.round((notAfter.getTime() - Date.now()) / 86400000), 365);
  });

  it('encrypts the CA key with the passphrase (PKCS#8, AES-256): it opens with it and not without', async () => {
    await generateCertificates({ ...request, caPassphrase: 'correct horse' }, { placement: { kind: 'folder', dir } });
    const caKey = path.join(dir, 'ca-key.pem');
    assert.match(readFileSync(caKey, 'utf8'), /^-{5}BEGIN ENCRYPTED PRIVATE KEY-{5}/);
    assert.match(openssl('pkey', '-in', caKey, '-passin', 'pass:correct horse', '-noout', '-text'), /Private-Key: \(2048 bit/);
    const info = openssl('asn1parse', '-in', caKey);
    assert.match(info, /aes-256-cbc/);
    assert.notStrictEqual(spawnSync('openssl', ['pkey', '-in', caKey, '-passin', 'pass:wrong', '-noout']).status, 0);
    assert.notStrictEqual(spawnSync('openssl', ['pkey', '-in', caKey, '-passin', 'pass:', '-noout']).status, 0);
    // The server and client keys stay plain: neither dockerd nor the docker CLI can read encrypted TLS keys.
    assert.match(readFileSync(path.join(dir, 'key.pem'), 'utf8'), /^-{5}BEGIN PRIVATE KEY-{5}/);
    assert.match(readFileSync(path.join(dir, 'server-key.pem'), 'utf8'), /^-{5}BEGIN PRIVATE KEY-{5}/);
  });

  for (const umask of [0o000, 0o077]) {
    it(`gives keys 0400, certificates 0444 and the folder 0700 with umask ${umask.toString(8).padStart(3, '0')}`, async () => {
      const old = process.umask(umask);
      try {
        await generateCertificates(request, { placement: { kind: 'folder', dir } });
      } finally {
        process.umask(old);
      }
      const mode = (f: string) => statSync(path.join(dir, f)).mode & 0o777;
      for (const k of ['ca-key.pem', 'server-key.pem', 'key.pem']) assert.strictEqual(mode(k), 0o400, k);
      for (const c of ['ca.pem', 'server-cert.pem', 'cert.pem']) assert.strictEqual(mode(c), 0o444, c);
      assert.strictEqual(statSync(dir).mode & 0o777, 0o700);
      assert.strictEqual(statSync(path.dirname(dir)).mode & 0o777, 0o700);
    });
  }

  it('places the client files in the docker config folder and the CA key and server files apart', async () => {
    const serverDir = path.join(world.root, 'daemon-certs');
    await generateCertificates(request, { placement: { kind: 'docker-config', clientDir: world.dockerConfig, serverDir } });
    assert.deepStrictEqual(readdirSync(world.dockerConfig).sort(), ['ca.pem', 'cert.pem', 'key.pem']);
    assert.deepStrictEqual(readdirSync(serverDir).sort(), ['ca-key.pem', 'ca.pem', 'server-cert.pem', 'server-key.pem']);
  });

  it('never overwrites existing files without consent, and then writes nothing at all', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'key.pem'), 'precious');
    await assert.rejects(generateCertificates(request, { placement: { kind: 'folder', dir } }), (e: unknown) => isContextError(e, 'file-exists') && /key\.pem/.test(e.message));
    assert.deepStrictEqual(readdirSync(dir), ['key.pem']);
    assert.strictEqual(readFileSync(path.join(dir, 'key.pem'), 'utf8'), 'precious');
    await generateCertificates(request, { placement: { kind: 'folder', dir }, overwrite: true });
    assert.match(readFileSync(path.join(dir, 'key.pem'), 'utf8'), /PRIVATE KEY/);
  });

  it('leaves nothing behind when cancelled half way', async () => {
    const controller = new AbortController();
    const pending = generateCertificates(request, {
      placement: { kind: 'folder', dir },
      signal: controller.signal,
      progress: (stage) => stage.startsWith('Generating') && controller.abort(),
    });
    await assert.rejects(pending);
    assert.ok(!existsSync(dir) || readdirSync(dir).length === 0, `left behind: ${existsSync(dir) ? readdirSync(dir).join(', ') : ''}`);
  });

  it('leaves no partial set when one of its folders cannot be made', async () => {
    writeFileSync(path.join(world.root, 'not-a-folder'), 'x');
    writeFileSync(path.join(world.dockerConfig, 'ca.pem'), 'old ca');
    const placement = { kind: 'docker-config' as const, clientDir: world.dockerConfig, serverDir: path.join(world.root, 'not-a-folder', 'server') };
    await assert.rejects(generateCertificates(request, { placement, overwrite: true }));
    assert.deepStrictEqual(readdirSync(world.dockerConfig), ['ca.pem']);
    assert.strictEqual(readFileSync(path.join(world.dockerConfig, 'ca.pem'), 'utf8'), 'old ca');
  });

  it('adds a .gitignore that keeps every file of a workspace folder out of git', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir }, gitignore: true });
    execFileSync('git', ['init', '-q', world.root]);
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: world.root, encoding: 'utf8' });
    assert.strictEqual(status.trim(), '');
  });

  it('signs with an existing CA whose key is encrypted, keeping that key where it is', async () => {
    const caDir = path.join(world.root, 'ca');
    await generateCertificates({ ...request, caPassphrase: 'pw' }, { placement: { kind: 'folder', dir: caDir } });
    const existingCa = { cert: readFileSync(path.join(caDir, 'ca.pem'), 'utf8'), key: readFileSync(path.join(caDir, 'ca-key.pem'), 'utf8'), passphrase: 'pw' };
    await generateCertificates({ ...request, hostnames: ['second.example.com'] }, { placement: { kind: 'folder', dir }, existingCa });
    assert.deepStrictEqual(readdirSync(dir).sort(), ['ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
    assert.match(openssl('verify', '-CAfile', path.join(caDir, 'ca.pem'), '-purpose', 'sslclient', path.join(dir, 'cert.pem')), /: OK/);
    await assert.rejects(generateCertificates(request, { placement: { kind: 'folder', dir: path.join(world.root, 'x') }, existingCa: { ...existingCa, passphrase: 'nope' } }), /passphrase/);
  });

  it('replacing a set with one from an existing CA takes the old CA key away with the old set, and only with consent', async () => {
    const caDir = path.join(world.root, 'ca');
    await generateCertificates(request, { placement: { kind: 'folder', dir: caDir } });
    await generateCertificates(request, { placement: { kind: 'folder', dir } });
    const existingCa = { cert: readFileSync(path.join(caDir, 'ca.pem'), 'utf8'), key: readFileSync(path.join(caDir, 'ca-key.pem'), 'utf8') };
    // Without consent: the old CA key counts as a file in the way, like the others.
    await assert.rejects(generateCertificates(request, { placement: { kind: 'folder', dir }, existingCa }), (e: unknown) => isContextError(e, 'file-exists') && e.message.includes(path.join(dir, 'ca-key.pem')));
    await generateCertificates(request, { placement: { kind: 'folder', dir }, existingCa, overwrite: true });
    // No key of another CA is left beside the new ca.pem.
    assert.deepStrictEqual(readdirSync(dir).sort(), ['ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
    assert.match(openssl('verify', '-CAfile', path.join(caDir, 'ca.pem'), '-purpose', 'sslserver', path.join(dir, 'server-cert.pem')), /: OK/);
  });

  it('refuses a request without any host, with a bad name or IP, and writes nothing', async () => {
    await assert.rejects(generateCertificates({ ...request, hostnames: [], ips: [] }, { placement: { kind: 'folder', dir } }), /at least one/);
    await assert.rejects(generateCertificates({ ...request, hostnames: ['bad_name!'] }, { placement: { kind: 'folder', dir } }), /not a valid DNS name/);
    await assert.rejects(generateCertificates({ ...request, ips: ['300.1.1.1'] }, { placement: { kind: 'folder', dir } }), /not an IPv4/);
    assert.ok(!existsSync(dir));
  });

  it('makes 4096-bit keys by default size, and takes them from a pool started ahead of time', async () => {
    const generated = countKeyGeneration();
    try {
      const taken: KeyObject[] = [];
      const pool = new (class extends KeyPool {
        override async take(): Promise<KeyObject> {
          const key = await super.take();
          taken.push(key);
          return key;
        }
      })(4096, 3);
      assert.strictEqual(generated.count, 3);
      await generateCertificates({ ...request, keySize: 4096 }, { placement: { kind: 'folder', dir }, keys: pool });
      assert.strictEqual(generated.count, 3, 'generating the set made keys of its own');
      const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
      const written = ['ca-key.pem', 'server-key.pem', 'key.pem'].map((f) => pem(createPrivateKey(readFileSync(path.join(dir, f)))));
      assert.deepStrictEqual(written.sort(), taken.map(pem).sort());
      assert.match(text(path.join(dir, 'server-cert.pem')), /Public-Key: \(4096 bit\)/);
    } finally {
      generated.restore();
    }
  });
});
