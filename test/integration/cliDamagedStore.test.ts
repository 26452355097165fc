import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { contextDirName } from '../../src/core/store/contextName';
import { CliWorld, cliMeta, createCliWorld } from './cliWorld';

describe('docker CLI interop: damaged store entries', () => {
  let w: CliWorld;
  beforeEach(async () => {
    w = createCliWorld();
    await w.store.write(cliMeta('good', w.rig.docker.unixHost, 'still fine'));
    await w.docker(['context', 'create', 'also-good', '--docker', `host=${w.rig.ssh.host}`]);
  });
  afterEach(() => w.dispose());

  async function writeEntry(dirName: string, text: string): Promise<void> {
    const dir = path.join(w.store.metaRoot, dirName);
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    await fs.writeFile(path.join(dir, 'meta.json'), text, { mode: 0o644 });
  }

  describe('a meta.json that does not parse', () => {
    const dirName = contextDirName('damaged');
    beforeEach(() => writeEntry(dirName, '{"Name": "damaged", "Endpoints": {"docker": {"Host": "tcp://x:2376"'));

    it('is listed in broken with an error and hides none of the other contexts', async () => {
      const { contexts, broken } = await w.store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['also-good', 'default', 'good']);
      assert.strictEqual(broken.length, 1);
      assert.strictEqual(broken[0].dirName, dirName);
      assert.match(broken[0].error, /damaged|JSON|Unexpected|parse/i);
      assert.strictEqual((await w.store.get('good')).description, 'still fine');
    });

    it('makes docker context ls fail and list nothing (observed)', async () => {
      const result = await w.run(['context', 'ls', '--format', 'json']);
      assert.notStrictEqual(result.code, 0);
      assert.match(result.stderr, /failed to read metadata/);
      assert.match(result.stderr, new RegExp(dirName));
      assert.strictEqual(result.stdout.trim(), '');
    });

    it('does not stop docker --context from reaching the daemon through a sound context (observed)', async () => {
      const id = await w.daemonIdThrough('good');
      assert.notStrictEqual(id, '');
    });

    it('once removed with store.removeBroken, docker context ls works again', async () => {
      await w.store.removeBroken(dirName);
      const cli = await w.cliContexts();
      assert.deepStrictEqual(cli.map((c) => c.Name), ['also-good', 'default', 'good']);
      assert.deepStrictEqual((await w.store.list()).broken, []);
    });
  });

  describe('a folder whose name is not the sha256 of the name inside', () => {
    beforeEach(() => writeEntry('not-a-digest', JSON.stringify(cliMeta('stray', 'tcp://stray.example.com:2376'))));

    it('is listed in broken with its name and an error, and hides none of the other contexts', async () => {
      const { contexts, broken } = await w.store.list();
      assert.deepStrictEqual(contexts.map((c) => c.name), ['also-good', 'default', 'good']);
      assert.deepStrictEqual(broken.map((b) => [b.dirName, b.name]), [['not-a-digest', 'stray']]);
      assert.match(broken[0].error, new RegExp(contextDirName('stray')));
      assert.strictEqual(w.store.exists('stray'), false);
    });

    it('is listed by docker context ls, which then cannot use, inspect or remove it (observed)', async () => {
      const cli = await w.cliContexts();
      assert.deepStrictEqual(cli.map((c) => c.Name), ['also-good', 'default', 'good', 'stray']);
      assert.strictEqual(cli.find((c) => c.Name === 'stray')?.DockerEndpoint, 'tcp://stray.example.com:2376');
      for (const args of [['context', 'use', 'stray'], ['context', 'inspect', 'stray'], ['context', 'rm', 'stray']]) {
        const result = await w.run(args);
        assert.notStrictEqual(result.code, 0, `docker ${args.join(' ')} fails`);
      }
      assert.deepStrictEqual(await fs.readdir(path.join(w.store.metaRoot, 'not-a-digest')), ['meta.json'], 'the CLI left the folder alone');
    });

    it('can be removed with store.removeBroken, after which both agree', async () => {
      await w.store.removeBroken('not-a-digest');
      const [cli, ours] = await Promise.all([w.cliContexts(), w.store.list()]);
      assert.deepStrictEqual(cli.map((c) => c.Name), ours.contexts.map((c) => c.name));
      assert.deepStrictEqual(ours.broken, []);
    });
  });
});
