import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { jsonLines } from '../rig/dockerCli';
import { CliContextLine, CliWorld, cliMeta, createCliWorld } from './cliWorld';

async function configJson(w: CliWorld): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(path.join(w.world.dockerConfig, 'config.json'), 'utf8')) as Record<string, unknown>;
}

describe('docker CLI interop: the current context', () => {
  let w: CliWorld;
  beforeEach(async () => {
    w = createCliWorld();
    await w.store.write(cliMeta('alpha', w.rig.docker.unixHost));
    await w.store.write(cliMeta('beta', w.rig.ssh.host));
  });
  afterEach(() => w.dispose());

  it('docker context show prints the context store.use chose', async () => {
    await w.store.use('alpha');
    assert.strictEqual(await w.cliCurrent(), 'alpha');
    await w.store.use('beta');
    assert.strictEqual(await w.cliCurrent(), 'beta');
  });

  it('store.current returns the context docker context use chose, from config.json', async () => {
    await w.docker(['context', 'use', 'beta']);
    assert.deepStrictEqual(await w.store.current(), { name: 'beta', source: 'config' });
  });

  it('store.use("default") removes currentContext from config.json, as docker context use default does', async () => {
    await w.store.use('alpha');
    await w.store.use('default');
    const ours = await configJson(w);
    assert.ok(!('currentContext' in ours), 'store.use("default") leaves no currentContext key');
    assert.strictEqual(await w.cliCurrent(), 'default');

    await w.docker(['context', 'use', 'alpha']);
    await w.docker(['context', 'use', 'default']);
    assert.ok(!('currentContext' in (await configJson(w))), 'docker context use default leaves no currentContext key either');
    assert.deepStrictEqual(await w.store.current(), { name: 'default', source: 'default' });
  });

  it('store.use of a context that does not exist fails as docker context use does, and changes nothing', async () => {
    await w.store.use('alpha');
    await assert.rejects(w.store.use('gamma'), { kind: 'not-found' });
    const cli = await w.run(['context', 'use', 'gamma']);
    assert.notStrictEqual(cli.code, 0);
    assert.strictEqual(await w.cliCurrent(), 'alpha');
  });

  describe('DOCKER_CONTEXT and DOCKER_HOST precedence agrees with docker context show', () => {
    const cases: { title: string; configured?: string; env: Record<string, string>; expected: { name: string; source: string; overridden?: string } }[] = [
      { title: 'nothing set: default', env: {}, expected: { name: 'default', source: 'default' } },
      { title: 'config.json only: its context', configured: 'alpha', env: {}, expected: { name: 'alpha', source: 'config' } },
      { title: 'DOCKER_CONTEXT over config.json', configured: 'alpha', env: { DOCKER_CONTEXT: 'beta' }, expected: { name: 'beta', source: 'DOCKER_CONTEXT' } },
      { title: 'DOCKER_CONTEXT=default over config.json', configured: 'alpha', env: { DOCKER_CONTEXT: 'default' }, expected: { name: 'default', source: 'DOCKER_CONTEXT' } },
      { title: 'DOCKER_HOST over config.json', configured: 'alpha', env: { DOCKER_HOST: 'HOST' }, expected: { name: 'default', source: 'DOCKER_HOST', overridden: 'alpha' } },
      { title: 'DOCKER_HOST over DOCKER_CONTEXT', configured: 'alpha', env: { DOCKER_HOST: 'HOST', DOCKER_CONTEXT: 'beta' }, expected: { name: 'default', source: 'DOCKER_HOST', overridden: 'beta' } },
      { title: 'DOCKER_HOST alone', env: { DOCKER_HOST: 'HOST' }, expected: { name: 'default', source: 'DOCKER_HOST', overridden: undefined } },
    ];
    for (const c of cases) {
      it(c.title, async () => {
        if (c.configured) await w.store.use(c.configured);
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(c.env)) env[k] = v === 'HOST' ? w.rig.docker.unixHost : v;
        const current = await w.storeWith(env).current();
        assert.deepStrictEqual({ ...current }, c.expected);
        assert.strictEqual(await w.cliCurrent(env), current.name);
      });
    }
  });

  it('the default context under DOCKER_HOST reaches the daemon DOCKER_HOST names, for the CLI and store.get alike', async () => {
    const env = { DOCKER_HOST: w.rig.docker.unixHost };
    const ours = await w.storeWith(env).get('default');
    assert.strictEqual(ours.host, w.rig.docker.unixHost);
    const cli = await w.cliContexts();
    assert.strictEqual(cli.find((c) => c.Name === 'default')?.DockerEndpoint, 'unix:///var/run/docker.sock', 'without DOCKER_HOST the CLI lists the local socket');
    const listed = jsonLines<CliContextLine>(await w.docker(['context', 'ls', '--format', 'json'], env)).find((c) => c.Name === 'default');
    assert.strictEqual(listed?.DockerEndpoint, w.rig.docker.unixHost);
    assert.strictEqual(listed.Current, true);
    const viaEnv = (await w.docker(['info', '--format', '{{.ID}}'], env)).trim();
    assert.strictEqual(viaEnv, await w.daemonIdThrough('alpha'));
  });
});
