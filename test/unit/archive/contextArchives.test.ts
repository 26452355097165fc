import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'fs';
import * as path from 'path';
import { exportContext } from '../../../src/core/archive/exportContext';
import { importContext } from '../../../src/core/archive/importContext';
import { isContextError } from '../../../src/core/errors';
import { ContextStore } from '../../../src/core/store/contextStore';
import { craftTar } from '../../support/contextArchives';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

const META = JSON.stringify({ Name: 'orig', Metadata: { Description: 'from elsewhere' }, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } });

describe('context archives', () => {
  let world: TempWorld;
  let store: ContextStore;
  beforeEach(() => {
    world = createTempWorld();
    store = new ContextStore(world.environment);
  });
  afterEach(() => world.dispose());

  function nothingImported(): void {
    assert.ok(!existsSync(store.metaRoot) || readdirSync(store.metaRoot).length === 0);
    assert.ok(!existsSync(store.tlsRoot) || readdirSync(store.tlsRoot).length === 0);
  }

  it('exports meta.json and the TLS files into a 0600 tar that lists as docker context export writes it', async () => {
    await store.write({ Name: 'src', Metadata: {}, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } }, { endpoint: 'docker', files: { ca: 'CA', cert: 'CERT', key: 'KEY' } });
    const file = path.join(world.root, 'src.dockercontext');
    await exportContext(store, 'src', file);
    assert.strictEqual(statSync(file).mode & 0o777, 0o600);
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
    const names = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
    assert.deepStrictEqual(names, ['meta.json', 'tls/', 'tls/docker/', 'tls/docker/ca.pem', 'tls/docker/cert.pem', 'tls/docker/key.pem']);
    assert.match(listing, /-rw------- .* tls\/docker\/key\.pem/);
  });

  it('never writes over an existing file unless told to', async () => {
    await store.write({ Name: 'src', Endpoints: { docker: { Host: 'tcp://h:2376' } } });
    const file = path.join(world.root, 'taken.dockercontext');
    writeFileSync(file, 'keep me');
    await assert.rejects(exportContext(store, 'src', file), (e: unknown) => isContextError(e, 'file-exists'));
    assert.strictEqual(readFileSync(file, 'utf8'), 'keep me');
    await exportContext(store, 'src', file, { overwrite: true });
    assert.notStrictEqual(readFileSync(file, 'utf8'), 'keep me');
  });

  it('imports what it exported under a new name, TLS material included', async () => {
    await store.write({ Name: 'src', Metadata: { Description: 'd' }, Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: false } } }, { endpoint: 'docker', files: { ca: 'CA', cert: 'CERT', key: 'KEY' } });
    const file = path.join(world.root, 'src.dockercontext');
    await exportContext(store, 'src', file);
    await importContext(store, file, 'copy');
    const c = await store.get('copy');
    assert.strictEqual(c.meta.Name, 'copy');
    assert.strictEqual(c.description, 'd');
    assert.strictEqual(readFileSync(c.tls.key!, 'utf8'), 'KEY');
    assert.strictEqual(statSync(c.tls.key!).mode & 0o777, 0o600);
  });

  it('imports a zip as the docker CLI accepts it', async () => {
    const dir = path.join(world.root, 'zipsrc');
    execFileSync('mkdir', ['-p', path.join(dir, 'tls', 'docker')]);
    writeFileSync(path.join(dir, 'meta.json'), META);
    writeFileSync(path.join(dir, 'tls', 'docker', 'ca.pem'), 'CA');
    const zip = path.join(world.root, 'ctx.zip');
    execFileSync('python3', ['-c', `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\nz.write(sys.argv[2]+'/meta.json','meta.json')\nz.write(sys.argv[2]+'/tls/docker/ca.pem','tls/docker/ca.pem')\nz.close()`, zip, dir]);
    await importContext(store, zip, 'zipped');
    const c = await store.get('zipped');
    assert.strictEqual(c.host, 'tcp://h:2376');
    assert.strictEqual(readFileSync(c.tls.ca!, 'utf8'), 'CA');
  });

  it('reads a tar that stops right after its last file, as docker context export writes it', async () => {
    const full = craftTar([{ path: 'meta.json', data: META }, { path: 'tls/docker/ca.pem', data: 'CA-DATA' }]);
    // The header of ca.pem ends at 1536 bytes, its 7 bytes of data follow: cut everything after them.
    const file = path.join(world.root, 'cut.dockercontext');
    writeFileSync(file, full.subarray(0, 1536 + 7));
    await importContext(store, file, 'cut');
    assert.strictEqual(readFileSync((await store.get('cut')).tls.ca!, 'utf8'), 'CA-DATA');
  });

  const malicious: Array<[string, Parameters<typeof craftTar>[0], RegExp]> = [
    ['a path that climbs out', [{ path: 'meta.json', data: META }, { path: '../../evil.pem', data: 'x' }], /dangerous path/],
    ['an absolute path', [{ path: 'meta.json', data: META }, { path: '/etc/evil', data: 'x' }], /dangerous path/],
    ['a path that climbs out inside tls/', [{ path: 'meta.json', data: META }, { path: 'tls/docker/../../../x', data: 'x' }], /dangerous path/],
    ['a symbolic link', [{ path: 'meta.json', data: META }, { path: 'tls/docker/key.pem', type: 'SymbolicLink', linkpath: '/etc/shadow' }], /link or a special file/],
    ['an entry outside meta.json and tls/<endpoint>/<file>', [{ path: 'meta.json', data: META }, { path: 'run.sh', data: 'rm -rf /' }], /holds only meta\.json/],
    ['a file too deep under tls/', [{ path: 'meta.json', data: META }, { path: 'tls/docker/sub/key.pem', data: 'x' }], /holds only meta\.json/],
    ['no meta.json', [{ path: 'tls/docker/ca.pem', data: 'x' }], /no meta\.json/],
    ['a meta.json that does not parse', [{ path: 'meta.json', data: '{nope' }], /not valid JSON/],
  ];
  for (const [what, entries, message] of malicious) {
    it(`refuses an archive with ${what}, and imports nothing`, async () => {
      const file = path.join(world.root, 'bad.dockercontext');
      writeFileSync(file, craftTar(entries));
      await assert.rejects(importContext(store, file, 'victim'), (e: unknown) => isContextError(e, 'invalid-archive') && message.test(e.message));
      nothingImported();
      assert.ok(!existsSync(path.join(world.root, 'evil.pem')));
    });
  }

  it('refuses an archive over 10 MiB before reading it', async () => {
    const file = path.join(world.root, 'huge.dockercontext');
    writeFileSync(file, craftTar([{ path: 'meta.json', data: META }]));
    truncateSync(file, 10 * 1024 * 1024 + 1);
    await assert.rejects(importContext(store, file, 'huge'), /larger than 10240 KiB/);
    nothingImported();
  });

  it('refuses a name that is taken or invalid before reading the archive', async () => {
    await store.write({ Name: 'taken', Endpoints: { docker: { Host: 'tcp://h:1' } } });
    const file = path.join(world.root, 'ok.dockercontext');
    writeFileSync(file, craftTar([{ path: 'meta.json', data: META }]));
    await assert.rejects(importContext(store, file, 'taken'), (e: unknown) => isContextError(e, 'already-exists'));
    await assert.rejects(importContext(store, file, 'bad name'), (e: unknown) => isContextError(e, 'invalid-name'));
  });
});
