import * as assert from 'assert';
import * as path from 'path';
import { SshConfigFile, parseHop } from '../../../src/core/ssh/sshConfig';

const home = '/home/tester';
const where = { homeDir: home, localUser: 'tester' };

describe('~/.ssh/config', () => {
  const config = new SshConfigFile(
    `
Host build
  HostName build.internal.example.com
  User ops
  Port 2222
  IdentityFile ~/.ssh/build_key
  IdentitiesOnly yes
  ProxyJump bastion,jump2:2200
  ConnectTimeout 7
  UserKnownHostsFile ~/.ssh/kh_build /etc/ssh/kh_global
  StrictHostKeyChecking accept-new

Host bastion
  HostName bastion.example.com
  User jumper

Host *.lab
  User labuser
  IdentityFile %d/.ssh/lab_%r

Host *
  User fallback
  Port 22
`,
    where,
  );

  it('applies a Host block: HostName, User, Port, IdentityFile, IdentitiesOnly, ProxyJump, timeouts', () => {
    const s = config.resolve('build');
    assert.strictEqual(s.hostname, 'build.internal.example.com');
    assert.strictEqual(s.user, 'ops');
    assert.strictEqual(s.port, 2222);
    assert.deepStrictEqual(s.identityFiles, [path.join(home, '.ssh/build_key')]);
    assert.strictEqual(s.identitiesOnly, true);
    assert.deepStrictEqual(s.proxyJump, ['bastion', 'jump2:2200']);
    assert.strictEqual(s.connectTimeoutMs, 7000);
    assert.deepStrictEqual(s.knownHostsFiles, [path.join(home, '.ssh/kh_build'), '/etc/ssh/kh_global']);
    assert.strictEqual(s.strictHostKeyChecking, 'accept-new');
  });

  it('keeps the first value found, as OpenSSH does, and lets the address win for user and port', () => {
    assert.strictEqual(config.resolve('bastion').user, 'jumper');
    const s = config.resolve('build', 'someone', 2022);
    assert.strictEqual(s.user, 'someone');
    assert.strictEqual(s.port, 2022);
  });

  it('matches wildcard Host patterns and expands %d and %r', () => {
    const s = config.resolve('box.lab');
    assert.strictEqual(s.user, 'labuser');
    assert.deepStrictEqual(s.identityFiles, [`${home}/.ssh/lab_labuser`]);
    assert.strictEqual(s.hostname, 'box.lab');
  });

  it('falls back to the defaults: port 22, ~/.ssh/known_hosts, ask about new host keys', () => {
    const s = new SshConfigFile('', where).resolve('plain.example.com');
    assert.strictEqual(s.user, 'tester');
    assert.strictEqual(s.port, 22);
    assert.deepStrictEqual(s.knownHostsFiles, [`${home}/.ssh/known_hosts`, `${home}/.ssh/known_hosts2`]);
    assert.strictEqual(s.strictHostKeyChecking, 'ask');
    assert.deepStrictEqual(s.proxyJump, []);
  });

  it('lists the Host aliases a person can pick, without patterns', () => {
    assert.deepStrictEqual(config.hostAliases(), ['build', 'bastion']);
  });

  it('reads ProxyJump hops in every form', () => {
    assert.deepStrictEqual(parseHop('bastion'), { user: undefined, host: 'bastion', port: undefined });
    assert.deepStrictEqual(parseHop('me@jump:2200'), { user: 'me', host: 'jump', port: 2200 });
    assert.deepStrictEqual(parseHop('ssh://me@[::1]:22'), { user: 'me', host: '::1', port: 22 });
  });
});
