import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { addHostKey, checkHostKey, fingerprintOf, globMatch, keyTypeOf } from '../../../src/core/ssh/knownHosts';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

/** A real host key pair made by ssh-keygen; returns the public blob. */
function hostKey(world: TempWorld, name: string, type = 'ed25519'): { blob: Buffer; line: string; file: string } {
  const file = path.join(world.root, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  return { blob: Buffer.from(line.split(' ')[1], 'base64'), line, file };
}

describe('known_hosts', () => {
  let world: TempWorld;
  let kh: string;
  beforeEach(() => {
    world = createTempWorld();
    kh = path.join(world.home, '.ssh', 'known_hosts');
  });
  afterEach(() => world.dispose());

  it('prints the same fingerprint as ssh-keygen', () => {
    const key = hostKey(world, 'k');
    const fromOpenSsh = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key.file}.pub`]).toString().split(' ')[1];
    assert.strictEqual(fingerprintOf(key.blob), fromOpenSsh);
    assert.strictEqual(keyTypeOf(key.blob), 'ssh-ed25519');
  });

  it('finds a plain entry, a [host]:port entry and a comma list', async () => {
    const a = hostKey(world, 'a');
    const b = hostKey(world, 'b');
    const [type, data] = a.line.split(' ');
    const [typeB, dataB] = b.line.split(' ');
    writeFileSync(path.join(world.root, 'kh'), `# comment\nalpha.example.com,10.0.0.1 ${type} ${data}\n[127.0.0.1]:2222 ${typeB} ${dataB}\n`);
    const files = [path.join(world.root, 'kh')];
    assert.strictEqual((await checkHostKey(files, 'alpha.example.com', 22, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(files, '10.0.0.1', 22, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(files, '127.0.0.1', 2222, b.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(files, '127.0.0.1', 22, b.blob)).status, 'unknown');
  });

  it('finds entries that ssh-keygen -H hashed', async () => {
    const a = hostKey(world, 'a');
    const [type, data] = a.line.split(' ');
    const file = path.join(world.root, 'kh');
    writeFileSync(file, `[build.example.com]:2200 ${type} ${data}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
    assert.strictEqual((await checkHostKey([file], 'build.example.com', 2200, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey([file], 'other.example.com', 2200, a.blob)).status, 'unknown');
  });

  it('says the key changed when the host has another key of the same type', async () => {
    const old = hostKey(world, 'old');
    const now = hostKey(world, 'new');
    const [type, data] = old.line.split(' ');
    const file = path.join(world.root, 'kh');
    writeFileSync(file, `host.example.com ${type} ${data}\n`);
    assert.deepStrictEqual(await checkHostKey([file], 'host.example.com', 22, now.blob), { status: 'changed', file, line: 1 });
  });

  it('treats a key of a new type as unknown, not changed', async () => {
    const ed = hostKey(world, 'ed');
    const ecdsa = hostKey(world, 'ec', 'ecdsa');
    const [type, data] = ed.line.split(' ');
    const file = path.join(world.root, 'kh');
    writeFileSync(file, `host.example.com ${type} ${data}\n`);
    assert.strictEqual((await checkHostKey([file], 'host.example.com', 22, ecdsa.blob)).status, 'unknown');
  });

  it('refuses a revoked key and passes over @cert-authority lines', async () => {
    const a = hostKey(world, 'a');
    const [type, data] = a.line.split(' ');
    const file = path.join(world.root, 'kh');
    writeFileSync(file, `@cert-authority *.example.com ${type} ${data}\n`);
    assert.strictEqual((await checkHostKey([file], 'h.example.com', 22, a.blob)).status, 'unknown');
    writeFileSync(file, `@revoked * ${type} ${data}\nh.example.com ${type} ${data}\n`);
    assert.strictEqual((await checkHostKey([file], 'h.example.com', 22, a.blob)).status, 'revoked');
  });

  it('matches patterns and negations as OpenSSH does', async () => {
    assert.ok(globMatch('*.example.com', 'a.example.com'));
    assert.ok(!globMatch('*.example.com', 'example.com'));
    assert.ok(globMatch('10.0.0.?', '10.0.0.7'));
    const a = hostKey(world, 'a');
    const [type, data] = a.line.split(' ');
    const file = path.join(world.root, 'kh');
    writeFileSync(file, `*.example.com,!bad.example.com ${type} ${data}\n`);
    assert.strictEqual((await checkHostKey([file], 'good.example.com', 22, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey([file], 'bad.example.com', 22, a.blob)).status, 'unknown');
  });

  it('saves a key hashed, in a 0600 file, that ssh-keygen -F then finds', async () => {
    const a = hostKey(world, 'a');
    await addHostKey(kh, '127.0.0.1', 2222, a.blob);
    assert.strictEqual(statSync(kh).mode & 0o777, 0o600);
    assert.strictEqual(statSync(path.dirname(kh)).mode & 0o777, 0o700);
    assert.strictEqual((await checkHostKey([kh], '127.0.0.1', 2222, a.blob)).status, 'known');
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', kh]).toString();
    assert.match(found, /ssh-ed25519/);
  });

  it('reads nothing from a missing file', async () => {
    const a = hostKey(world, 'a');
    assert.deepStrictEqual(await checkHostKey([path.join(world.root, 'none')], 'h', 22, a.blob), { status: 'unknown' });
  });
});
