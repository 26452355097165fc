import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { CliWorld, cliMeta, createCliWorld, modeOf } from './cliWorld';

/** A config.json as people have them: registries, helpers, proxies, plugins, and a key nobody knows yet. */
const KNOWN_KEYS = {
  auths: {
    'registry.example.com': { auth: 'dXNlcjpwYXNz' },
    'https://index.docker.io/v1/': { auth: 'YTpi', identitytoken: 'token-value' },
  },
  credsStore: 'desktop',
  credHelpers: { 'gcr.io': 'gcloud', '123456789.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
  proxies: { default: { httpProxy: 'http://proxy.example.com:3128', noProxy: '*.local,169.254/16' } },
  plugins: { 'plugin-x': { enabled: 'true' }, buildx: { 'default-builder': 'remote' } },
  psFormat: 'table {{.ID}}\\t{{.Names}}',
};
const UNKNOWN_KEY = { someFutureKey: { nested: [1, 2, { deep: true, text: 'ünïcödé ✓' }], empty: {} } };
const RICH_CONFIG = { ...KNOWN_KEYS, ...UNKNOWN_KEY };

describe('docker CLI interop: config.json', () => {
  let w: CliWorld;
  let link: string;
  let target: string;

  beforeEach(async () => {
    w = createCliWorld();
    await w.store.write(cliMeta('alpha', w.rig.docker.unixHost));
    await w.docker(['context', 'create', 'beta', '--docker', `host=${w.rig.ssh.host}`]);
    // config.json is a link to a file elsewhere, mode 0640, as dotfile managers leave it.
    const elsewhere = path.join(w.world.root, 'dotfiles');
    await fs.mkdir(elsewhere, { recursive: true });
    target = path.join(elsewhere, 'docker-config.json');
    link = path.join(w.world.dockerConfig, 'config.json');
    await fs.writeFile(target, JSON.stringify(RICH_CONFIG, null, 2));
    await fs.chmod(target, 0o640);
    await fs.symlink(target, link);
  });
  afterEach(() => w.dispose());

  async function readTarget(): Promise<Record<string, unknown>> {
    return JSON.parse(await fs.readFile(target, 'utf8')) as Record<string, unknown>;
  }

  /**
   * Each value compared as its JSON text (`same-text`: a changed number, key order or escape
   * would show), or as a value (`same-value`: the CLI writes map keys sorted).
   */
  function assertKeysKept(after: Record<string, unknown>, expected: Record<string, unknown>, how: 'same-text' | 'same-value'): void {
    for (const [key, value] of Object.entries(expected)) {
      if (how === 'same-text') assert.strictEqual(JSON.stringify(after[key]), JSON.stringify(value), `${key} is kept as it was`);
      else assert.deepStrictEqual(after[key], value, `${key} is kept as it was`);
    }
  }

  async function assertLinkAndModeKept(): Promise<void> {
    assert.ok((await fs.lstat(link)).isSymbolicLink(), 'config.json is still a symbolic link');
    assert.strictEqual(await fs.readlink(link), target, 'the link still names the same file');
    assert.strictEqual(await modeOf(target), '640', 'the file keeps its mode');
  }

  it('keeps credsStore, auths, proxies, plugins and unknown keys when store.use switches context', async () => {
    await w.store.use('alpha');
    const after = await readTarget();
    assertKeysKept(after, RICH_CONFIG, 'same-text');
    assert.strictEqual(after.currentContext, 'alpha');
    assert.deepStrictEqual(Object.keys(after).sort(), [...Object.keys(RICH_CONFIG), 'currentContext'].sort());
  });

  it('keeps the symbolic link and the mode of config.json when store.use switches context', async () => {
    await w.store.use('alpha');
    await assertLinkAndModeKept();
    assert.strictEqual(await w.cliCurrent(), 'alpha');
  });

  it('keeps every key when store.use goes back to default, removing only currentContext', async () => {
    await w.store.use('alpha');
    await w.store.use('default');
    const after = await readTarget();
    assertKeysKept(after, RICH_CONFIG, 'same-text');
    assert.deepStrictEqual(Object.keys(after), Object.keys(RICH_CONFIG));
    await assertLinkAndModeKept();
  });

  it('docker context use keeps the known keys, the link and the mode, and drops keys it does not know (observed)', async () => {
    await w.docker(['context', 'use', 'beta']);
    const after = await readTarget();
    assertKeysKept(after, KNOWN_KEYS, 'same-value');
    assert.strictEqual(after.currentContext, 'beta');
    await assertLinkAndModeKept();
    // The CLI's Go struct has no place for keys it does not know: they are lost on its write.
    assert.ok(!('someFutureKey' in after), 'docker context use drops someFutureKey');
  });

  it('keeps what docker context use wrote when store.use switches afterwards', async () => {
    await w.docker(['context', 'use', 'beta']);
    const written = await readTarget();
    await w.store.use('alpha');
    const after = await readTarget();
    assertKeysKept(after, { ...written, currentContext: 'alpha' }, 'same-text');
    assert.deepStrictEqual(Object.keys(after).sort(), Object.keys(written).sort());
    await assertLinkAndModeKept();
    assert.strictEqual(await w.cliCurrent(), 'alpha');
  });

  describe('a config.json that does not parse', () => {
    const DAMAGED = '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}},\n  "credsStore": "desktop",\n';

    beforeEach(async () => {
      await fs.writeFile(target, DAMAGED);
    });

    it('is never overwritten by store.use, which fails with config-unreadable', async () => {
      const before = await fs.stat(target);
      await assert.rejects(w.store.use('alpha'), { kind: 'config-unreadable' });
      assert.strictEqual(await fs.readFile(target, 'utf8'), DAMAGED);
      assert.strictEqual((await fs.stat(target)).mtimeMs, before.mtimeMs);
      await assertLinkAndModeKept();
      await assert.rejects(w.store.use('default'), { kind: 'config-unreadable' });
      assert.strictEqual(await fs.readFile(target, 'utf8'), DAMAGED);
    });

    it('makes store.current fail with config-unreadable rather than guess', async () => {
      await assert.rejects(w.store.current(), { kind: 'config-unreadable' });
    });

    it('is replaced by docker context use, which warns and loses its content (observed)', async () => {
      const result = await w.run(['context', 'use', 'alpha']);
      assert.strictEqual(result.code, 0);
      assert.match(result.stderr, /Error parsing config file/);
      const after = await readTarget();
      assert.strictEqual(after.currentContext, 'alpha');
      assert.ok(!('credsStore' in after), 'the CLI wrote a fresh file without the damaged one\'s keys');
    });
  });
});
