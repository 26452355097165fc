import * as assert from 'assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { contextDirName } from '../../../src/core/store/contextName';
import { createSshContext } from '../../../src/core/store/newContexts';
import { clearLeftovers } from '../../../src/core/store/storeLeftovers';
import { rerunAsUnprivilegedUser, runsAsRoot } from '../../support/asUnprivilegedUser';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

const HOUR = 60 * 60 * 1000;
const TLS = { docker: { 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'OLD KEY' } };

function meta(name: string, host: string) {
  return { Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
}

describe('store integrity', () => {
  let world: TempWorld;
  let store: ContextStore;
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  it('gives a new context none of the TLS material an older context of the same name left behind', async () => {
    await store.create(meta('box', 'tcp://box:2376'), TLS);
    // The older context's meta.json went (a `docker context rm` cut off, a hand-made cleanup); its keys stayed.
    await import('fs').then((fs) => fs.promises.rm(path.join(store.metaRoot, contextDirName('box')), { recursive: true }));
    await createSshContext(store, { name: 'box', host: 'ssh://ops@box' });
    const box = await store.get('box');
    assert.deepStrictEqual(box.tls, {});
    assert.ok(!existsSync(path.join(store.tlsRoot, contextDirName('box'))), 'the old TLS folder is still there');
  });

  it('refuses to switch to a context whose meta.json is damaged, as docker context use does, and leaves config.json alone', async () => {
    await store.create(meta('good', 'ssh://good'));
    await store.use('good');
    const dir = path.join(store.metaRoot, contextDirName('bad'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'meta.json'), '{"Name": "bad", "Endpoints": ');
    const before = readFileSync(path.join(world.dockerConfig, 'config.json'), 'utf8');
    await assert.rejects(store.use('bad'), (e: unknown) => isContextError(e, 'store-unreadable') && /"bad" is damaged and was not switched to: .*meta\.json is damaged/.test(e.message));
    writeFileSync(path.join(dir, 'meta.json'), '{"Name": "bad", "Endpoints": []}');
    await assert.rejects(store.use('bad'), (e: unknown) => isContextError(e, 'store-unreadable') && /"Endpoints" is not an object/.test(e.message));
    assert.strictEqual(readFileSync(path.join(world.dockerConfig, 'config.json'), 'utf8'), before);
  });

  it('shows a context whose TLS folder cannot be read as damaged, saying what to fix, never as plain TCP', async function () {
    if (runsAsRoot()) {
      // root reads every folder whatever its mode: run this test as a user the mode applies to.
      const outcome = await rerunAsUnprivilegedUser(this.test!);
      if (!outcome.ran) throw new Error(`cannot run as an unprivileged user: ${outcome.why}`);
      return;
    }
    await store.create(meta('secure', 'tcp://secure:2376'), TLS);
    await store.create(meta('open', 'ssh://open'));
    const tlsDir = path.join(store.tlsRoot, contextDirName('secure'));
    chmodSync(tlsDir, 0);
    try {
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['default', 'open']);
      assert.deepStrictEqual(broken.map((b) => b.name), ['secure']);
      assert.match(broken[0].error, /"secure" cannot be used\. Its TLS folder .* cannot be read: permission denied.*Give your user access/);
      await assert.rejects(store.get('secure'), (e: unknown) => isContextError(e, 'store-unreadable'));
    } finally {
      chmodSync(tlsDir, 0o700);
    }
  });

  describe('leftovers of killed operations', () => {
    const hash = contextDirName('alive');
    const gone = contextDirName('gone');
    const cut = contextDirName('cut');
    let temp: string;

    /** What a create, a TLS swap, a config.json write and an export leave when killed half-way. */
    async function leaveLeftovers(): Promise<void> {
      await store.create(meta('alive', 'tcp://alive:2376'), TLS);
      await store.create(meta('cut', 'tcp://cut:2376'), TLS);
      const tls = store.tlsRoot;
      mkdirSync(path.join(tls, `.${hash}.new-0123abcd`, 'docker'), { recursive: true });
      // A swap cut off between its two renames: the context's own folder is aside as .old-.
      await import('fs').then((fs) => fs.promises.rename(path.join(tls, cut), path.join(tls, `.${cut}.old-89abcdef`)));
      mkdirSync(path.join(tls, gone, 'docker'), { recursive: true });
      writeFileSync(path.join(tls, gone, 'docker', 'key.pem'), 'ORPHAN KEY');
      mkdirSync(path.join(store.metaRoot, gone), { recursive: true });
      writeFileSync(path.join(store.metaRoot, gone, '.meta.json.0123456789ab.tmp'), '{"Name":"go');
      writeFileSync(path.join(store.metaRoot, hash, '.meta.json.0123456789ab.tmp'), '{"Name":"al');
      writeFileSync(path.join(world.dockerConfig, '.config.json.0123456789ab.tmp'), '{');
      mkdirSync(path.join(temp, 'docker-context-export-AbC123'));
      writeFileSync(path.join(temp, 'docker-context-export-AbC123', 'meta.json'), '{}');
      // Not ours: left alone.
      writeFileSync(path.join(world.dockerConfig, 'config.json.1234567'), '{}');
      writeFileSync(path.join(tls, 'notes.tmp'), '');
      mkdirSync(path.join(temp, 'docker-context-export-other-name'));
    }

    function storeFiles(): string[] {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? [`${path.relative(world.root, path.join(dir, d.name))}/`, ...walk(path.join(dir, d.name))] : [path.relative(world.root, path.join(dir, d.name))]));
      return walk(world.root).sort();
    }

    beforeEach(() => {
      temp = path.join(world.root, 'tmp');
      mkdirSync(temp);
    });

    it('clears only its own old leftovers, puts back a TLS folder a cut-off swap moved aside, and keeps everything else', async () => {
      await leaveLeftovers();
      const before = storeFiles();
      const fresh = await clearLeftovers({ configDir: world.dockerConfig, tempDir: temp });
      assert.deepStrictEqual(fresh, { removed: [], restored: [] }, 'a leftover younger than any operation may still be in use');
      assert.deepStrictEqual(storeFiles(), before);

      const report = await clearLeftovers({ configDir: world.dockerConfig, tempDir: temp, now: Date.now() + HOUR });
      const rel = (files: string[]) => files.map((f) => path.relative(world.root, f)).sort();
      assert.deepStrictEqual(rel(report.restored), [path.relative(world.root, path.join(store.tlsRoot, cut))]);
      assert.deepStrictEqual(
        rel(report.removed),
        [
          path.join(world.dockerConfig, '.config.json.0123456789ab.tmp'),
          path.join(store.metaRoot, gone),
          path.join(store.metaRoot, gone, '.meta.json.0123456789ab.tmp'),
          path.join(store.metaRoot, hash, '.meta.json.0123456789ab.tmp'),
          path.join(store.tlsRoot, `.${hash}.new-0123abcd`),
          path.join(store.tlsRoot, gone),
          path.join(temp, 'docker-context-export-AbC123'),
        ].map((f) => path.relative(world.root, f)).sort(),
      );
      assert.ok(existsSync(path.join(world.dockerConfig, 'config.json.1234567')));
      assert.ok(existsSync(path.join(store.tlsRoot, 'notes.tmp')));
      assert.ok(existsSync(path.join(temp, 'docker-context-export-other-name')));
      assert.strictEqual(readFileSync((await store.get('cut')).tls.key!, 'utf8'), 'OLD KEY');
      assert.strictEqual(readFileSync((await store.get('alive')).tls.key!, 'utf8'), 'OLD KEY');
    });

    it('clears them at the first read of the store', async () => {
      await leaveLeftovers();
      const next = new ContextStore(world.environment, { leftoverMinAgeMs: 0 });
      const { contexts, broken } = await next.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['alive', 'cut', 'default']);
      assert.deepStrictEqual(broken, []);
      assert.ok(!existsSync(path.join(store.tlsRoot, gone)));
      assert.ok(!existsSync(path.join(world.dockerConfig, '.config.json.0123456789ab.tmp')));
      assert.deepStrictEqual((await next.leftoversCleared()).restored.length, 1);
    });
  });
});
