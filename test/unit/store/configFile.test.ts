import * as assert from 'assert';
import { mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'fs';
import * as path from 'path';
import { isContextError } from '../../../src/core/errors';
import { readConfigFile, updateConfigKey } from '../../../src/core/store/configFile';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

const RICH_CONFIG = {
  auths: { 'registry.example.com': { auth: 'dXNlcjpwYXNz' } },
  credsStore: 'desktop',
  credHelpers: { 'gcr.io': 'gcloud' },
  proxies: { default: { httpProxy: 'http://proxy:3128' } },
  plugins: { 'plugin-x': { enabled: 'true' } },
  someFutureKey: { nested: [1, 2, { deep: true }] },
};

describe('config.json', () => {
  let world: TempWorld;
  let file: string;
  beforeEach(() => {
    world = createTempWorld();
    file = path.join(world.dockerConfig, 'config.json');
  });
  afterEach(() => world.dispose());

  it('keeps credsStore and every other key when switching context', async () => {
    writeFileSync(file, JSON.stringify(RICH_CONFIG, null, 2));
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    const after = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.deepStrictEqual(after, { ...RICH_CONFIG, currentContext: 'prod' });
    await updateConfigKey(world.dockerConfig, 'currentContext', undefined);
    assert.deepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), RICH_CONFIG);
  });

  describe('changes only the currentContext value, every other byte as it was', () => {
    // Big integers, 1.50, escapes, duplicate keys, odd spacing and a nested currentContext that is not ours.
    const ODD = '{\r\n  "big": 12345678901234567890123,  "price":1.50,"e": 1E+2,\n"uni": "\\u00e9\\ud83d\\ude00",\n' +
      '"currentContext" : "old",  "plugins": {"x": {"currentContext": "nested"}}, "list": [ {"currentContext":"in a list"} ],\n' +
      '"dup": 1, "dup": 2, "currentContext":"older" , "tail": "\\"}" }\n';

    it('replaces the value of the key JSON readers take (the last), nothing else', async () => {
      writeFileSync(file, ODD);
      await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
      assert.strictEqual(readFileSync(file, 'utf8'), ODD.replace('"currentContext":"older"', '"currentContext":"prod"'));
    });

    it('removes every top-level currentContext when switching to default, and no nested one', async () => {
      writeFileSync(file, ODD);
      await updateConfigKey(world.dockerConfig, 'currentContext', undefined);
      assert.strictEqual(readFileSync(file, 'utf8'), ODD.replace('"currentContext" : "old",  ', '').replace('"currentContext":"older" , ', ''));
    });

    it('adds an absent key first, indented like the others', async () => {
      const text = '{\n    "big": 12345678901234567890123,\n    "price": 1.50\n}';
      writeFileSync(file, text);
      await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
      assert.strictEqual(readFileSync(file, 'utf8'), '{\n    "currentContext": "prod",\n    "big": 12345678901234567890123,\n    "price": 1.50\n}');
      writeFileSync(file, '{ }');
      await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
      assert.strictEqual(readFileSync(file, 'utf8'), '{"currentContext": "prod" }');
    });

    it('matches a key spelt with escapes, as JSON does', async () => {
      writeFileSync(file, '{"\\u0063urrentContext": "old", "n": 1.50}');
      await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
      assert.strictEqual(readFileSync(file, 'utf8'), '{"\\u0063urrentContext": "prod", "n": 1.50}');
    });
  });

  it('keeps the file mode when rewriting it', async () => {
    writeFileSync(file, '{}');
    const { chmodSync } = await import('fs');
    chmodSync(file, 0o640);
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.strictEqual(statSync(file).mode & 0o777, 0o640);
  });

  it('creates a missing config.json with mode 0600', async () => {
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.strictEqual(statSync(file).mode & 0o777, 0o600);
    assert.deepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), { currentContext: 'prod' });
  });

  it('rewrites the target of a symlinked config.json and keeps the link', async () => {
    const elsewhere = path.join(world.root, 'dotfiles');
    mkdirSync(elsewhere);
    const target = path.join(elsewhere, 'docker-config.json');
    writeFileSync(target, JSON.stringify({ credsStore: 'pass' }));
    symlinkSync(target, file);
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.strictEqual(readlinkSync(file), target);
    assert.deepStrictEqual(JSON.parse(readFileSync(target, 'utf8')), { credsStore: 'pass', currentContext: 'prod' });
  });

  it('writes through a dangling symlink to the file it names', async () => {
    const target = path.join(world.root, 'not-yet.json');
    symlinkSync(target, file);
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.strictEqual(readlinkSync(file), target);
    assert.deepStrictEqual(JSON.parse(readFileSync(target, 'utf8')), { currentContext: 'prod' });
  });

  it('never overwrites a config.json that does not parse, and says so', async () => {
    const broken = '{ "auths": { oops';
    writeFileSync(file, broken);
    await assert.rejects(updateConfigKey(world.dockerConfig, 'currentContext', 'prod'), (e: unknown) => {
      assert.ok(isContextError(e, 'config-unreadable'));
      assert.match(e.message, /not valid JSON/);
      return true;
    });
    assert.strictEqual(readFileSync(file, 'utf8'), broken);
    await assert.rejects(readConfigFile(world.dockerConfig), /not valid JSON/);
  });

  it('refuses a config.json that holds something other than an object', async () => {
    writeFileSync(file, '[1,2]');
    await assert.rejects(updateConfigKey(world.dockerConfig, 'currentContext', 'prod'), /does not hold a JSON object/);
    assert.strictEqual(readFileSync(file, 'utf8'), '[1,2]');
  });

  it('leaves no temporary file behind', async () => {
    writeFileSync(file, '{}');
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.deepStrictEqual(readdirSync(world.dockerConfig), ['config.json']);
    assert.ok(existsSync(file));
  });

  it('does not touch the file when the key already has the value', async () => {
    writeFileSync(file, '{"currentContext":"prod"}');
    const before = statSync(file).ino;
    await updateConfigKey(world.dockerConfig, 'currentContext', 'prod');
    assert.strictEqual(statSync(file).ino, before);
  });
});
