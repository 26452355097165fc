import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import * as path from 'path';
import { importContext } from '../../../src/core/archive/importContext';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { craftTar } from '../../support/contextArchives';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

const META = JSON.stringify({ Name: 'orig', Endpoints: { docker: { Host: 'tcp://h:2376' } } });

describe('archives that are not a handful of files', () => {
  let world: TempWorld;
  let store: ContextStore;
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  it('refuses a named pipe given as the archive at once, without waiting for a writer', async () => {
    const fifo = path.join(world.root, 'pipe.dockercontext');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    await assert.rejects(importContext(store, fifo, 'piped'), (e: unknown) => isContextError(e, 'invalid-archive') && /named pipe/.test(e.message) && e.message.includes(fifo));
    assert.ok(Date.now() - started < 1000);
    assert.ok(!existsSync(path.join(world.dockerConfig, 'contexts')));
  });

  it('refuses an archive of 19,000 entries quickly, saying how many a context archive holds', async () => {
    const entries = [{ path: 'meta.json', data: META }, ...Array.from({ length: 19000 }, (_, i) => ({ path: `tls/docker/f${i}`, data: '' }))];
    const file = path.join(world.root, 'many.dockercontext');
    writeFileSync(file, craftTar(entries));
    const started = Date.now();
    await assert.rejects(importContext(store, file, 'many'), (e: unknown) => isContextError(e, 'invalid-archive') && /more than 64 entries/.test(e.message));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.ok(!existsSync(path.join(world.dockerConfig, 'contexts')));
  });

  it('refuses a truncated archive instead of importing NUL-filled or missing key files', async () => {
    const whole = craftTar([{ path: 'meta.json', data: META }, { path: 'tls/docker/key.pem', data: 'KEY-'.repeat(300) }]);
    const file = path.join(world.root, 'cut.dockercontext');
    writeFileSync(file, whole.subarray(0, 1536 + 600));
    await assert.rejects(importContext(store, file, 'cut'), (e: unknown) => isContextError(e, 'invalid-archive') && /cut short/.test(e.message));
    assert.ok(!existsSync(path.join(world.dockerConfig, 'contexts')));
  });

  it('refuses meta.json with "Endpoints": [], which would break docker context ls for the whole store', async () => {
    const file = path.join(world.root, 'list.dockercontext');
    writeFileSync(file, craftTar([{ path: 'meta.json', data: '{"Name":"x","Endpoints":[]}' }]));
    await assert.rejects(importContext(store, file, 'list'), (e: unknown) => isContextError(e, 'invalid-archive') && /"Endpoints" is not an object/.test(e.message));
    assert.ok(!existsSync(path.join(world.dockerConfig, 'contexts')));
  });
});
