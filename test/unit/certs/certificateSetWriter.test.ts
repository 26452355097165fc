import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { completeInterruptedSets } from '../../../src/core/certs/certificateSetWriter';
import { generateCertificates } from '../../../src/core/certs/generateCertificates';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { FixedKeyPool } from './fixedKeys';

const request = { hostnames: ['docker.example.com'], ips: ['127.0.0.1'], days: 30, keySize: 2048 as const, clientName: 'client' };
const SET = ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem'];

/** The pid of a process that has ended: a killed writer. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('replacing a certificate set: all or nothing', function () {
  this.timeout(60000);
  let world: TempWorld;
  let keys: FixedKeyPool;
  let dir: string;
  before(async () => (keys = await FixedKeyPool.make(6)));
  beforeEach(() => {
    world = createTempWorld();
    dir = path.join(world.root, 'certs');
  });
  afterEach(() => world.dispose());

  const serial = (file: string) => execFileSync('openssl', ['x509', '-in', file, '-noout', '-serial'], { encoding: 'utf8' });
  const verifies = (d: string) => {
    for (const [leaf, purpose] of [['cert.pem', 'sslclient'], ['server-cert.pem', 'sslserver']]) {
      execFileSync('openssl', ['verify', '-CAfile', path.join(d, 'ca.pem'), '-purpose', purpose, path.join(d, leaf)], { stdio: 'ignore' });
    }
  };

  it('a cancel while the new files are written rejects with an AbortError and leaves the old set and nothing else', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir }, keys });
    const before = serial(path.join(dir, 'cert.pem'));
    const controller = new AbortController();
    const pending = generateCertificates(request, {
      placement: { kind: 'folder', dir },
      keys,
      overwrite: true,
      signal: controller.signal,
      progress: (stage) => stage.startsWith('Writing') && controller.abort(),
    });
    await assert.rejects(pending, (e: unknown) => (e as Error).name === 'AbortError');
    assert.deepStrictEqual(readdirSync(dir).sort(), SET);
    assert.strictEqual(serial(path.join(dir, 'cert.pem')), before);
  });

  it('a cancelled first generation removes the folders it made', async () => {
    const controller = new AbortController();
    const deep = path.join(world.root, 'a', 'b');
    const pending = generateCertificates(request, { placement: { kind: 'folder', dir: deep }, keys, signal: controller.signal, progress: (s) => s.startsWith('Writing') && controller.abort() });
    await assert.rejects(pending, (e: unknown) => (e as Error).name === 'AbortError');
    assert.ok(!existsSync(path.join(world.root, 'a')));
  });

  it('the next generation removes what a write killed before its commit point left, and the old set stays', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir }, keys });
    const before = serial(path.join(dir, 'cert.pem'));
    // A killed writer's staging folder: its record and two of six files.
    const stage = path.join(dir, '.certs-staging-0123456789ab');
    mkdirSync(stage);
    writeFileSync(path.join(stage, 'set.json'), JSON.stringify({ id: '0123456789ab', pid: deadPid(), dirs: [dir], files: SET }));
    writeFileSync(path.join(stage, 'ca.pem'), 'new');
    writeFileSync(path.join(stage, 'ca-key.pem'), 'new');
    writeFileSync(path.join(dir, '.certs-commit-0123456789ab.tmp'), '{');
    await completeInterruptedSets([dir]);
    assert.deepStrictEqual(readdirSync(dir).sort(), SET);
    assert.strictEqual(serial(path.join(dir, 'cert.pem')), before);
  });

  it('the next generation finishes a write killed after its commit point, half renamed', async () => {
    await generateCertificates(request, { placement: { kind: 'folder', dir }, keys });
    const fresh = path.join(world.root, 'fresh');
    await generateCertificates(request, { placement: { kind: 'folder', dir: fresh }, keys });
    const stage = path.join(dir, '.certs-staging-ba9876543210');
    cpSync(fresh, stage, { recursive: true });
    const record = JSON.stringify({ id: 'ba9876543210', pid: deadPid(), dirs: [dir], files: SET });
    writeFileSync(path.join(stage, 'set.json'), record);
    writeFileSync(path.join(dir, '.certs-commit-ba9876543210'), record);
    // Killed after the CA and its key were renamed into place: the old leaves beside a new CA.
    for (const f of ['ca.pem', 'ca-key.pem']) renameSync(path.join(stage, f), path.join(dir, f));
    await generateCertificates(request, { placement: { kind: 'folder', dir: path.join(world.root, 'elsewhere') }, keys }); // another folder: not touched
    assert.ok(existsSync(stage));
    await assert.rejects(generateCertificates(request, { placement: { kind: 'folder', dir }, keys }), /exist already/);
    assert.deepStrictEqual(readdirSync(dir).sort(), SET);
    verifies(dir);
    assert.strictEqual(serial(path.join(dir, 'cert.pem')), serial(path.join(fresh, 'cert.pem')));
    for (const k of ['ca-key.pem', 'key.pem', 'server-key.pem']) assert.strictEqual(statSync(path.join(dir, k)).mode & 0o777, 0o400);
    assert.strictEqual(readFileSync(path.join(dir, 'key.pem'), 'utf8'), readFileSync(path.join(fresh, 'key.pem'), 'utf8'));
  });
});
