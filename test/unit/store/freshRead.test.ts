import * as assert from 'assert';
import { ContextStore } from '../../../src/core/store/contextStore';
import { FreshRead } from '../../../src/core/store/freshRead';
import { createSshContext } from '../../../src/core/store/newContexts';
import { ContextListing } from '../../../src/core/store/types';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

describe('refreshing the store', () => {
  let world: TempWorld;
  let store: ContextStore;
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  it('reflects a write made while an older read was under way', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const fresh = new FreshRead<ContextListing>(async () => {
      reads++;
      const listing = await store.list();
      await gate;
      return listing;
    });
    const older = fresh.run();
    await new Promise((resolve) => setImmediate(resolve));
    await createSshContext(store, { name: 'just-made', host: 'ssh://ops@box' });
    const afterWrite = fresh.run();
    const alsoAfterWrite = fresh.run();
    release();
    assert.deepStrictEqual((await older).contexts.map((c) => c.name), ['default']);
    assert.deepStrictEqual((await afterWrite).contexts.map((c) => c.name), ['default', 'just-made']);
    assert.strictEqual(await alsoAfterWrite, await afterWrite, 'calls during one read share the next');
    assert.strictEqual(reads, 2);
  });

  it('reads again after a read that failed', async () => {
    let calls = 0;
    const fresh = new FreshRead(() => (++calls === 1 ? Promise.reject(new Error('first')) : Promise.resolve(calls)));
    const first = fresh.run();
    const second = fresh.run();
    await assert.rejects(first, /first/);
    assert.strictEqual(await second, 2);
    assert.strictEqual(await fresh.run(), 3);
  });
});
