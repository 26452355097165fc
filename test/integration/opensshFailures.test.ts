import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { SshServer, startSshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { faultyRemotes } from './faultyRemotes';
import { openSshFixture } from './opensshFixture';
import { rig } from './rigFixture';

/** Each SSH failure produced for real through the OpenSSH client, asking nobody: the same kinds as the built-in client. */
describe('SSH failures through the OpenSSH client say why', function () {
  this.timeout(90000);
  const f = openSshFixture();

  it('a key the server does not accept: ssh-auth-failed', async () => {
    const stranger = path.join(f.c.sshDir, 'id_stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    f.hostConfig({ identityFile: stranger });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-auth-failed', JSON.stringify(r.error));
    assert.match(r.error.hint, /authorized_keys/);
  });

  it('an encrypted key the server accepts, and nobody to ask: ssh-passphrase-needed', async () => {
    const locked = path.join(f.c.sshDir, 'id_locked');
    copyFileSync(f.ssh.keyFile, locked);
    chmodSync(locked, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'secret words', '-f', locked]);
    f.hostConfig({ identityFile: locked });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-passphrase-needed', JSON.stringify(r.error));
    assert.ok(r.error.message.includes(locked), r.error.message);
  });

  it('a host key that changed: ssh-host-key-changed', async () => {
    const other = path.join(f.c.world.root, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const known = path.join(f.c.sshDir, 'known_hosts');
    writeFileSync(known, `[127.0.0.1]:${f.ssh.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    f.hostConfig({ knownHosts: known });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-changed', JSON.stringify(r.error));
    assert.match(r.error.message, /WARNING/);
  });

  it('a revoked host key: ssh-host-key-changed, saying revoked', async () => {
    const known = path.join(f.c.sshDir, 'known_hosts');
    writeFileSync(known, `@revoked [127.0.0.1]:${f.ssh.port} ${f.ssh.hostPublicKey.split(' ').slice(0, 2).join(' ')}\n`);
    f.hostConfig({ knownHosts: known });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-changed', JSON.stringify(r.error));
    assert.match(r.error.message, /revoked/);
  });

  it('an unknown host key: ssh-host-key-unknown, and nothing written', async () => {
    f.hostConfig({ knownHosts: path.join(f.c.sshDir, 'known_hosts_empty') });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-host-key-unknown', JSON.stringify(r.error));
  });

  it('a port where nothing listens: connection-refused', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    f.hostConfig({ port });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'connection-refused', JSON.stringify(r.error));
  });

  it('a name that does not resolve: host-not-found', async () => {
    f.hostConfig({ hostname: 'no-such-host.invalid' });
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'host-not-found', JSON.stringify(r.error));
  });

  it('a port that accepts and never speaks: timeout, and the ssh process is ended', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      f.hostConfig({ port: (silent.address() as net.AddressInfo).port });
      const conns = f.connections();
      const r = await f.ping('ssh://rig', { conns, timeoutMs: 1500 });
      assert.strictEqual(r.error?.kind, 'timeout', JSON.stringify(r.error));
      await waitUntil('the ssh process to end', () => conns.processCount === 0);
    } finally {
      silent.close();
    }
  });

  describe('on the remote host', () => {
    const remotes = faultyRemotes();
    const through = (server: SshServer, socketPath = '') => {
      f.hostConfig({ alias: 'remote', server });
      return f.ping(`ssh://remote${socketPath}`);
    };

    it('no docker on the PATH: remote-docker-not-found', async () => {
      const r = await through(remotes.noDocker);
      assert.strictEqual(r.error?.kind, 'remote-docker-not-found', JSON.stringify(r.error));
    });

    it('a socket the user may not open: remote-permission-denied', async () => {
      const r = await through(remotes.deniedSocket);
      assert.strictEqual(r.error?.kind, 'remote-permission-denied', JSON.stringify(r.error));
    });

    it('no engine behind the socket: remote-engine-unreachable', async () => {
      const r = await through(remotes.deniedSocket, '/nonexistent/docker.sock');
      assert.strictEqual(r.error?.kind, 'remote-engine-unreachable', JSON.stringify(r.error));
    });
  });

  it('a password login, and nobody to ask: ssh-answer-needed', async () => {
    const server = await startSshServer({ dir: f.c.serverDir('sshd-password-batch'), dockerHost: rig().docker.unixHost, password: 'correct horse battery' });
    try {
      f.lines('Host withpassword', '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, '  PubkeyAuthentication no', `  UserKnownHostsFile ${server.knownHosts}`);
      const r = await f.ping('ssh://withpassword');
      assert.strictEqual(r.error?.kind, 'ssh-answer-needed', JSON.stringify(r.error));
      assert.match(r.error.hint, /Ping the context from its row/);
    } finally {
      await server.stop();
    }
  });

  it('a configuration ssh refuses: ssh-config-invalid, naming the file and line as ssh does', async () => {
    f.lines('Host rig', '  HostName 127.0.0.1', '  NoSuchOption yes');
    const r = await f.ping();
    assert.strictEqual(r.error?.kind, 'ssh-config-invalid', JSON.stringify(r.error));
    assert.ok(r.error.message.includes(`${path.join(f.c.sshDir, 'config')}: line 3: Bad configuration option: nosuchoption`), r.error.message);
    assert.match(r.error.hint, /ssh -G rig/);
  });
});
