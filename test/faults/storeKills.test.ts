import * as assert from 'assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ContextStore } from '../../src/core/store/contextStore';
import { contextDirName } from '../../src/core/store/contextName';
import { runDocker } from '../rig/dockerCli';
import { TlsFixtures, createTlsFixtures } from '../rig/tlsFixtures';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { KillRun, killAtRandomMoments } from './killAtRandom';
import { nextStart } from './nextStart';

const SCRIPT = path.join(__dirname, 'storeOperation.js');
const KILLS = 60;

/** What the docker CLI says of the store: it must list it and show the current context. */
async function cliSeesStore(env: NodeJS.ProcessEnv): Promise<{ names: string[]; current: string }> {
  const ls = await runDocker(env, ['context', 'ls', '--format', '{{.Name}}']);
  assert.strictEqual(ls.code, 0, `docker context ls failed: ${ls.stderr}`);
  const show = await runDocker(env, ['context', 'show']);
  assert.strictEqual(show.code, 0, `docker context show failed: ${show.stderr}`);
  return { names: ls.stdout.split('\n').filter(Boolean).sort(), current: show.stdout.trim() };
}

/** Leftovers of our operations anywhere in the store: temporary files, staging folders, orphans. */
function leftovers(configDir: string): string[] {
  const found: string[] = [];
  const metaRoot = path.join(configDir, 'contexts', 'meta');
  const tlsRoot = path.join(configDir, 'contexts', 'tls');
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  for (const name of list(configDir)) if (name.endsWith('.tmp')) found.push(name);
  for (const name of list(tlsRoot)) {
    if (name.startsWith('.')) found.push(`tls/${name}`);
    else if (!existsSync(path.join(metaRoot, name, 'meta.json'))) found.push(`tls/${name} (no context)`);
  }
  for (const dir of list(metaRoot)) {
    for (const name of list(path.join(metaRoot, dir))) if (name !== 'meta.json') found.push(`meta/${dir}/${name}`);
    if (!existsSync(path.join(metaRoot, dir, 'meta.json'))) found.push(`meta/${dir} (no meta.json)`);
  }
  return found;
}

describe('store faults: killed at random moments', function () {
  this.timeout(15 * 60 * 1000);
  let world: TempWorld;
  let fixtures: TlsFixtures;
  before(async () => {
    world = createTempWorld('drc-faults-');
    fixtures = await createTlsFixtures(path.join(world.root, 'certs'));
  });
  after(() => world.dispose());

  it(`a create with TLS files, killed ${KILLS} times: the CLI lists the store, nothing half-written shows, orphans go at the next start`, async () => {
    const env = world.processEnv;
    const expected = { ca: readFileSync(fixtures.ca), cert: readFileSync(fixtures.cert), key: readFileSync(fixtures.key) };
    let cut = 0;
    const check = async (run: KillRun) => {
      if (!run.killed) assert.strictEqual(run.code, 0, run.stderr);
      const cli = await cliSeesStore(env);
      const store = new ContextStore(world.environment);
      const { contexts, broken } = await store.list();
      assert.deepStrictEqual(broken, [], `run ${run.index} (${run.delayMs.toFixed(0)} ms)`);
      assert.deepStrictEqual(contexts.map((c) => c.name).sort(), cli.names, 'we and the docker CLI list the same contexts');
      for (const c of contexts.filter((x) => !x.isDefault)) {
        // A context that shows is whole: its host and all three files, byte for byte.
        assert.strictEqual(c.host, 'tcp://box.example:2376');
        for (const kind of ['ca', 'cert', 'key'] as const) assert.ok(c.tls[kind] && readFileSync(c.tls[kind]).equals(expected[kind]), `${c.name}: ${kind}.pem is not whole`);
      }
      if (leftovers(world.dockerConfig).length) cut++;
      // The next start (any age counts: no operation runs now) clears what the kill left.
      await nextStart(world.environment);
      assert.deepStrictEqual(leftovers(world.dockerConfig), [], `run ${run.index}: left after the next start`);
    };
    const outcome = await killAtRandomMoments({
      script: SCRIPT,
      args: (i) => ['create-tls', `k${i + 1}`, 'tcp://box.example:2376', fixtures.dir],
      env,
      kills: KILLS,
      afterKill: check,
    });
    console.log(`      ${outcome.killed} killed, ${outcome.finished} finished, ${cut} left leftovers that the next start cleared`);
    assert.ok(outcome.killed >= KILLS / 3, `only ${outcome.killed} runs were killed before they finished`);
  });

  it(`a switch, killed ${KILLS} times: config.json is the old or the new one, every other byte kept, and the CLI shows it`, async () => {
    const env = world.processEnv;
    const file = path.join(world.dockerConfig, 'config.json');
    const store = new ContextStore(world.environment);
    for (const name of ['left', 'right']) {
      if (!store.exists(name)) await store.create({ Name: name, Metadata: {}, Endpoints: { docker: { Host: `ssh://ops@${name}`, SkipTLSVerify: false } } });
    }
    const text = (name: string) => `{\n\t"big": 12345678901234567890123,\n\t"price": 1.50,\n\t"currentContext": "${name}",\n\t"plugins": {"x": {"currentContext": "nested"}}\n}\n`;
    writeFileSync(file, text('left'));
    const check = async (run: KillRun) => {
      if (!run.killed) assert.strictEqual(run.code, 0, run.stderr);
      const now = readFileSync(file, 'utf8');
      assert.ok(now === text('left') || now === text('right'), `run ${run.index}: config.json is ${JSON.stringify(now)}`);
      const cli = await cliSeesStore(env);
      assert.strictEqual(cli.current, (JSON.parse(now) as { currentContext: string }).currentContext);
      await nextStart(world.environment);
      assert.deepStrictEqual(leftovers(world.dockerConfig), [], `run ${run.index}: left after the next start`);
    };
    const outcome = await killAtRandomMoments({
      script: SCRIPT,
      args: (i) => ['use', i % 2 ? 'left' : 'right'],
      env,
      kills: KILLS,
      afterKill: check,
    });
    console.log(`      ${outcome.killed} killed, ${outcome.finished} finished`);
    assert.ok(existsSync(path.join(world.dockerConfig, 'contexts', 'meta', contextDirName('left'))));
    assert.ok(outcome.killed >= KILLS / 3, `only ${outcome.killed} runs were killed before they finished`);
  });
});
