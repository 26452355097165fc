import * as assert from 'assert';
import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { exportContext } from '../../src/core/archive/exportContext';
import { importContext } from '../../src/core/archive/importContext';
import { isContextError } from '../../src/core/errors';
import { ContextStore } from '../../src/core/store/contextStore';
import { runDocker } from '../rig/dockerCli';
import { CraftedEntry, cliListing, craftTar } from '../support/contextArchives';
import { createTempWorld } from '../support/tempWorld';

const OK_META = { Name: 'x', Metadata: {}, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } };
const metaTar = (meta: unknown, extra: CraftedEntry[] = []) => craftTar([{ path: 'meta.json', data: typeof meta === 'string' ? meta : JSON.stringify(meta) }, ...extra]);
const whole = craftTar([{ path: 'meta.json', data: JSON.stringify(OK_META) }, { path: 'tls/docker/ca.pem', data: 'CA-DATA-0123456789' }], { end: false });

/**
 * Archives fed to both `docker context import` and ours. `cli` is what the docker CLI does with
 * it: 'listed' (imported, and `docker context ls` works afterwards), 'refused', or 'breaks' (it
 * imports, and then `docker context ls` fails for the whole store, or panics). Ours must import
 * exactly the 'listed' ones.
 */
const CASES: Array<[string, Buffer, 'listed' | 'refused' | 'breaks']> = [
  ['a whole archive', metaTar(OK_META), 'listed'],
  ['a tar cut right after its last file, as docker context export writes it', whole.subarray(0, 1536 + 18), 'listed'],
  ['a tar cut right after a file header boundary', whole.subarray(0, 1024), 'listed'],
  ['a tar cut inside a file', whole.subarray(0, 1536 + 5), 'refused'],
  ['a tar cut inside a header', whole.subarray(0, 1024 + 100), 'refused'],
  ['a tar cut inside meta.json', whole.subarray(0, 512 + 10), 'refused'],
  ['a tar with one closing zero block', Buffer.concat([whole, Buffer.alloc(512)]), 'listed'],
  ['a tar with a zero block then half a block', Buffer.concat([whole, Buffer.alloc(700)]), 'refused'],
  ['a tar with a zero block then data', Buffer.concat([whole, Buffer.alloc(512), Buffer.alloc(512, 1)]), 'refused'],
  ['a tar with data after its two zero blocks', Buffer.concat([whole, Buffer.alloc(1024), Buffer.alloc(512, 1)]), 'listed'],
  ['an empty file', Buffer.alloc(0), 'refused'],
  ['two zero blocks', Buffer.alloc(1024), 'refused'],
  ['meta.json with "Endpoints": []', metaTar({ Name: 'x', Endpoints: [] }), 'refused'],
  ['meta.json with "Endpoints": null', metaTar({ Name: 'x', Endpoints: null }), 'listed'],
  ['meta.json without Endpoints', metaTar({ Name: 'x' }), 'listed'],
  ['meta.json null', metaTar('null'), 'listed'],
  ['meta.json an array', metaTar('[]'), 'refused'],
  ['meta.json with a numeric Name', metaTar({ Name: 5 }), 'refused'],
  ['meta.json with a number beyond float64', metaTar('{"Metadata":{"x":1e400}}'), 'refused'],
  ['meta.json with a byte-order mark', metaTar('\uFEFF{}'), 'refused'],
  ['meta.json with a string docker endpoint', metaTar({ Endpoints: { docker: 'a' } }), 'breaks'],
  ['meta.json with a numeric Host', metaTar({ Endpoints: { docker: { Host: 5 } } }), 'breaks'],
  ['meta.json with a string SkipTLSVerify', metaTar({ Endpoints: { docker: { Host: 'tcp://h:1', SkipTLSVerify: 'yes' } } }), 'breaks'],
  ['meta.json with a numeric Description', metaTar({ Metadata: { Description: 5 } }), 'breaks'],
  ['meta.json with a null Description', metaTar({ Metadata: { Description: null } }), 'breaks'],
  ['meta.json with a string Metadata', metaTar({ Metadata: 'str' }), 'breaks'],
  ['meta.json with a numeric other endpoint', metaTar({ Endpoints: { kube: 7 } }), 'breaks'],
  ['meta.json with fields in lower case', metaTar('{"name":"x","endpoints":{"docker":{"host":"tcp://h:9"}}}'), 'listed'],
  ['meta.json with unknown fields', metaTar({ Foo: 1, Endpoints: { docker: { Host: 'tcp://h:1', Extra: [1] } } }), 'listed'],
  ['./meta.json', craftTar([{ path: './meta.json', data: '{}' }]), 'refused'],
  ['tls/<file> without an endpoint', metaTar(OK_META, [{ path: 'tls/ca.pem', data: 'x' }]), 'refused'],
  ['tls/./docker/ca.pem', metaTar(OK_META, [{ path: 'tls/./docker/ca.pem', data: 'x' }]), 'refused'],
  ['a folder with a climbing name', metaTar(OK_META, [{ path: '../../x/', type: 'Directory' }]), 'listed'],
  ['a second meta.json that does not parse', metaTar(OK_META, [{ path: 'meta.json', data: '{bad' }]), 'refused'],
];

