import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { contextDirName } from '../../../src/core/store/contextName';
import { inspectContext } from '../../../src/core/store/inspectContext';
import { createContextFromEnvironment, createSshContext, createTlsContext } from '../../../src/core/store/newContexts';
import { updateContext } from '../../../src/core/store/updateContext';
import { TlsFixtures, createCa, createTlsFixtures, issueCertificate } from '../../rig/tlsFixtures';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

describe('creating contexts', function () {
  this.timeout(30000);
  let world: TempWorld;
  let store: ContextStore;
  let tls: TlsFixtures;
  let shared: TempWorld;
  before(async function () {
    this.timeout(60000);
    shared = createTempWorld('drc-fixtures-');
    tls = await createTlsFixtures(path.join(shared.root, 'tls'));
  });
  after(() => shared.dispose());
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  /** Nothing of a refused context reached the store. */
  function nothingWritten(): void {
    assert.ok(!existsSync(store.metaRoot) || readdirSync(store.metaRoot).length === 0, 'meta written');
    assert.ok(!existsSync(store.tlsRoot) || readdirSync(store.tlsRoot).length === 0, `tls written: ${existsSync(store.tlsRoot) ? readdirSync(store.tlsRoot).join() : ''}`);
  }

  it('creates an SSH context as docker context create writes it', async () => {
    await createSshContext(store, { name: 'build', host: 'ssh://ops@build.example.com:2222', description: 'CI' });
    const meta = JSON.parse(readFileSync(path.join(store.metaRoot, contextDirName('build'), 'meta.json'), 'utf8')) as unknown;
    assert.deepStrictEqual(meta, { Name: 'build', Metadata: { Description: 'CI' }, Endpoints: { docker: { Host: 'ssh://ops@build.example.com:2222', SkipTLSVerify: false } } });
  });

  it('refuses a bad name, a taken name and a host that is not ssh://, writing nothing', async () => {
    await assert.rejects(createSshContext(store, { name: 'x', host: 'ssh://h' }), (e: unknown) => isContextError(e, 'invalid-name') && /two characters/.test(e.message));
    await assert.rejects(createSshContext(store, { name: 'default', host: 'ssh://h' }), (e: unknown) => isContextError(e, 'reserved-name'));
    await assert.rejects(createSshContext(store, { name: 'ok-name', host: 'tcp://h:2376' }), (e: unknown) => isContextError(e, 'invalid-host') && /not an SSH address/.test(e.message));
    nothingWritten();
    await createSshContext(store, { name: 'taken', host: 'ssh://h' });
    await assert.rejects(createSshContext(store, { name: 'taken', host: 'ssh://h2' }), (e: unknown) => isContextError(e, 'already-exists'));
  });

  it('creates a TLS context from a cert folder, port 2376 when left out, files copied 0600 in a 0700 folder', async () => {
    const info = await createTlsContext(store, { name: 'secure', host: 'tcp://docker.example.com', certDir: tls.dir });
    const c = await store.get('secure');
    assert.strictEqual(c.host, 'tcp://docker.example.com:2376');
    assert.strictEqual(readFileSync(c.tls.key!, 'utf8'), readFileSync(tls.key, 'utf8'));
    assert.strictEqual(statSync(c.tls.key!).mode & 0o777, 0o600);
    assert.strictEqual(statSync(path.dirname(c.tls.key!)).mode & 0o777, 0o700);
    assert.match(info.clientSubject, /client/);
    assert.ok(info.clientNotAfter > new Date());
  });

  describe('refuses TLS material that would not work, with a clear message, and writes nothing', () => {
    it('a missing file', async () => {
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: tls.cert, key: path.join(tls.dir, 'nope.pem') }), /client key .*nope\.pem does not exist/);
      nothingWritten();
    });

    it('a key that does not match the certificate', async () => {
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: tls.cert, key: tls.serverKey }), /does not belong to the client certificate/);
      nothingWritten();
    });

    it('a certificate from a foreign CA', async () => {
      const dir = path.join(world.root, 'foreign');
      const other = await createCa({ dir, commonName: 'Someone else' });
      const leaf = await issueCertificate(other, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client' });
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: leaf.certFile, key: leaf.keyFile }), /not signed by the CA/);
      nothingWritten();
    });

    it('an expired certificate', async () => {
      const dir = path.join(world.root, 'expired');
      const leaf = await issueCertificate(tls.authority, {
        dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client',
        notBefore: new Date(Date.now() - 10 * 86400000), notAfter: new Date(Date.now() - 86400000),
      });
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: leaf.certFile, key: leaf.keyFile }), /expired on/);
      nothingWritten();
    });

    it('an encrypted key, which the docker CLI cannot use', async () => {
      const encrypted = path.join(world.root, 'key-encrypted.pem');
      execFileSync('openssl', ['pkey', '-in', tls.key, '-aes256', '-passout', 'pass:secret', '-out', encrypted]);
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: tls.cert, key: encrypted }), /encrypted.*cannot use an encrypted TLS key/);
      nothingWritten();
    });

    it('a certificate without clientAuth', async () => {
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'tcp://h', ca: tls.ca, cert: tls.serverCert, key: tls.serverKey }), /clientAuth/);
      nothingWritten();
    });

    it('a host that is not tcp://', async () => {
      await assert.rejects(createTlsContext(store, { name: 'mm', host: 'ssh://h', certDir: tls.dir }), (e: unknown) => isContextError(e, 'invalid-host'));
      nothingWritten();
    });
  });

  it('turns DOCKER_HOST and DOCKER_CERT_PATH into a named context', async () => {
    const envStore = new ContextStore({ ...world.environment, env: { ...world.environment.env, DOCKER_HOST: 'tcp://10.0.0.9:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: tls.dir } });
    await createContextFromEnvironment(envStore, 'from-env');
    const c = await envStore.get('from-env');
    assert.strictEqual(c.host, 'tcp://10.0.0.9:2376');
    assert.strictEqual(c.skipTlsVerify, false);
    assert.strictEqual(readFileSync(c.tls.cert!, 'utf8'), readFileSync(tls.cert, 'utf8'));
  });

  it('updates the description and endpoint, keeping unknown keys, and keeps or removes TLS material', async () => {
    await createTlsContext(store, { name: 'upd', host: 'tcp://a:2376', certDir: tls.dir, description: 'old' });
    const file = path.join(store.metaRoot, contextDirName('upd'), 'meta.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...raw, Extra: { keep: 1 } }));
    await updateContext(store, { name: 'upd', description: 'new', host: 'tcp://b' });
    let c = await store.get('upd');
    assert.strictEqual(c.description, 'new');
    assert.strictEqual(c.host, 'tcp://b:2376');
    assert.deepStrictEqual(c.meta.Extra, { keep: 1 });
    assert.ok(c.tls.key);
    await updateContext(store, { name: 'upd', host: 'ssh://u@b', tls: 'remove' });
    c = await store.get('upd');
    assert.deepStrictEqual(c.tls, {});
    assert.ok(!existsSync(path.join(store.tlsRoot, contextDirName('upd'))));
  });

  it('refuses on create and on edit the hosts the docker CLI refuses, and the store keeps every byte', async () => {
    await createSshContext(store, { name: 'kept', host: 'ssh://ops@kept' });
    const file = path.join(store.metaRoot, contextDirName('kept'), 'meta.json');
    const before = readFileSync(file, 'utf8');
    for (const host of ['ssh://user@host\nx', ' ssh://user@host', 'ssh://user@ho st', 'unix://', 'npipe:////./pipe/docker_engine', 'tcp://h:0']) {
      if (host.startsWith('npipe') && process.platform === 'win32') continue;
      await assert.rejects(createSshContext(store, { name: 'fresh', host }), (e: unknown) => isContextError(e, 'invalid-host'), JSON.stringify(host));
      await assert.rejects(updateContext(store, { name: 'kept', host }), (e: unknown) => isContextError(e, 'invalid-host'), JSON.stringify(host));
    }
    assert.strictEqual(readFileSync(file, 'utf8'), before);
    assert.ok(!store.exists('fresh'));
  });

  it('inspects a context as docker context inspect does', async () => {
    await createTlsContext(store, { name: 'insp', host: 'tcp://i:2376', certDir: tls.dir });
    const inspected = await inspectContext(store, 'insp');
    assert.deepStrictEqual(inspected.TLSMaterial, { docker: ['ca.pem', 'cert.pem', 'key.pem'] });
    assert.strictEqual(inspected.Storage.MetadataPath, path.join(store.metaRoot, contextDirName('insp')));
    assert.strictEqual(inspected.Storage.TLSPath, path.join(store.tlsRoot, contextDirName('insp')));
    assert.deepStrictEqual((await inspectContext(store, 'default')).Storage, { MetadataPath: '<IN MEMORY>', TLSPath: '<IN MEMORY>' });
  });
});
