import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { copyFileSync, existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { startSshServer, SshServer } from '../rig/sshServer';
import { ConnectivityWorld, ScriptedInteraction, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/** Each transport answers `/_ping` with what the real daemon says. */
describe('connectivity: every transport answers', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(() => c.dispose());

  const ssh = () => rig().ssh;
  const targetBlock = (alias: string, extra: { identityFile?: string } = {}) =>
    hostBlock(alias, { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, knownHosts: ssh().knownHosts, identityFile: extra.identityFile });

  it('over the unix socket', async () => {
    const r = await c.ping(rig().docker.unixHost);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(r.osType, 'linux');
    assert.match(r.apiVersion ?? '', /^1\.\d+$/);
  });

  it('over TLS with the right client certificate', async () => {
    const { ca, cert, key } = rig().tls;
    const r = await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key } });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(r.osType, 'linux');
    assert.strictEqual(r.insecure, undefined);
  });

  it('over SSH as the non-root test user with a key file from ~/.ssh/config', async () => {
    c.sshConfig(targetBlock('rig', { identityFile: ssh().keyFile }));
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(r.osType, 'linux');
  });

  it('over SSH with the key loaded in a real ssh-agent', async () => {
    const sock = path.join(c.world.root, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 10000;
      while (!existsSync(sock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      execFileSync('ssh-add', [ssh().keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      // No IdentityFile and no default key in this home: only the agent can get in.
      c.sshConfig(targetBlock('rig'));
      const r = await c.ping('ssh://rig', { pool: c.pool({ agent: sock }) });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    } finally {
      agent.kill();
    }
  });

  it('over SSH with an encrypted key file, unlocked with its passphrase', async () => {
    const encrypted = path.join(c.sshDir, 'id_encrypted');
    copyFileSync(ssh().keyFile, encrypted);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'open sesame', '-f', encrypted]);
    c.sshConfig(targetBlock('rig', { identityFile: encrypted }));
    const asked = new ScriptedInteraction({ passphrase: 'open sesame' });
    const r = await c.ping('ssh://rig', { interaction: asked });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.deepStrictEqual(asked.passphraseQuestions, [encrypted]);
    assert.ok(!c.logs.join('\n').includes('open sesame'), 'the passphrase never reaches the log');
  });

  it('over SSH with an encrypted key whose passphrase is wrong: authentication fails, naming the key', async () => {
    const encrypted = path.join(c.sshDir, 'id_encrypted');
    copyFileSync(ssh().keyFile, encrypted);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'right', '-f', encrypted]);
    c.sshConfig(targetBlock('rig', { identityFile: encrypted }));
    const r = await c.ping('ssh://rig', { interaction: new ScriptedInteraction({ passphrase: 'wrong' }) });
    assert.strictEqual(r.error?.kind, 'ssh-auth-failed');
    assert.ok(r.error.message.includes(`${encrypted} (wrong passphrase)`), r.error.message);
  });

  it('over SSH with an encrypted key and no one to ask (a background ping): says the passphrase is needed, not that the login was refused', async () => {
    const encrypted = path.join(c.sshDir, 'id_locked');
    copyFileSync(ssh().keyFile, encrypted);
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'locked', '-f', encrypted]);
    c.sshConfig(targetBlock('rig', { identityFile: encrypted }));
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.error?.kind, 'ssh-passphrase-needed', JSON.stringify(r.error));
    assert.ok(r.error.message.includes(encrypted), r.error.message);
    assert.match(r.error.hint, /Ping the context from its row/);
  });

  it('over SSH with a remote socket path, which dial-stdio is told with --host', async () => {
    // This sshd sends its sessions to a socket that does not exist: only the path in the address can work.
    const other: SshServer = await startSshServer({ dir: c.serverDir('sshd-nosock'), dockerHost: 'unix:///nonexistent/docker.sock' });
    try {
      c.sshConfig(hostBlock('nosock', { hostname: '127.0.0.1', port: other.port, user: other.user, identityFile: other.keyFile, knownHosts: other.knownHosts }));
      const without = await c.ping('ssh://nosock');
      assert.strictEqual(without.error?.kind, 'remote-engine-unreachable');
      const withPath = await c.ping(`ssh://nosock${rig().docker.socket}`);
      assert.strictEqual(withPath.ok, true, JSON.stringify(withPath.error));
      assert.ok(c.logs.some((l) => l.includes(`docker --host='unix://${rig().docker.socket}' system dial-stdio`)));
    } finally {
      await other.stop();
    }
  });

  it('over SSH through a ProxyJump hop (a second sshd)', async () => {
    const jump: SshServer = await startSshServer({ dir: c.serverDir('sshd-jump'), dockerHost: 'unix:///nonexistent/docker.sock' });
    try {
      c.sshConfig(
        hostBlock('jumphost', { hostname: '127.0.0.1', port: jump.port, user: jump.user, identityFile: jump.keyFile, knownHosts: jump.knownHosts }) +
          hostBlock('behind', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: ssh().knownHosts, proxyJump: 'jumphost' }),
      );
      const r = await c.ping('ssh://behind');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.ok(c.logs.some((l) => l.includes('(jump host)')), c.logs.join('\n'));
      // The jump host saw a forwarding request to the target, not a session of its own.
      assert.match(readFileSync(jump.logFile, 'utf8'), /Accepted publickey for /);
    } finally {
      await jump.stop();
    }
  });

  it('pings 20 contexts at once, 10 of them silent, in about one timeout', async () => {
    const sockets: import('net').Socket[] = [];
    const { createServer } = await import('net');
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as import('net').AddressInfo).port;
      const { pingAll } = await import('../../src/core/ping/pingContext');
      const { draftContext } = await import('../../src/core/store/newContexts');
      const contexts = Array.from({ length: 20 }, (_, i) => draftContext(`c${i}`, i % 2 ? `tcp://127.0.0.1:${port}` : rig().docker.unixHost, undefined));
      const timeoutMs = 2000;
      const started = Date.now();
      const results = await pingAll(contexts, { timeoutMs });
      const wall = Date.now() - started;
      assert.strictEqual(results.filter((r) => r.ok).length, 10);
      assert.strictEqual(results.filter((r) => r.error?.kind === 'timeout').length, 10);
      console.log(`      20 pings, 10 silent, took ${wall} ms with a ${timeoutMs} ms timeout`);
      // In turn they would take ten timeouts.
      assert.ok(wall < 3 * timeoutMs, `${wall} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('reuses the SSH connection: a second ping costs no new handshake, and the pool closes it when idle', async () => {
    c.sshConfig(targetBlock('rig', { identityFile: ssh().keyFile }));
    const pool = c.pool({ idleMs: 1500 });
    const accepted = () => (readFileSync(ssh().logFile, 'utf8').match(/Accepted publickey for /g) ?? []).length;
    const before = accepted();
    const first = await c.ping('ssh://rig', { pool });
    const second = await c.ping('ssh://rig', { pool });
    assert.ok(first.ok && second.ok);
    assert.strictEqual(accepted() - before, 1, 'one SSH login for two pings');
    assert.strictEqual(pool.size, 1);
    console.log(`      first ping ${first.latencyMs} ms, second ${second.latencyMs} ms over the same connection`);
    const deadline = Date.now() + 10000;
    while (pool.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(pool.size, 0, 'the idle connection was closed');
  });
});
