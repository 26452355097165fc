import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync } from 'fs';
import * as path from 'path';
import { readExistingCa } from '../../../src/core/certs/existingCa';
import { generateCertificates } from '../../../src/core/certs/generateCertificates';
import { renewClientCertificate } from '../../../src/core/certs/renewClientCertificate';
import { isContextError } from '../../../src/core/errors';
import { ArgumentError } from '../../../src/core/validation/schema';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { FixedKeyPool } from './fixedKeys';

const request = { hostnames: ['docker.example.com'], ips: [], days: 30, keySize: 2048 as const, clientName: 'client' };

/** What a person reads when a set is signed with this CA: a ContextError's message. */
async function refusal(world: TempWorld, keys: FixedKeyPool, files: { cert: string; key: string; passphrase?: string }): Promise<string> {
  const dir = path.join(world.root, 'out');
  try {
    await generateCertificates(request, { placement: { kind: 'folder', dir }, keys, existingCa: await readExistingCa(files) });
  } catch (e) {
    assert.ok(isContextError(e), String(e));
    assert.doesNotMatch(e.message, /error:|DECODER|routines|interrupted or cancelled|key values mismatch/i);
    return e.message;
  }
  assert.fail('signed');
}

describe('an existing CA that cannot sign: messages that name the file and say what to do', function () {
  this.timeout(60000);
  let world: TempWorld;
  let keys: FixedKeyPool;
  let ca: { cert: string; key: string };
  const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  before(async () => {
    keys = await FixedKeyPool.make();
    world = createTempWorld();
    const dir = path.join(world.root, 'ca');
    mkdirSync(dir);
    ca = { cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem') };
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-aes-256-cbc', '-pass', 'pass:pw', '-out', ca.key);
    openssl('req', '-x509', '-new', '-key', ca.key, '-passin', 'pass:pw', '-subj', '/CN=Zoë’s CA', '-utf8', '-days', '30', '-out', ca.cert);
    openssl('pkey', '-in', ca.key, '-passin', 'pass:pw', '-traditional', '-aes256', '-passout', 'pass:pw', '-out', path.join(dir, 'traditional.pem'));
    openssl('pkey', '-in', ca.key, '-passin', 'pass:pw', '-pubout', '-out', path.join(dir, 'public.pem'));
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'other-key.pem'));
  });
  after(() => world.dispose());

  it('an encrypted key without a passphrase, PKCS#8 or traditional, empty or left out', async () => {
    for (const key of [ca.key, path.join(path.dirname(ca.key), 'traditional.pem')]) {
      for (const passphrase of [undefined, '']) {
        assert.strictEqual(await refusal(world, keys, { cert: ca.cert, key, passphrase }), `The CA key ${key} is encrypted: give its passphrase.`);
      }
    }
  });

  it('a wrong passphrase', async () => {
    assert.strictEqual(await refusal(world, keys, { ...ca, passphrase: 'nope' }), `The passphrase of the CA key ${ca.key} is wrong.`);
  });

  it('a public key or a certificate given as the key', async () => {
    const pub = path.join(path.dirname(ca.key), 'public.pem');
    assert.match(await refusal(world, keys, { cert: ca.cert, key: pub }), new RegExp(`^${pub} holds a public key, not a private key\\. Choose the CA’s private key`));
    assert.match(await refusal(world, keys, { cert: ca.cert, key: ca.cert }), /holds a certificate, not a private key/);
  });

  it('a key that is not the certificate’s', async () => {
    const other = path.join(path.dirname(ca.key), 'other-key.pem');
    assert.match(await refusal(world, keys, { cert: ca.cert, key: other }), new RegExp(`The CA key ${other} does not belong to the CA certificate ${ca.cert}\\. Choose the key`));
  });

  it('a certificate file that is not one, or a file that is not there', async () => {
    assert.match(await refusal(world, keys, { cert: ca.key, key: ca.key, passphrase: 'pw' }), /is not a certificate in PEM form/);
    await assert.rejects(readExistingCa({ cert: path.join(world.root, 'nope.pem'), key: ca.key }), /The CA certificate .*nope\.pem does not exist/);
  });

  it('signs with an OpenSSL CA whose name is UTF-8: the issuer matches the CA byte for byte', async () => {
    const dir = path.join(world.root, 'signed');
    await generateCertificates(request, { placement: { kind: 'folder', dir }, keys, existingCa: await readExistingCa({ ...ca, passphrase: 'pw' }) });
    assert.match(openssl('verify', '-CAfile', ca.cert, '-purpose', 'sslclient', path.join(dir, 'cert.pem')), /: OK/);
  });

  it('renewal refuses a validity the generator refuses before reading any file, and renews with the same name', async () => {
    const dir = path.join(world.root, 'signed');
    for (const days of [-1, 0, 36501, 1.5, 'abc', null]) {
      await assert.rejects(
        renewClientCertificate({ currentCert: path.join(dir, 'cert.pem'), caCert: ca.cert, caKey: ca.key, caPassphrase: 'pw', days: days as number }),
        (e: unknown) => e instanceof ArgumentError && e.field === 'days',
      );
    }
    const renewed = await renewClientCertificate({ currentCert: path.join(dir, 'cert.pem'), caCert: ca.cert, caKey: ca.key, caPassphrase: 'pw', days: 10 });
    assert.strictEqual(renewed.clientName, 'client');
    assert.ok(Math.abs(renewed.validTo.getTime() - Date.now() - 10 * 86400000) < 3600000);
  });
});
