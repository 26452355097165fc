import * as assert from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';
import { contextDirName } from '../../src/core/store/contextName';
import { CliWorld, createCliWorld } from './cliWorld';

describe('docker CLI interop: removing contexts', () => {
  let w: CliWorld;
  beforeEach(async () => {
    w = createCliWorld();
    const { ca, cert, key } = w.rig.tls;
    await w.docker(['context', 'create', 'doomed', '--description', 'to be removed', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
    await w.docker(['context', 'create', 'keeper', '--docker', `host=${w.rig.docker.unixHost}`]);
  });
  afterEach(() => w.dispose());

  it('store.remove takes a context docker context create made out of docker context ls, TLS files included', async () => {
    const result = await w.store.remove('doomed');
    assert.deepStrictEqual(result, { wasCurrent: false });
    const names = (await w.cliContexts()).map((c) => c.Name);
    assert.deepStrictEqual(names, ['default', 'keeper']);
    assert.strictEqual(existsSync(path.join(w.store.tlsRoot, contextDirName('doomed'))), false);
    assert.strictEqual(existsSync(path.join(w.store.metaRoot, contextDirName('doomed'))), false);
    const inspect = await w.run(['context', 'inspect', 'doomed']);
    assert.notStrictEqual(inspect.code, 0);
  });

  it('store.remove refuses the current context without force, with kind in-use, as docker context rm does', async () => {
    await w.docker(['context', 'use', 'doomed']);
    await assert.rejects(w.store.remove('doomed'), { kind: 'in-use' });
    const cli = await w.run(['context', 'rm', 'doomed']);
    assert.notStrictEqual(cli.code, 0);
    assert.match(cli.stderr, /in use/);
    assert.strictEqual(await w.cliCurrent(), 'doomed');
    assert.ok((await w.cliContexts()).some((c) => c.Name === 'doomed'));
  });

  it('store.remove with force takes the current context and goes back to default', async () => {
    await w.docker(['context', 'use', 'doomed']);
    const result = await w.store.remove('doomed', { force: true });
    assert.deepStrictEqual(result, { wasCurrent: true });
    assert.strictEqual(await w.cliCurrent(), 'default');
    assert.deepStrictEqual((await w.cliContexts()).map((c) => [c.Name, c.Current]), [['default', true], ['keeper', false]]);
    assert.deepStrictEqual(await w.store.current(), { name: 'default', source: 'default' });
  });

  it('store.list no longer shows a context docker context rm removed', async () => {
    await w.docker(['context', 'rm', 'keeper']);
    const { contexts, broken } = await w.store.list();
    assert.deepStrictEqual(contexts.map((c) => c.name), ['default', 'doomed']);
    assert.deepStrictEqual(broken, []);
    assert.strictEqual(w.store.exists('keeper'), false);
  });
});
