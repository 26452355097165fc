import * as assert from 'assert';
import { chmodSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SshConfigError, SshSurroundings } from '../../../src/core/ssh/sshConfig';
import { ResolvedSshHost, resolveSshChain, resolveSshHost } from '../../../src/core/ssh/sshResolve';
import { OracleWorld, requireSsh } from './sshConfigOracle';

const withoutSource = ({ source: _source, ...rest }: ResolvedSshHost) => rest;

describe('resolveSshHost: ssh -G where OpenSSH is installed, our reading elsewhere', function () {
  this.timeout(60_000);
  let ssh: string;
  let world: OracleWorld;
  before(async () => (ssh = await requireSsh()));
  beforeEach(() => (world = new OracleWorld(ssh)));
  afterEach(() => world.dispose());

  /** The surroundings for `config` with ssh, and the same without. */
  const both = (config: string): [SshSurroundings, SshSurroundings] => {
    const withSsh = world.surroundings(world.wrapper(world.write('config', config)));
    return [withSsh, { ...withSsh, sshPath: null }];
  };

  it('takes the settings from ssh -G, and our reading gives the very same ones', async () => {
    const [withSsh, parserOnly] = both(
      [
        'Host target',
        '  HostName Target.Example',
        '  User deploy',
        '  Port 2222',
        '  IdentityFile %d/.ssh/id_%r@%h',
        '  IdentityFile ${DRC_TEST_VAR}/key',
        '  IdentityFile relative/key',
        '  CertificateFile ~/.ssh/id_%r-cert.pub',
        '  IdentityAgent ~/agent.%h.sock',
        '  ProxyJump %r@hop1,hop2:2022',
        '  UserKnownHostsFile ~/.ssh/kh_%h',
        '  StrictHostKeyChecking accept-new',
        '  ConnectTimeout 1m',
        '  HostKeyAlias Target-Key',
        '  ServerAliveInterval 10',
        'Host *',
        '  GSSAPIAuthentication yes',
        '  ControlMaster auto',
        '  ControlPath ~/.ssh/cm-%C',
        '',
      ].join('\n'),
    );
    const theirs = await resolveSshHost({ host: 'target' }, withSsh);
    const ours = await resolveSshHost({ host: 'target' }, parserOnly);
    assert.strictEqual(theirs.source, 'ssh -G');
    assert.strictEqual(ours.source, 'parser');
    assert.deepStrictEqual(withoutSource(ours), withoutSource(theirs));
    const home = os.userInfo().homedir;
    assert.strictEqual(theirs.hostname, 'target.example');
    assert.deepStrictEqual(theirs.identityFiles, [path.join(home, '.ssh/id_deploy@target.example'), path.join(world.root, 'from-env/key'), path.join(world.root, 'relative/key')]);
    assert.deepStrictEqual(theirs.proxyJump, ['deploy@hop1', 'hop2:2022']);
    assert.deepStrictEqual(theirs.certificateFiles, [path.join(home, '.ssh/id_deploy-cert.pub')]);
    assert.strictEqual(theirs.identityAgent, path.join(home, 'agent.target.example.sock'));
    assert.deepStrictEqual(theirs.knownHostsFiles, [path.join(home, '.ssh/kh_target.example')]);
    assert.deepStrictEqual(theirs.globalKnownHostsFiles, ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    assert.strictEqual(theirs.hostKeyAlias, 'target-key');
    assert.strictEqual(theirs.connectTimeoutMs, 60_000);
    assert.strictEqual(theirs.serverAliveIntervalMs, 10_000);
    assert.deepStrictEqual(
      theirs.unsupported.map((u) => [u.keyword, u.blocking]),
      [['ControlMaster', false], ['GSSAPIAuthentication', false]],
    );
  });

  it('names what the built-in client cannot do, the same for both sources', async () => {
    const [withSsh, parserOnly] = both('Host pc\n  ProxyCommand aws ssm start-session --target %h\nHost pw\n  PreferredAuthentications keyboard-interactive,password\nHost pk\n  PubkeyAuthentication no\n  PKCS11Provider /usr/lib/opensc-pkcs11.so\n');
    for (const host of ['pc', 'pw', 'pk']) {
      const theirs = await resolveSshHost({ host }, withSsh);
      assert.deepStrictEqual(withoutSource(await resolveSshHost({ host }, parserOnly)), withoutSource(theirs));
      assert.ok(theirs.unsupported.some((u) => u.blocking), `${host}: ${JSON.stringify(theirs.unsupported)}`);
    }
    const pc = await resolveSshHost({ host: 'pc' }, withSsh);
    assert.strictEqual(pc.proxyCommand, 'aws ssm start-session --target %h');
    assert.match(pc.unsupported[0].reason, /install OpenSSH or set sshClient to openssh/);
  });

  it('leaves nothing to try or read for IdentityFile none and UserKnownHostsFile none, from both sources', async () => {
    const [withSsh, parserOnly] = both('Host a\n  IdentityFile none\n  UserKnownHostsFile none\n  GlobalKnownHostsFile none\n  IdentityAgent none\n');
    for (const where of [withSsh, parserOnly]) {
      const a = await resolveSshHost({ host: 'a' }, where);
      assert.deepStrictEqual([a.identityFiles, a.knownHostsFiles, a.globalKnownHostsFiles, a.identityAgent], [[], [], [], 'none'], a.source);
    }
  });

  it('reads the config itself when no ssh is found, or when the ssh found has no -G', async () => {
    const [withSsh] = both('Host a\n  User fromconfig\n');
    const noSsh = await resolveSshHost({ host: 'a' }, { ...withSsh, sshPath: undefined, env: { ...world.env, PATH: path.join(world.root, 'bin') } });
    assert.strictEqual(noSsh.source, 'parser');
    assert.strictEqual(noSsh.user, 'fromconfig');
    const oldSsh = world.write('bin/old-ssh', '#!/bin/sh\necho "usage: ssh [-1246AaCfgKkMNnqsTtVvXxYy] [-b bind_address] [-c cipher_spec]" >&2\nexit 255\n');
    chmodSync(oldSsh, 0o755);
    const fallback = await resolveSshHost({ host: 'a' }, { ...withSsh, sshPath: oldSsh });
    assert.strictEqual(fallback.source, 'parser');
    assert.strictEqual(fallback.user, 'fromconfig');
  });

  it('refuses, with ssh\'s own words, a config ssh refuses', async () => {
    const [withSsh, parserOnly] = both('Host *\n  UseKeychain yes\n');
    await assert.rejects(resolveSshHost({ host: 'a' }, withSsh), (e: unknown) => e instanceof SshConfigError && /Bad configuration option: usekeychain/.test(e.message));
    await assert.rejects(resolveSshHost({ host: 'a' }, parserOnly), (e: unknown) => e instanceof SshConfigError && /Bad configuration option: usekeychain/.test(e.message));
  });

  it('points ssh at the given home with -F, so the account\'s own ~/.ssh/config is never read', async () => {
    world.write('home/.ssh/config', 'Host a\n  User fromtemphome\n');
    const where: SshSurroundings = { homeDir: world.home, localUser: 'tester', env: world.env, cwd: world.root, sshPath: ssh };
    const theirs = await resolveSshHost({ host: 'a' }, where);
    assert.strictEqual(theirs.source, 'ssh -G');
    assert.strictEqual(theirs.user, 'fromtemphome');
    const empty: SshSurroundings = { ...where, homeDir: path.join(world.root, 'nohome') };
    assert.strictEqual((await resolveSshHost({ host: 'a', user: 'given' }, empty)).user, 'given');
  });

  it('builds a ProxyJump chain as ssh does: earlier hops override the last hop\'s own ProxyJump, the first hop keeps its own', async () => {
    const [withSsh, parserOnly] = both('Host t\n  ProxyJump a,b:2022\nHost b\n  ProxyJump ignored\n  User ub\nHost a\n  ProxyJump z\n  User ua\nHost z\n  Port 2200\n');
    for (const where of [withSsh, parserOnly]) {
      const chain = await resolveSshChain({ host: 't', user: 'me' }, where);
      assert.deepStrictEqual(
        chain.map((h) => `${h.user}@${h.alias}:${h.port}`),
        [`${os.userInfo().username}@z:2200`, 'ua@a:22', 'ub@b:2022', 'me@t:22'],
        where.sshPath ?? 'parser',
      );
    }
  });

  it('refuses a ProxyJump chain that loops instead of following it for ever', async () => {
    const [withSsh, parserOnly] = both('Host x\n  ProxyJump y\nHost y\n  ProxyJump x\n');
    for (const where of [withSsh, parserOnly]) {
      await assert.rejects(resolveSshChain({ host: 'x' }, where), (e: unknown) => e instanceof SshConfigError && /more than 16 hosts/.test(e.message));
    }
  });
});
