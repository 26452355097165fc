import * as assert from 'assert';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { contextDirName } from '../../../src/core/store/contextName';
import { rerunAsUnprivilegedUser, runsAsRoot } from '../../support/asUnprivilegedUser';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

function meta(name: string, host: string, description = '') {
  return { Name: name, Metadata: { Description: description }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
}

describe('context store', () => {
  let world: TempWorld;
  let store: ContextStore;
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  function withEnv(env: Record<string, string>): ContextStore {
    return new ContextStore({ ...world.environment, env: { ...world.environment.env, ...env } });
  }

  describe('listing', () => {
    it('lists only "default" in an empty store, made from the local socket', async () => {
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => [c.name, c.host, c.isDefault]), [['default', 'unix:///var/run/docker.sock', true]]);
      assert.deepStrictEqual(broken, []);
    });

    it('lists stored contexts in natural name order, default among them', async () => {
      for (const name of ['node10', 'node2', 'alpha', 'zulu']) await store.write(meta(name, `tcp://${name}:2376`));
      const { contexts } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['alpha', 'default', 'node2', 'node10', 'zulu']);
    });

    it('reads description, host, SkipTLSVerify and TLS files', async () => {
      await store.write(
        { Name: 'secure', Metadata: { Description: 'the build box' }, Endpoints: { docker: { Host: 'tcp://b:2376', SkipTLSVerify: true } } },
        { endpoint: 'docker', files: { ca: 'CA', cert: 'CERT', key: 'KEY' } },
      );
      const c = await store.get('secure');
      assert.strictEqual(c.description, 'the build box');
      assert.strictEqual(c.host, 'tcp://b:2376');
      assert.strictEqual(c.skipTlsVerify, true);
      assert.strictEqual(readFileSync(c.tls.key!, 'utf8'), 'KEY');
      assert.strictEqual(readFileSync(c.tls.ca!, 'utf8'), 'CA');
    });

    it('lists a meta.json that does not parse as a broken entry, and still lists the rest', async () => {
      await store.write(meta('good', 'tcp://g:2376'));
      const dir = path.join(store.metaRoot, contextDirName('bad'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'meta.json'), '{"Name": "bad", ');
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['default', 'good']);
      assert.strictEqual(broken.length, 1);
      assert.strictEqual(broken[0].dirName, contextDirName('bad'));
      assert.match(broken[0].error, /is damaged/);
    });

    it('lists a folder whose name is not the hash of the name inside as broken', async () => {
      const dir = path.join(store.metaRoot, contextDirName('original'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta('renamed', 'tcp://r:1')));
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['default']);
      assert.strictEqual(broken[0].name, 'renamed');
      assert.match(broken[0].error, /should be/);
    });

    it('ignores a folder without meta.json, as the docker CLI does', async () => {
      mkdirSync(path.join(store.metaRoot, 'stray'), { recursive: true });
      const { contexts, broken } = await store.list();
      assert.strictEqual(contexts.length, 1);
      assert.strictEqual(broken.length, 0);
    });

    it('reports a missing context by name', async () => {
      await assert.rejects(store.get('nope'), (e: unknown) => isContextError(e, 'not-found') && /nope/.test(e.message));
    });
  });

  describe('writing', () => {
    for (const umask of [0o000, 0o077]) {
      it(`uses the docker CLI's modes whatever the umask (${umask.toString(8).padStart(3, '0')})`, async () => {
        const old = process.umask(umask);
        try {
          await store.write(meta('modes', 'tcp://m:2376'), { endpoint: 'docker', files: { ca: 'a', cert: 'b', key: 'c' } });
        } finally {
          process.umask(old);
        }
        const id = contextDirName('modes');
        const mode = (p: string) => statSync(p).mode & 0o777;
        assert.strictEqual(mode(path.join(store.metaRoot, id)), 0o755);
        assert.strictEqual(mode(path.join(store.metaRoot, id, 'meta.json')), 0o644);
        assert.strictEqual(mode(path.join(store.tlsRoot, id)), 0o700);
        assert.strictEqual(mode(path.join(store.tlsRoot, id, 'docker')), 0o700);
        for (const f of ['ca.pem', 'cert.pem', 'key.pem']) assert.strictEqual(mode(path.join(store.tlsRoot, id, 'docker', f)), 0o600);
      });
    }

    it('keeps keys it does not know when rewriting meta.json', async () => {
      const rich = { ...meta('rich', 'tcp://r:2376'), Endpoints: { docker: { Host: 'tcp://r:2376', SkipTLSVerify: false }, kubernetes: { Namespace: 'x' } } };
      (rich.Metadata as Record<string, unknown>).Owner = 'ops';
      await store.write(rich);
      const read = await store.get('rich');
      await store.write({ ...read.meta, Metadata: { ...read.meta.Metadata, Description: 'changed' } });
      const again = JSON.parse(readFileSync(path.join(store.metaRoot, contextDirName('rich'), 'meta.json'), 'utf8')) as typeof rich;
      assert.deepStrictEqual(again.Endpoints.kubernetes, { Namespace: 'x' });
      assert.strictEqual((again.Metadata as Record<string, unknown>).Owner, 'ops');
      assert.strictEqual(again.Metadata.Description, 'changed');
    });

    it('refuses invalid and reserved names and writes nothing', async () => {
      await assert.rejects(store.write(meta('default', 'tcp://x:1')), (e: unknown) => isContextError(e, 'reserved-name'));
      await assert.rejects(store.write(meta('bad name', 'tcp://x:1')), (e: unknown) => isContextError(e, 'invalid-name'));
      assert.ok(!existsSync(store.metaRoot));
    });
  });

  describe('current context', () => {
    it('is "default" when nothing chooses one', async () => {
      assert.deepStrictEqual(await store.current(), { name: 'default', source: 'default' });
    });

    it('follows currentContext in config.json', async () => {
      await store.write(meta('prod', 'tcp://p:2376'));
      await store.use('prod');
      assert.deepStrictEqual(await store.current(), { name: 'prod', source: 'config' });
    });

    it('lets DOCKER_CONTEXT override config.json', async () => {
      await store.write(meta('prod', 'tcp://p:2376'));
      await store.use('prod');
      assert.deepStrictEqual(await withEnv({ DOCKER_CONTEXT: 'other' }).current(), { name: 'other', source: 'DOCKER_CONTEXT' });
    });

    it('lets DOCKER_HOST force "default" and names what it overrides', async () => {
      await store.write(meta('prod', 'tcp://p:2376'));
      await store.use('prod');
      assert.deepStrictEqual(await withEnv({ DOCKER_HOST: 'tcp://h:2375', DOCKER_CONTEXT: 'x' }).current(), {
        name: 'default',
        source: 'DOCKER_HOST',
        overridden: 'x',
      });
      assert.deepStrictEqual(await withEnv({ DOCKER_HOST: 'tcp://h:2375' }).current(), { name: 'default', source: 'DOCKER_HOST', overridden: 'prod' });
    });

    it('using "default" removes currentContext from config.json', async () => {
      await store.write(meta('prod', 'tcp://p:2376'));
      await store.use('prod');
      await store.use('default');
      const config = JSON.parse(readFileSync(path.join(world.dockerConfig, 'config.json'), 'utf8')) as Record<string, unknown>;
      assert.ok(!('currentContext' in config));
    });

    it('refuses to use a context that does not exist and leaves config.json alone', async () => {
      await assert.rejects(store.use('ghost'), (e: unknown) => isContextError(e, 'not-found'));
      assert.ok(!existsSync(path.join(world.dockerConfig, 'config.json')));
    });
  });

  describe('default context', () => {
    it('comes from DOCKER_HOST with TLS from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', async () => {
      const certs = path.join(world.root, 'certs');
      mkdirSync(certs);
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(path.join(certs, f), f);
      const c = await withEnv({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }).get('default');
      assert.strictEqual(c.host, 'tcp://h:2376');
      assert.strictEqual(c.skipTlsVerify, false);
      assert.deepStrictEqual(c.tls, { ca: path.join(certs, 'ca.pem'), cert: path.join(certs, 'cert.pem'), key: path.join(certs, 'key.pem') });
    });

    it('looks for TLS files in the config folder when DOCKER_CERT_PATH is not set', async () => {
      writeFileSync(path.join(world.dockerConfig, 'ca.pem'), 'x');
      const c = await withEnv({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }).get('default');
      assert.deepStrictEqual(c.tls, { ca: path.join(world.dockerConfig, 'ca.pem') });
    });

    it('uses the named pipe on Windows', () => {
      const c = new ContextStore({ env: {}, homeDir: 'C:\\Users\\me', platform: 'win32' }).defaultContext();
      assert.strictEqual(c.host, 'npipe:////./pipe/docker_engine');
    });
  });

  describe('removing', () => {
    it('removes the metadata and the TLS material', async () => {
      await store.write(meta('gone', 'tcp://g:2376'), { endpoint: 'docker', files: { ca: 'x' } });
      await store.remove('gone');
      assert.ok(!existsSync(path.join(store.metaRoot, contextDirName('gone'))));
      assert.ok(!existsSync(path.join(store.tlsRoot, contextDirName('gone'))));
    });

    it('never removes "default"', async () => {
      await assert.rejects(store.remove('default', { force: true }), (e: unknown) => isContextError(e, 'reserved-name'));
    });

    it('removes the current context only with force, then goes back to default', async () => {
      await store.write(meta('prod', 'tcp://p:2376'));
      await store.use('prod');
      await assert.rejects(store.remove('prod'), (e: unknown) => isContextError(e, 'in-use'));
      assert.ok(store.exists('prod'));
      assert.deepStrictEqual(await store.remove('prod', { force: true }), { wasCurrent: true });
      assert.deepStrictEqual(await store.current(), { name: 'default', source: 'default' });
    });

    it('removes a broken entry by its folder name, and nothing outside the store', async () => {
      const dir = path.join(store.metaRoot, contextDirName('bad'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'meta.json'), 'nope');
      await store.removeBroken(contextDirName('bad'));
      assert.ok(!existsSync(dir));
      await assert.rejects(store.removeBroken('../../home'), (e: unknown) => isContextError(e, 'not-found'));
      assert.ok(existsSync(world.home));
    });

    it('reports a meta.json that cannot be read, where a folder stands in its place', async () => {
      await store.write(meta('fine', 'tcp://f:1'));
      const id = contextDirName('weird');
      mkdirSync(path.join(store.metaRoot, id, 'meta.json'), { recursive: true });
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['default', 'fine']);
      assert.deepStrictEqual(broken.map((b) => b.dirName), [id]);
      assert.match(broken[0].error, /meta\.json is a folder, not a file\. Remove this entry/);
    });

    it('reports a meta.json its user may not read instead of hiding it', async function () {
      if (runsAsRoot()) {
        // root reads every file whatever its mode: run this test as a user the mode applies to.
        const outcome = await rerunAsUnprivilegedUser(this.test!);
        if (!outcome.ran) {
          console.log(`      cannot run as an unprivileged user: ${outcome.why}`);
          this.skip();
        }
        return;
      }
      await store.write(meta('locked', 'tcp://l:1'));
      await store.write(meta('open', 'tcp://o:1'));
      const metaFile = path.join(store.metaRoot, contextDirName('locked'), 'meta.json');
      chmodSync(metaFile, 0);
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['default', 'open']);
      assert.deepStrictEqual(broken.map((b) => [b.dirName, b.metaFile]), [[contextDirName('locked'), metaFile]]);
      assert.match(broken[0].error, /meta\.json cannot be read: permission denied\. Give your user read access/);
    });
  });
});

describe('context name order', () => {
  it('sorts as docker context ls does: bytes, with digit runs compared as numbers', async () => {
    const { compareNatural } = await import('../../../src/core/store/naturalOrder');
    const names = ['Zulu', 'alpha', 'beta-1', 'beta_1', 'beta.1', 'Default', 'x07', 'x7', 'default', 'node10', 'node2'];
    assert.deepStrictEqual([...names].sort(compareNatural), ['Default', 'Zulu', 'alpha', 'beta-1', 'beta.1', 'beta_1', 'default', 'node2', 'node10', 'x7', 'x07']);
  });
});
