import * as assert from 'assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SshConfigError, SshConfigFile, loadSshConfig } from '../../../src/core/ssh/sshConfig';

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
});

describe('the files ssh reads', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'drc-sshfiles-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the system file after ~/.ssh/config, and not at all beside a config file of its own (ssh -F)', async () => {
    write('home/.ssh/config', 'Host a\n  User fromUser\n');
    const system = write('etc/ssh_config', 'Host *\n  User fromSystem\n  Port 2209\n');
    const where = { homeDir: path.join(root, 'home'), localUser: 'tester', systemConfigFile: system };
    const config = await loadSshConfig(where);
    assert.deepStrictEqual([config.resolve('a').user, config.resolve('a').port, config.resolve('b').user], ['fromUser', 2209, 'fromSystem']);
    const own = await loadSshConfig({ ...where, configFile: path.join(root, 'home/.ssh/config') });
    assert.deepStrictEqual([own.resolve('a').port, own.resolve('b').user], [22, 'tester']);
  });

  it('refuses a ~/.ssh/config others may write, and a config file given that does not exist, as ssh does', async function () {
    if (process.platform === 'win32') this.skip();
    chmodSync(write('home/.ssh/config', 'Host a\n  User x\n'), 0o666);
    const where = { homeDir: path.join(root, 'home'), localUser: 'tester', systemConfigFile: null };
    await assert.rejects(async () => (await loadSshConfig(where)).resolve('a'), (e: unknown) => e instanceof SshConfigError && /Bad owner or permissions/.test(e.message));
    await assert.rejects(async () => (await loadSshConfig({ ...where, configFile: path.join(root, 'missing') })).resolve('a'), (e: unknown) => e instanceof SshConfigError && /Can't open user config file/.test(e.message));
  });
});