describe('import accepts what docker context import accepts and can list', () => {
  for (const [what, archive, cli] of CASES) {
    it(`${what}: ${cli === 'listed' ? 'imported and listed' : 'refused'}, as by the docker CLI`, async () => {
      const cliWorld = createTempWorld('drc-oracle-cli-');
      const ours = createTempWorld('drc-oracle-ours-');
      try {
        const file = path.join(cliWorld.root, 'a.dockercontext');
        writeFileSync(file, archive);
        // The oracle: what the docker CLI does with the archive, and whether it can list afterwards.
        const imported = (await runDocker(cliWorld.processEnv, ['context', 'import', 'imp', file])).code === 0;
        const cliListed = imported ? await cliListing(cliWorld.processEnv) : undefined;
        assert.strictEqual(cliListed ? (cliListed.ok ? 'listed' : 'breaks') : 'refused', cli, `the docker CLI no longer does what this case says: ${cliListed?.stderr ?? ''}`);

        const store = new ContextStore(ours.environment);
        const outcome = await importContext(store, file, 'imp').then(
          () => 'imported',
          (e: unknown) => {
            assert.ok(isContextError(e), `not a ContextError: ${String(e)}`);
            return 'refused';
          },
        );
        assert.strictEqual(outcome, cli === 'listed' ? 'imported' : 'refused');
        if (cli === 'listed') {
          const ourListing = await cliListing(ours.processEnv);
          assert.ok(ourListing.ok, `docker context ls fails on what we wrote: ${ourListing.stderr}`);
          assert.deepStrictEqual(ourListing.lines, cliListed!.lines);
        } else {
          assert.deepStrictEqual(readdirSync(ours.dockerConfig), [], 'a refused import wrote something');
        }
      } finally {
        cliWorld.dispose();
        ours.dispose();
      }
    });
  }
});

describe('export writes what docker context import accepts', () => {
  it('imports our export of a TLS context with the docker CLI, key included', async () => {
    const ours = createTempWorld('drc-export-');
    const cli = createTempWorld('drc-export-cli-');
    try {
      const store = new ContextStore(ours.environment);
      await store.write({ Name: 'src', Metadata: { Description: 'd' }, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } }, { endpoint: 'docker', files: { ca: 'CA', cert: 'CERT', key: 'KEY' } });
      const file = path.join(ours.root, 'src.dockercontext');
      await exportContext(store, 'src', file);
      assert.strictEqual((await runDocker(cli.processEnv, ['context', 'import', 'copy', file])).code, 0);
      const inspected = JSON.parse((await runDocker(cli.processEnv, ['context', 'inspect', 'copy'])).stdout) as Array<{ Endpoints: { docker: { Host: string } }; TLSMaterial: { docker: string[] } }>;
      assert.strictEqual(inspected[0].Endpoints.docker.Host, 'tcp://h:2376');
      assert.deepStrictEqual([...inspected[0].TLSMaterial.docker].sort(), ['ca.pem', 'cert.pem', 'key.pem']);
    } finally {
      ours.dispose();
      cli.dispose();
    }
  });
});
