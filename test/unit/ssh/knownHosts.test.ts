import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import {
  BUILTIN_HOST_KEY_ALGORITHMS,
  DEFAULT_GLOBAL_KNOWN_HOSTS_FILES,
  KnownHostsSettings,
  checkHostKey,
  fingerprintOf,
  keyTypeOf,
  orderHostKeyAlgorithms,
  recordHostKey,
} from '../../../src/core/ssh/knownHosts';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

/** A real host key pair made by ssh-keygen; returns the public blob. */
function hostKey(world: TempWorld, name: string, type = 'ed25519'): { blob: Buffer; line: string; file: string } {
  const file = path.join(world.root, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return { blob: Buffer.from(line.split(' ')[1], 'base64'), line, file };
}

describe('known_hosts', () => {
  let world: TempWorld;
  let kh: string;
  /** Only the files a test names: never the machine's /etc/ssh. */
  const only = (...files: string[]): KnownHostsSettings => ({ knownHostsFiles: files, globalKnownHostsFiles: [] });
  beforeEach(() => {
    world = createTempWorld();
    kh = path.join(world.root, 'kh');
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
    writeFileSync(kh, `# comment\nalpha.example.com,10.0.0.1 ${a.line}\n[127.0.0.1]:2222 ${b.line}\n`);
    assert.deepStrictEqual(await checkHostKey(only(kh), 'alpha.example.com', 22, a.blob), { status: 'known', file: kh, line: 2 });
    assert.strictEqual((await checkHostKey(only(kh), '10.0.0.1', 22, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(only(kh), '127.0.0.1', 2222, b.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(only(kh), '127.0.0.1', 22, b.blob)).status, 'unknown');
  });

  it('finds entries that ssh-keygen -H hashed, whatever the case typed', async () => {
    const a = hostKey(world, 'a');
    writeFileSync(kh, `[build.example.com]:2200 ${a.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', kh], { stdio: 'ignore' });
    assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
    assert.strictEqual((await checkHostKey(only(kh), 'build.example.com', 2200, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(only(kh), 'BUILD.Example.com', 2200, a.blob)).status, 'known');
    assert.strictEqual((await checkHostKey(only(kh), 'other.example.com', 2200, a.blob)).status, 'unknown');
  });

  it('says the key changed when the host has another key of the same type, naming the last such line', async () => {
    const old = hostKey(world, 'old');
    const now = hostKey(world, 'new');
    writeFileSync(kh, `host.example.com ${old.line}\nhost.example.com ${old.line}\n`);
    assert.deepStrictEqual(await checkHostKey(only(kh), 'host.example.com', 22, now.blob), { status: 'changed', file: kh, line: 2, knownType: 'ssh-ed25519' });
  });

  it('says the key changed when only a key of another type is known, as OpenSSH 9 does', async () => {
    const ed = hostKey(world, 'ed');
    const ecdsa = hostKey(world, 'ec', 'ecdsa');
    writeFileSync(kh, `host.example.com ${ed.line}\n`);
    assert.deepStrictEqual(await checkHostKey(only(kh), 'host.example.com', 22, ecdsa.blob), { status: 'changed', file: kh, line: 1, knownType: 'ssh-ed25519' });
  });

  it('refuses a revoked key wherever the @revoked line stands, in whichever file', async () => {
    const a = hostKey(world, 'a');
    const global = path.join(world.root, 'global');
    writeFileSync(kh, `h.example.com ${a.line}\n`);
    writeFileSync(global, `# the fleet\n@revoked * ${a.line}\n`);
    assert.deepStrictEqual(await checkHostKey({ knownHostsFiles: [kh], globalKnownHostsFiles: [global] }, 'h.example.com', 22, a.blob), { status: 'revoked', file: global, line: 2 });
  });

  it('a @cert-authority line for the host is neither a key nor a new host', async () => {
    const a = hostKey(world, 'a');
    const ca = hostKey(world, 'ca');
    writeFileSync(kh, `@cert-authority *.example.com ${ca.line}\n`);
    assert.deepStrictEqual(await checkHostKey(only(kh), 'h.example.com', 22, a.blob), { status: 'certificate', file: kh, line: 1 });
    assert.strictEqual((await checkHostKey(only(kh), 'h.other.com', 22, a.blob)).status, 'unknown');
    writeFileSync(kh, `@cert-authority *.example.com ${ca.line}\nh.example.com ${a.line}\n`);
    assert.strictEqual((await checkHostKey(only(kh), 'h.example.com', 22, a.blob)).status, 'known');
  });

  it('looks a host up by its HostKeyAlias, lower-cased, without the port', async () => {
    const a = hostKey(world, 'a');
    writeFileSync(kh, `build-box ${a.line}\n`);
    const settings = { ...only(kh), hostKeyAlias: 'Build-Box' };
    assert.strictEqual((await checkHostKey(settings, '10.1.2.3', 2222, a.blob)).status, 'known');
    writeFileSync(kh, `10.1.2.3 ${a.line}\n`);
    assert.strictEqual((await checkHostKey(settings, '10.1.2.3', 2222, a.blob)).status, 'unknown', 'no lookup without the port under an alias');
  });

  it('reads the global files OpenSSH reads by default', () => {
    const resolved = execFileSync('ssh', ['-G', '-F', '/dev/null', 'example.com'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = resolved.split('\n').find((l) => l.startsWith('globalknownhostsfile '));
    assert.deepStrictEqual(DEFAULT_GLOBAL_KNOWN_HOSTS_FILES, line?.split(' ').slice(1));
  });

  it('reads nothing from a missing file, a folder or an unreadable file', async () => {
    const a = hostKey(world, 'a');
    const folder = path.join(world.root, 'folder');
    mkdirSync(folder);
    assert.deepStrictEqual(await checkHostKey(only(path.join(world.root, 'none'), folder), 'h', 22, a.blob), { status: 'unknown' });
  });

  it('records a key hashed, in a 0600 file in a 0700 folder, that ssh-keygen -F then finds', async () => {
    const a = hostKey(world, 'a');
    const file = path.join(world.home, '.ssh', 'known_hosts');
    assert.strictEqual(await recordHostKey({ knownHostsFiles: [file] }, '127.0.0.1', 2222, a.blob), file);
    assert.strictEqual(statSync(file).mode & 0o777, 0o600);
    assert.strictEqual(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.match(readFileSync(file, 'utf8'), /^\|1\|\S+ ssh-ed25519 \S+\n$/);
    assert.strictEqual((await checkHostKey(only(file), '127.0.0.1', 2222, a.blob)).status, 'known');
    assert.match(execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', file]).toString(), /ssh-ed25519/);
  });

  it('records the name in clear and lower-cased under HashKnownHosts no, after a missing final newline', async () => {
    const a = hostKey(world, 'a');
    writeFileSync(kh, `other ${a.line}`);
    await recordHostKey({ knownHostsFiles: [kh], hashKnownHosts: false }, 'Box.Example.COM', 22, a.blob);
    assert.strictEqual(readFileSync(kh, 'utf8'), `other ${a.line}\nbox.example.com ${a.line}\n`);
  });

  it('records nothing without a user file (UserKnownHostsFile none)', async () => {
    const a = hostKey(world, 'a');
    assert.strictEqual(await recordHostKey({ knownHostsFiles: [] }, 'h', 22, a.blob), undefined);
  });

  describe('host key algorithms to offer', () => {
    it('offers its own order when the first type is known, or nothing is', async () => {
      const ed = hostKey(world, 'ed');
      writeFileSync(kh, `h ${ed.line}\n`);
      assert.deepStrictEqual(await orderHostKeyAlgorithms(only(kh), 'h', 22), BUILTIN_HOST_KEY_ALGORITHMS);
      assert.deepStrictEqual(await orderHostKeyAlgorithms(only(kh), 'other', 22), BUILTIN_HOST_KEY_ALGORITHMS);
    });

    it('offers the known types first, RSA as all its signature algorithms', async () => {
      const ec = hostKey(world, 'ec', 'ecdsa');
      const rsa = hostKey(world, 'rsa', 'rsa');
      writeFileSync(kh, `h ${rsa.line}\n[h]:2222 ${ec.line}\n`);
      assert.deepStrictEqual(await orderHostKeyAlgorithms(only(kh), 'h', 22), [
        'rsa-sha2-512',
        'rsa-sha2-256',
        'ssh-rsa',
        'ssh-ed25519',
        'ecdsa-sha2-nistp256',
        'ecdsa-sha2-nistp384',
        'ecdsa-sha2-nistp521',
      ]);
      assert.deepStrictEqual((await orderHostKeyAlgorithms(only(kh), 'h', 2222))[0], 'ecdsa-sha2-nistp256');
    });

    it('counts neither @cert-authority nor @revoked lines as known keys', async () => {
      const ec = hostKey(world, 'ec', 'ecdsa');
      writeFileSync(kh, `@cert-authority h ${ec.line}\n@revoked h ${ec.line}\n`);
      assert.deepStrictEqual(await orderHostKeyAlgorithms(only(kh), 'h', 22), BUILTIN_HOST_KEY_ALGORITHMS);
    });
  });
});
