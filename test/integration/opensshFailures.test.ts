import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { pingContext } from '../../src/core/ping/pingContext';
import { PingResult } from '../../src/core/ping/pingTypes';
import { OpenSshClient, findOpenSsh } from '../../src/core/ssh/openssh/findOpenSsh';
import { OpenSshConnections } from '../../src/core/ssh/openssh/opensshConnections';
import { draftContext } from '../../src/core/store/newContexts';
import { SshServer, startSshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/** Each SSH failure produced for real through the OpenSSH client, asking nobody: the same kinds as the built-in client. */
describe('SSH failures through the OpenSSH client say why', function () {
  this.timeout(90000);
  let client: OpenSshClient;
  let c: ConnectivityWorld;
  let conns: OpenSshConnections | undefined;

  before(async () => {
    const found = await findOpenSsh({ platform: process.platform, env: process.env });
    if (!found) throw new Error('No OpenSSH client of 8.4 or later on the PATH: install openssh-client and run again.');
    client = found;
  });
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(async () => {
    conns?.closeAll();
    await waitUntil('every ssh process to end', () => (conns?.processCount ?? 0) === 0);
    conns = undefined;
    c.dispose();
  });

  const ssh = () => rig().ssh;
  function ping(host = 'ssh://rig', timeoutMs = 15000): Promise<PingResult> {
    conns = new OpenSshConnections({ client, env: { ...process.env, HOME: c.world.home }, idleMs: 60000, configFile: path.join(c.sshDir, 'config') });
    return pingContext(draftContext('under-test', host, undefined), { timeoutMs, ssh: conns.dialer(undefined) });
  }
  const block = (o: Partial<Parameters<typeof hostBlock>[1]> = {}, extra = '') =>
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: ssh().knownHosts, ...o }) + extra);

  it('a key the server does not accept: ssh-auth-failed', async () => {
    const stranger = path.join(c.sshDir, 'id_stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    block({ identityFile: stranger });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'ssh-auth-failed', JSON.stringify(r.error));
    assert.match(r.error.hint, /authorized_keys/);
  });

  it('an encrypted key the server accepts, and nobody to ask: ssh-passphrase-needed', async () => {
    const locked = path.join(c.sshDir, 'id_locked');
    copyFileSync(ssh().keyFile, locked);
    chmodSync(locked, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'secret words', '-f', locked]);
    block({ identityFile: locked });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'ssh-passphrase-needed', JSON.stringify(r.error));
    assert.ok(r.error.message.includes(locked), r.error.message);
  });

  it('a host key that changed: ssh-host-key-changed', async () => {
    const other = path.join(c.world.root, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, `[127.0.0.1]:${ssh().port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    block({ knownHosts: known });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-changed', JSON.stringify(r.error));
    assert.match(r.error.message, /WARNING/);
  });

  it('a revoked host key: ssh-host-key-changed, saying revoked', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, `@revoked [127.0.0.1]:${ssh().port} ${ssh().hostPublicKey.split(' ').slice(0, 2).join(' ')}\n`);
    block({ knownHosts: known });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-changed', JSON.stringify(r.error));
    assert.match(r.error.message, /revoked/);
  });

  it('an unknown host key: ssh-host-key-unknown, and nothing written', async () => {
    block({ knownHosts: path.join(c.sshDir, 'known_hosts_empty') });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-unknown', JSON.stringify(r.error));
  });

  it('a port where nothing listens: connection-refused', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    block({ port });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'connection-refused', JSON.stringify(r.error));
  });

  it('a name that does not resolve: host-not-found', async () => {
    block({ hostname: 'no-such-host.invalid' });
    const r = await ping();
    assert.strictEqual(r.error?.kind, 'host-not-found', JSON.stringify(r.error));
  });

  it('a port that accepts and never speaks: timeout, and the ssh process is ended', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      block({ port: (silent.address() as net.AddressInfo).port });
      const r = await ping('ssh://rig', 1500);
      assert.strictEqual(r.error?.kind, 'timeout', JSON.stringify(r.error));
      await waitUntil('the ssh process to end', () => conns?.processCount === 0);
    } finally {
      silent.close();
    }
  });

  describe('on the remote host', () => {
    const c0 = new ConnectivityWorld();
    let noDocker: SshServer;
    let deniedSocket: SshServer;
    let guarded: net.Server;
    before(async () => {
      const dir = c0.serverDir('guarded');
      const socket = path.join(dir, 'root-only.sock');
      guarded = net.createServer((s) => s.destroy());
      await new Promise<void>((r) => guarded.listen(socket, r));
      chmodSync(socket, 0o600);
      [noDocker, deniedSocket] = await Promise.all([
        startSshServer({ dir: c0.serverDir('sshd-nodocker'), dockerHost: `${rig().docker.unixHost} PATH=/nonexistent` }),
        startSshServer({ dir: c0.serverDir('sshd-denied'), dockerHost: `unix://${socket}` }),
      ]);
    });
    after(async () => {
      await Promise.all([noDocker?.stop(), deniedSocket?.stop()]);
      await new Promise<void>((r) => guarded.close(() => r()));
      c0.dispose();
    });
    const through = (server: SshServer, socketPath = '') => {
      c.sshConfig(hostBlock('remote', { hostname: '127.0.0.1', port: server.port, user: server.user, identityFile: server.keyFile, knownHosts: server.knownHosts }));
      return ping(`ssh://remote${socketPath}`);
    };

    it('no docker on the PATH: remote-docker-not-found', async () => {
      const r = await through(noDocker);
      assert.strictEqual(r.error?.kind, 'remote-docker-not-found', JSON.stringify(r.error));
    });

    it('a socket the user may not open: remote-permission-denied', async () => {
      const r = await through(deniedSocket);
      assert.strictEqual(r.error?.kind, 'remote-permission-denied', JSON.stringify(r.error));
    });

    it('no engine behind the socket: remote-engine-unreachable', async () => {
      const r = await through(deniedSocket, '/nonexistent/docker.sock');
      assert.strictEqual(r.error?.kind, 'remote-engine-unreachable', JSON.stringify(r.error));
    });
  });
});
