import * as assert from 'assert';
import * as fc from 'fast-check';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { importContext } from '../../../src/core/archive/importContext';
import { ContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { readClientMaterial, validateClientMaterial } from '../../../src/core/tls/tlsMaterial';
import { TlsFixtures, createTlsFixtures } from '../../rig/tlsFixtures';
import { CraftedEntry, cliListing, craftTar } from '../../support/contextArchives';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { folderSnapshot } from '../../support/folderSnapshot';


const META = { Name: 'orig', Metadata: { Description: 'd' }, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } };
const VALID: CraftedEntry[] = [
  { path: 'meta.json', data: JSON.stringify(META) },
  { path: 'tls/', type: 'Directory' },
  { path: 'tls/docker/', type: 'Directory' },
  { path: 'tls/docker/ca.pem', data: 'CA'.repeat(300) },
  { path: 'tls/docker/key.pem', data: 'KEY'.repeat(200) },
];

/** A valid archive, then one mutation of the kinds the issue names. */
const archives: fc.Arbitrary<Buffer> = fc.oneof(
  fc.nat().map((cut) => {
    const whole = craftTar(VALID);
    return whole.subarray(0, cut % (whole.length + 1));
  }),
  fc.tuple(fc.nat({ max: VALID.length - 1 }), fc.constantFrom('../x', '/etc/x', 'tls/x', 'tls/docker/a/b', './meta.json', 'META.json', 'tls/do cker/x', 'tls//x', 'a\\b')).map(([i, name]) =>
    craftTar(VALID.map((e, j) => (j === i ? { ...e, path: name } : e))),
  ),
  fc
    .record({
      Name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      Metadata: fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.record({ Description: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }, { requiredKeys: [] })),
      Endpoints: fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.constant([]),
        fc.dictionary(fc.constantFrom('docker', 'kube', 'x'), fc.oneof(fc.constant(null), fc.integer(), fc.record({ Host: fc.oneof(fc.string(), fc.integer()), SkipTLSVerify: fc.oneof(fc.boolean(), fc.string()) }, { requiredKeys: [] }))),
      ),
    }, { requiredKeys: [] })
    .map((meta) => craftTar([{ path: 'meta.json', data: JSON.stringify(meta) }, ...VALID.slice(1)])),
  fc.jsonValue().map((v) => craftTar([{ path: 'meta.json', data: JSON.stringify(v) ?? '' }])),
  fc.integer({ min: 60, max: 300 }).map((n) => craftTar([...VALID, ...Array.from({ length: n }, (_, i) => ({ path: `tls/docker/f${i}`, data: 'x' }))])),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
);

describe('files a person names: properties', function () {
  this.timeout(30000);
  let world: TempWorld;
  let store: ContextStore;
  let tls: TlsFixtures;
  before(async function () {
    this.timeout(60000);
    world = createTempWorld('drc-prop-files-');
    store = new ContextStore(world.environment);
    await store.write({ Name: 'kept', Endpoints: { docker: { Host: 'tcp://k:2376' } } }, { endpoint: 'docker', files: { ca: 'CA', key: 'KEY' } });
    tls = await createTlsFixtures(path.join(world.root, 'tls'));
  });
  after(() => world.dispose());

  it('imports an archive the docker CLI can list, or refuses it with a ContextError and leaves the store as it was', async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(archives, async (archive) => {
        const name = `imp-${index++}`;
        const file = path.join(world.root, 'a.dockercontext');
        writeFileSync(file, archive);
        const before = folderSnapshot(world.dockerConfig);
        const started = Date.now();
        const outcome = await importContext(store, file, name).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(Date.now() - started < 2000, 'import took more than 2 s');
        if (outcome === undefined) {
          const listing = await cliListing(world.processEnv);
          assert.ok(listing.ok, `docker context ls fails after importing: ${listing.stderr}`);
          assert.ok(listing.lines.some((l) => l.startsWith(`${name} `)), `the CLI does not list ${name}`);
          await store.remove(name);
        } else {
          assert.ok(outcome instanceof ContextError, `not a ContextError: ${outcome instanceof Error ? outcome.stack : JSON.stringify(outcome)}`);
        }
        assert.deepStrictEqual(folderSnapshot(world.dockerConfig), before, 'the store changed (or kept a temporary file)');
      }),
      { numRuns: 40 },
    );
  });

  const pemOf = (file: string) => readFileSync(file, 'utf8');
  const tlsFiles = fc.oneof(
    fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
    fc.tuple(fc.constantFrom('cert', 'key', 'ca', 'serverKey', 'serverCert'), fc.nat()).map(([which, cut]) => {
      const text = pemOf(tls[which as 'cert']);
      return Buffer.from(text.slice(0, cut % (text.length + 1)));
    }),
    fc.tuple(fc.constantFrom('CERTIFICATE', 'PRIVATE KEY', 'PUBLIC KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'), fc.base64String({ maxLength: 400 })).map(
      ([type, body]) => Buffer.from(`-----BEGIN ${type}-----\n${body}\n-----END ${type}-----\n`),
    ),
  );

  it('TLS material checks pass or throw a ContextError, whatever the files hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('ca', 'cert', 'key'), tlsFiles, async (which, data) => {
        const files = { ca: tls.ca, cert: tls.cert, key: tls.key, [which]: path.join(world.root, `generated-${which}.pem`) };
        writeFileSync(files[which], data);
        try {
          validateClientMaterial(await readClientMaterial(files));
        } catch (e) {
          assert.ok(e instanceof ContextError, `not a ContextError: ${String(e)}`);
          assert.ok(!/error:[0-9A-F]{8}|routines::/.test(e.message), `an OpenSSL code reached the message: ${e.message}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
