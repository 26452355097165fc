import * as assert from 'assert';
import * as fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { parseEndpoint } from '../../../src/core/endpoint';
import { ContextError } from '../../../src/core/errors';
import { updateConfigKey } from '../../../src/core/store/configFile';
import { ContextStore } from '../../../src/core/store/contextStore';
import { contextNameProblem } from '../../../src/core/store/contextName';
import { createSshContext, storedHost } from '../../../src/core/store/newContexts';
import { updateContext } from '../../../src/core/store/updateContext';
import { folderSnapshot } from '../../support/folderSnapshot';
import { TempWorld, createTempWorld } from '../../support/tempWorld';


/** Names our operations give their temporary files and folders. */
const TEMP_NAME = /\.tmp$|\.(new|old)-[0-9a-f]{8}$/;

const hosts: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('ssh://', 'SSH://', 'tcp://', 'http://', 'unix://', 'npipe://', '', 'ftp://', ' ssh://'),
      fc.constantFrom('', 'ops@', '-x@', 'u:p@', 'user%40corp@', 'a b@', '%zz@'),
      fc.constantFrom('host', 'ho st', '-oProxyCommand=x', 'h\nx', 'h\tx', '[::1]', '[zz]', '', 'ho_st', '10.0.0.1', 'é', '/var/run/docker.sock', '//./pipe/x'),
      fc.constantFrom('', ':22', ':0', ':65536', ':abc', ':'),
      fc.constantFrom('', '/run/docker.sock', '/', '/%zz', '/a b'),
      fc.constantFrom('', '?x=1', '#f', ' ', '\n'),
    )
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 30 }),
);

const names: fc.Arbitrary<string> = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.+-]{1,20}$/), fc.string({ maxLength: 12 }), fc.constantFrom('default', 'base', 'a', '-x', 'x/y', '..'));

describe('store properties', function () {
  this.timeout(20000);
  let world: TempWorld;
  before(() => (world = createTempWorld('drc-prop-')));
  after(() => world.dispose());

  function freshStore(): { store: ContextStore; configDir: string } {
    const configDir = mkdtempSync(path.join(world.root, 'docker-'));
    return { store: new ContextStore({ env: { DOCKER_CONFIG: configDir }, homeDir: world.home, platform: process.platform }), configDir };
  }

  /** Runs `op`: a correct result, or a ContextError that left the store byte for byte as it was; no temporary file either way. */
  async function clearOutcome(configDir: string, op: () => Promise<void>): Promise<'ok' | 'refused'> {
    const before = folderSnapshot(configDir);
    try {
      await op();
      return 'ok';
    } catch (e) {
      assert.ok(e instanceof ContextError, `not a ContextError: ${String(e)}`);
      assert.ok(e.message && !/\.tmp|\.new-|\.old-/.test(e.message), `a message naming a temporary file: ${e.message}`);
      assert.deepStrictEqual(folderSnapshot(configDir), before);
      return 'refused';
    } finally {
      assert.deepStrictEqual(Object.keys(folderSnapshot(configDir)).filter((f) => TEMP_NAME.test(f)), []);
    }
  }

  it('creates, edits and switches to generated names and hosts: a clear error with nothing changed, or the right result', async () => {
    const { store, configDir } = freshStore();
    await createSshContext(store, { name: 'base', host: 'ssh://ops@base' });
    writeFileSync(path.join(configDir, 'config.json'), '{"big": 12345678901234567890, "n": 1.50}');
    await fc.assert(
      fc.asyncProperty(names, hosts, async (name, host) => {
        const expected = storedHost(host);
        const created = await clearOutcome(configDir, () => createSshContext(store, { name, host }));
        if (created === 'ok') {
          assert.strictEqual(contextNameProblem(name), undefined);
          assert.ok('host' in expected && expected.host === host, `stored ${JSON.stringify(host)}, which the host check refuses`);
          assert.strictEqual(parseEndpoint(host).transport, 'ssh');
          assert.strictEqual((await store.get(name)).host, host);
        }
        const edited = await clearOutcome(configDir, () => updateContext(store, { name: 'base', host }));
        if (edited === 'ok') assert.strictEqual((await store.get('base')).host, 'host' in expected ? expected.host : '(refused)');
        const used = await clearOutcome(configDir, () => store.use(name));
        if (used === 'ok') assert.strictEqual(await store.configuredContext(), name);
        if (created === 'ok') await store.remove(name, { force: true });
      }),
      { numRuns: 120 },
    );
  });

  it('switching changes only the currentContext value in generated config.json texts', async () => {
    const { configDir } = freshStore();
    const file = path.join(configDir, 'config.json');
    const odd = fc.constantFrom('12345678901234567890123', '1.50', '1E+2', '-0', '"\\u00e9"', '"\\"}"', '{"currentContext": "nested"}', '[{"currentContext": 1}]');
    const members = fc.array(fc.tuple(fc.constantFrom('a', 'currentContext', '\\u0063urrentContext', 'auths', 'x y', 'é'), fc.oneof(odd, fc.json())), { maxLength: 6 });
    const spaces = fc.constantFrom('', ' ', '\n\t', '\r\n  ');
    /** The text, and where the value of the last top-level currentContext is in it (the one JSON readers take). */
    const texts = fc.tuple(members, spaces).map(([ms, sp]) => {
      let text = `{${sp}`;
      let value: [number, number] | undefined;
      ms.forEach(([k, v], i) => {
        text += `${i ? `,${sp}` : ''}"${k}"${sp}:${sp}`;
        if (JSON.parse(`"${k}"`) === 'currentContext') value = [text.length, text.length + v.length];
        text += v;
      });
      return { text: `${text}${sp}}${sp}`, value };
    });
    await fc.assert(
      fc.asyncProperty(texts, fc.stringMatching(/^[a-z][a-z0-9-]{1,10}$/), async ({ text, value }, name) => {
        writeFileSync(file, text);
        const others = JSON.parse(text) as Record<string, unknown>;
        delete others.currentContext;
        await updateConfigKey(configDir, 'currentContext', name);
        const after = readFileSync(file, 'utf8');
        assert.deepStrictEqual(JSON.parse(after), { ...others, currentContext: name });
        // One run of bytes differs: inside the old value when there was one, else an insertion holding the new one.
        let p = 0;
        while (p < text.length && text[p] === after[p]) p++;
        let s = 0;
        while (s < text.length - p && s < after.length - p && text[text.length - 1 - s] === after[after.length - 1 - s]) s++;
        const changed = [p, text.length - s];
        if (value) assert.ok(changed[0] >= value[0] && changed[1] <= value[1], `changed ${JSON.stringify(text.slice(changed[0], changed[1]))} outside the value ${JSON.stringify(text.slice(value[0], value[1]))}`);
        else assert.ok(changed[0] === changed[1] && after.slice(p, after.length - s).includes(JSON.stringify(name)), `changed ${JSON.stringify(text.slice(changed[0], changed[1]))}`);
        await updateConfigKey(configDir, 'currentContext', undefined);
        assert.deepStrictEqual(JSON.parse(readFileSync(file, 'utf8')), others);
      }),
      { numRuns: 60 },
    );
  });
});
