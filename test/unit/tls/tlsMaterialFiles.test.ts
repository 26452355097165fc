import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { closeSync, openSync, ftruncateSync, writeFileSync, readFileSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { createTlsContext } from '../../../src/core/store/newContexts';
import { readTlsExpiry } from '../../../src/core/tls/tlsExpiry';
import { TlsFixtures, createTlsFixtures } from '../../rig/tlsFixtures';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

/** A message a person can act on: it names the file and quotes no OpenSSL code. */
function namesFile(file: string, pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => isContextError(e, 'invalid-tls-material') && e.message.includes(file) && pattern.test(e.message) && !/error:[0-9A-F]{8}|DECODER|routines|key values mismatch/.test(e.message);
}

describe('TLS files a person names', function () {
  this.timeout(30000);
  let world: TempWorld;
  let store: ContextStore;
  let tls: TlsFixtures;
  before(async function () {
    this.timeout(60000);
    world = createTempWorld('drc-tlsfiles-');
    tls = await createTlsFixtures(path.join(world.root, 'tls'));
    store = new ContextStore(world.environment);
  });
  after(() => world.dispose());
  const create = (files: { ca?: string; cert?: string; key?: string }) => createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: files.ca ?? tls.ca, cert: files.cert ?? tls.cert, key: files.key ?? tls.key });

  it('refuses a named pipe given as the CA at once, naming it', async () => {
    const fifo = path.join(world.root, 'ca-pipe.pem');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(create({ ca: fifo }), namesFile(fifo, /named pipe/));
  });

  it('refuses a 50 MB CA bundle quickly, saying how large a CA file may be', async () => {
    const big = path.join(world.root, 'big-ca.pem');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const started = Date.now();
    await assert.rejects(create({ ca: big }), namesFile(big, /larger than 512 KiB/));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  it('says that a public key given as the key file is not a private key', async () => {
    const pub = path.join(world.root, 'public.pem');
    execFileSync('openssl', ['pkey', '-in', tls.key, '-pubout', '-out', pub]);
    await assert.rejects(create({ key: pub }), namesFile(pub, /holds a public key, not a private key/));
  });

  it('names both files when the key does not belong to the certificate', async () => {
    await assert.rejects(create({ key: tls.serverKey }), namesFile(tls.serverKey, /does not belong to the client certificate/));
  });

  it('names an encrypted key and says how to decrypt it', async () => {
    const encrypted = path.join(world.root, 'key-encrypted.pem');
    execFileSync('openssl', ['pkey', '-in', tls.key, '-aes256', '-passout', 'pass:secret', '-out', encrypted]);
    await assert.rejects(create({ key: encrypted }), namesFile(encrypted, /encrypted.*openssl pkey/));
  });

  it('names a damaged certificate instead of quoting the ASN.1 decoder', async () => {
    const damaged = path.join(world.root, 'damaged.pem');
    writeFileSync(damaged, readFileSync(tls.cert, 'utf8').replace(/^(-----BEGIN CERTIFICATE-----\n)(.{20})/, '$1AAAAAAAAAAAAAAAAAAAA'));
    await assert.rejects(create({ cert: damaged }), namesFile(damaged, /damaged/));
  });

  it('gives no expiry date for a named pipe in the store, without hanging', async () => {
    const fifo = path.join(world.root, 'cert-pipe.pem');
    execFileSync('mkfifo', [fifo]);
    assert.deepStrictEqual(await readTlsExpiry({ cert: fifo, ca: tls.ca }), { client: undefined, ca: (await readTlsExpiry({ ca: tls.ca })).ca });
  });
});
