import * as assert from 'assert';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { StoreWatcher } from '../../../src/core/store/storeWatcher';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { waitUntil } from '../../support/waitUntil';

/** Resolves on the watcher's next change notice; rejects if none comes within `ms`. */
function nextChange(watcherBox: { onChange?: () => void }, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change reported within ${ms} ms`)), ms);
    watcherBox.onChange = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}

describe('store watcher', () => {
  let world: TempWorld;
  let watcher: StoreWatcher | undefined;
  const box: { onChange?: () => void } = {};
  beforeEach(() => {
    world = createTempWorld();
  });
  afterEach(() => {
    watcher?.dispose();
    world.dispose();
  });

  const start = (dir: string) => (watcher = new StoreWatcher(dir, () => box.onChange?.(), 20));

  it('reports a config.json replaced by a rename, as the docker CLI writes it', async () => {
    start(world.dockerConfig);
    const changed = nextChange(box);
    const temp = path.join(world.dockerConfig, 'config.json123');
    writeFileSync(temp, '{"currentContext":"x"}');
    renameSync(temp, path.join(world.dockerConfig, 'config.json'));
    await changed;
  });

  it('reports a context created after the store folder itself appears', async () => {
    start(world.dockerConfig);
    const first = nextChange(box);
    mkdirSync(path.join(world.dockerConfig, 'contexts', 'meta', 'abc'), { recursive: true });
    await first;
    assert.ok(watcher!.watched.includes(path.join(world.dockerConfig, 'contexts', 'meta')));
    const second = nextChange(box);
    writeFileSync(path.join(world.dockerConfig, 'contexts', 'meta', 'abc', 'meta.json'), '{}');
    await second;
  });

  it('waits for a config folder that does not exist yet, without polling', async () => {
    const later = path.join(world.root, 'later', '.docker');
    start(later);
    assert.deepStrictEqual(watcher!.watched, [world.root]);
    const changed = nextChange(box);
    mkdirSync(later, { recursive: true });
    await changed;
    // The watcher climbs down one level per notice until it reaches the store.
    const deeper = nextChange(box);
    writeFileSync(path.join(later, 'config.json'), '{}');
    await deeper;
    assert.ok(watcher!.watched.includes(later));
  });

  it('watches a large store without its subfolders, and still sees contexts come and go', async () => {
    const meta = path.join(world.dockerConfig, 'contexts', 'meta');
    for (let i = 0; i < 5; i++) mkdirSync(path.join(meta, `c${i}`), { recursive: true });
    watcher = new StoreWatcher(world.dockerConfig, () => box.onChange?.(), 20, 3);
    assert.strictEqual(watcher.isRecursive(meta), false);
    const changed = nextChange(box);
    mkdirSync(path.join(meta, 'new-one'));
    await changed;
    assert.strictEqual(watcher.isRecursive(meta), false);
  });

  it('watches a small store with its subfolders, so an edit inside a context shows, also when the store appears later', async () => {
    const config = path.join(world.root, 'small', '.docker');
    const meta = path.join(config, 'contexts', 'meta');
    start(config);
    assert.deepStrictEqual(watcher!.watched, [world.root]);
    const appeared = nextChange(box);
    mkdirSync(path.join(meta, 'x'), { recursive: true });
    await appeared;
    assert.deepStrictEqual(watcher!.watched.sort(), [config, meta]);
    assert.strictEqual(watcher!.isRecursive(meta), true);
    const edited = nextChange(box);
    writeFileSync(path.join(meta, 'x', 'meta.json'), '{}');
    await edited;
  });

  for (const [how, debounceMs] of [
    ['at once', 200],
    ['after the watcher noticed', 20],
  ] as const) {
    it(`sees contexts created after contexts/ was deleted and made again (${how})`, async () => {
      const contexts = path.join(world.dockerConfig, 'contexts');
      const meta = path.join(contexts, 'meta');
      mkdirSync(path.join(meta, 'first'), { recursive: true });
      let changes = 0;
      watcher = new StoreWatcher(world.dockerConfig, () => changes++, debounceMs);
      rmSync(contexts, { recursive: true });
      if (debounceMs < 100) await waitUntil('the deletion to be noticed', () => changes > 0 && !watcher!.watched.includes(meta));
      mkdirSync(meta, { recursive: true });
      await waitUntil('the new contexts/meta to be watched', () => changes > 0 && watcher!.watched.includes(meta), { describe: () => watcher!.watched.join(', ') });
      const seen = changes;
      mkdirSync(path.join(meta, 'second'));
      writeFileSync(path.join(meta, 'second', 'meta.json'), '{}');
      await waitUntil('the new context to be reported', () => changes > seen, { timeoutMs: 3000 });
    });
  }

  it('reports nothing after it is disposed', async () => {
    start(world.dockerConfig);
    watcher!.dispose();
    await assert.rejects(
      (async () => {
        const changed = nextChange(box, 400);
        writeFileSync(path.join(world.dockerConfig, 'config.json'), '{}');
        await changed;
      })(),
      /no change reported/,
    );
  });
});
