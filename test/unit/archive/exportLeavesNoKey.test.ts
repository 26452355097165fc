import * as assert from 'assert';
import { chmodSync, mkdirSync, readdirSync, statSync } from 'fs';
import * as path from 'path';
import { exportContext } from '../../../src/core/archive/exportContext';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { rerunAsUnprivilegedUser, runsAsRoot } from '../../support/asUnprivilegedUser';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

describe('export never leaves a copy of the private key behind', () => {
  let world: TempWorld;
  let store: ContextStore;
  let temp: string;
  let savedTmp: string | undefined;
  beforeEach(async () => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
    // The system temp folder of this test: whatever export stages there is seen.
    temp = path.join(world.root, 'tmp');
    mkdirSync(temp);
    savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = temp;
    await store.write({ Name: 'src', Endpoints: { docker: { Host: 'tcp://h:2376' } } }, { endpoint: 'docker', files: { ca: 'CA', cert: 'CERT', key: 'PRIVATE-KEY' } });
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    for (const dir of [world.root, path.join(world.root, 'out')]) {
      try {
        chmodSync(dir, 0o700);
      } catch {
        // absent
      }
    }
    world.dispose();
  });

  it('exports to a long but legal file name, staging nothing in the temp folder', async () => {
    const out = path.join(world.root, 'out');
    mkdirSync(out);
    const target = path.join(out, `${'n'.repeat(240)}.dockercontext`);
    await exportContext(store, 'src', target);
    assert.deepStrictEqual(readdirSync(out), [path.basename(target)]);
    assert.strictEqual(statSync(target).mode & 0o777, 0o600);
    assert.deepStrictEqual(readdirSync(temp), []);
  });

  it('says which folder it cannot write to, naming no temporary file, and leaves nothing behind', async function () {
    if (runsAsRoot()) {
      // root writes every folder whatever its mode: run this test as a user the mode applies to
      // (with the system temp folder, not this world's, which that user cannot enter).
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      const outcome = await rerunAsUnprivilegedUser(this.test!);
      if (!outcome.ran) {
        console.log(`      cannot run as an unprivileged user: ${outcome.why}`);
        this.skip();
      }
      return;
    }
    const out = path.join(world.root, 'out');
    mkdirSync(out);
    chmodSync(out, 0o600);
    const target = path.join(out, 'src.dockercontext');
    await assert.rejects(
      exportContext(store, 'src', target),
      (e: unknown) => isContextError(e, 'cannot-write') && e.message.includes(out) && /permission denied/.test(e.message) && !/\.tmp|staging|EACCES/.test(e.message),
    );
    chmodSync(out, 0o700);
    assert.deepStrictEqual(readdirSync(out), []);
    assert.deepStrictEqual(readdirSync(temp), []);
  });
});
