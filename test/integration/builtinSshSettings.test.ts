import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { SshServer, startSshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, ScriptedInteraction, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/**
 * The built-in client (ssh2) takes its settings as ssh resolves them (`ssh -G`, or our reading
 * of the config without OpenSSH), against real sshds: the jump chain, the known_hosts files and
 * names, the agent and identity files, and refuses up front what only OpenSSH can do.
 */
describe('built-in SSH client: settings as OpenSSH resolves them', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(() => c.dispose());

  const ssh = () => rig().ssh;
  const rigHost = (extra: string[] = [], knownHosts = ssh().knownHosts) =>
    hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts }) + extra.map((l) => `  ${l}\n`).join('');
  const keygen = (name: string) => {
    const file = path.join(c.sshDir, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    return file;
  };
  const fingerprint = (publicKeyFile: string) => execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' }).split(' ')[1];

  it('ProxyJump: a jump host with a ProxyJump of its own is reached through it, first hop first', async () => {
    const [first, second]: SshServer[] = await Promise.all([
      startSshServer({ dir: c.serverDir('sshd-j1'), dockerHost: 'unix:///nonexistent/docker.sock' }),
      startSshServer({ dir: c.serverDir('sshd-j2'), dockerHost: 'unix:///nonexistent/docker.sock' }),
    ]);
    try {
      c.sshConfig(
        hostBlock('outer', { hostname: '127.0.0.1', port: first.port, user: first.user, identityFile: first.keyFile, knownHosts: first.knownHosts }) +
          hostBlock('inner', { hostname: '127.0.0.1', port: second.port, user: second.user, identityFile: second.keyFile, knownHosts: second.knownHosts, proxyJump: 'outer' }) +
          hostBlock('behind', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: ssh().knownHosts, proxyJump: 'inner' }),
      );
      const r = await c.ping('ssh://behind');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      const hops = c.logs.filter((l) => l.startsWith('connecting to ')).map((l) => Number(/:(\d+)/.exec(l)?.[1]));
      assert.deepStrictEqual(hops, [first.port, second.port, ssh().port], c.logs.join('\n'));
      // Each jump host let the client in; the outer one only to forward to the inner one.
      assert.match(readFileSync(first.logFile, 'utf8'), /Accepted publickey for /);
      assert.match(readFileSync(second.logFile, 'utf8'), /Accepted publickey for /);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('UserKnownHostsFile none: a host no file knows is refused whatever StrictHostKeyChecking says, as ssh refuses it, and nothing is written', async () => {
    const configFile = path.join(c.sshDir, 'config');
    const realSsh = () => spawnSync('ssh', ['-F', configFile, '-o', 'BatchMode=yes', 'rig', 'true'], { env: { ...process.env, HOME: c.world.home, SSH_AUTH_SOCK: '' }, encoding: 'utf8', timeout: 20000 });
    for (const strict of ['no', 'accept-new', 'ask']) {
      c.sshConfig(rigHost([`StrictHostKeyChecking ${strict}`], 'none'));
      const asked = new ScriptedInteraction({ hostKey: 'save' });
      const r = await c.ping('ssh://rig', { interaction: asked, policy: { acceptUnknownHostKey: true } });
      assert.strictEqual(r.error?.kind, 'ssh-host-key-unknown', `${strict}: ${JSON.stringify(r)}`);
      assert.match(r.error.message, /UserKnownHostsFile none/);
      assert.match(r.error.hint, /UserKnownHostsFile|GlobalKnownHostsFile/);
      assert.deepStrictEqual(asked.hostKeyQuestions, [], strict);
      const openssh = realSsh();
      assert.notStrictEqual(openssh.status, 0, `${strict}: ssh connected`);
      assert.match(openssh.stderr, /Host key verification failed/);
    }
    assert.ok(!existsSync(path.join(c.sshDir, 'known_hosts')));
    // Known from a global file, the host is reached.
    const global = path.join(c.world.root, 'ssh_known_hosts');
    writeFileSync(global, readFileSync(ssh().knownHosts));
    c.sshConfig(rigHost([`GlobalKnownHostsFile ${global}`], 'none'));
    const known = await c.ping('ssh://rig');
    assert.strictEqual(known.ok, true, JSON.stringify(known.error));
  });

  it('GlobalKnownHostsFile: a host known only there is accepted under StrictHostKeyChecking yes', async () => {
    const global = path.join(c.world.root, 'ssh_known_hosts');
    writeFileSync(global, readFileSync(ssh().knownHosts));
    const empty = path.join(c.sshDir, 'known_hosts');
    writeFileSync(empty, '');
    c.sshConfig(rigHost(['StrictHostKeyChecking yes', `GlobalKnownHostsFile ${global}`], empty));
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(readFileSync(empty, 'utf8'), '');
  });

  it('HostKeyAlias: the key is looked up under the alias, not under [host]:port', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, `docker-box ${ssh().hostPublicKey}\n`);
    c.sshConfig(rigHost(['StrictHostKeyChecking yes', 'HostKeyAlias docker-box'], known));
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });

  it('identities: exactly the IdentityFile list ssh -G gives; IdentitiesOnly lets the agent sign only for those keys', async () => {
    const stranger = keygen('id_stranger');
    // The rig's key as the default ~/.ssh/id_ed25519: ssh would not try it once IdentityFile names another.
    writeFileSync(path.join(c.sshDir, 'id_ed25519'), readFileSync(ssh().keyFile), { mode: 0o600 });
    c.sshConfig(`Host rig\n  HostName 127.0.0.1\n  Port ${ssh().port}\n  User ${ssh().user}\n  IdentityFile ${stranger}\n  UserKnownHostsFile ${ssh().knownHosts}\n`);
    const onlyNamed = await c.ping('ssh://rig');
    assert.strictEqual(onlyNamed.error?.kind, 'ssh-auth-failed', JSON.stringify(onlyNamed));
    assert.ok(!onlyNamed.error.message.includes('id_ed25519'), onlyNamed.error.message);

    const sock = path.join(c.world.root, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await waitUntil('the agent’s socket', () => existsSync(sock));
      // The agent holds the stranger's key first, then the rig's.
      execFileSync('ssh-add', [stranger, ssh().keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      // Only the public half of the rig's key on disk: the agent signs for it, and offers nothing else.
      const pub = path.join(c.sshDir, 'rig_key.pub');
      writeFileSync(pub, readFileSync(`${ssh().keyFile}.pub`));
      c.sshConfig(`Host rig\n  HostName 127.0.0.1\n  Port ${ssh().port}\n  User ${ssh().user}\n  IdentityFile ${pub}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${ssh().knownHosts}\n`);
      const logBefore = readFileSync(ssh().logFile, 'utf8').length;
      const r = await c.ping('ssh://rig', { pool: c.pool({ agent: sock }) });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      const sshdSaw = readFileSync(ssh().logFile, 'utf8').slice(logBefore);
      assert.ok(!sshdSaw.includes(fingerprint(`${stranger}.pub`)), `the agent's other key was offered:\n${sshdSaw}`);
      // IdentityAgent none: no agent, and the public half alone cannot sign.
      c.sshConfig(`Host rig\n  HostName 127.0.0.1\n  Port ${ssh().port}\n  User ${ssh().user}\n  IdentityFile ${pub}\n  IdentityAgent none\n  UserKnownHostsFile ${ssh().knownHosts}\n`);
      const noAgent = await c.ping('ssh://rig', { pool: c.pool({ agent: sock }) });
      assert.strictEqual(noAgent.error?.kind, 'ssh-auth-failed', JSON.stringify(noAgent));
    } finally {
      agent.kill();
    }
  });

  it('a user certificate beside a refused key: the failure says the built-in client could not offer it', async () => {
    const key = keygen('id_certified');
    writeFileSync(`${key}-cert.pub`, readFileSync(`${key}.pub`));
    c.sshConfig(`Host rig\n  HostName 127.0.0.1\n  Port ${ssh().port}\n  User ${ssh().user}\n  IdentityFile ${key}\n  UserKnownHostsFile ${ssh().knownHosts}\n`);
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.error?.kind, 'ssh-auth-failed', JSON.stringify(r));
    assert.ok(r.error.message.includes(`${key}-cert.pub`), r.error.message);
    assert.match(r.error.hint, /install OpenSSH 8\.4 or later/);
  });

  it('ProxyCommand: refused before connecting, naming the host and the setting, with the way out', async () => {
    // Where the host points: a listener that counts connections, which must stay at none.
    let connections = 0;
    const listener = net.createServer((socket) => (connections++, socket.destroy()));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const ran = path.join(c.world.root, 'proxycommand-ran');
      const port = (listener.address() as net.AddressInfo).port;
      c.sshConfig(`Host rig\n  HostName 127.0.0.1\n  Port ${port}\n  UserKnownHostsFile ${ssh().knownHosts}\n  ProxyCommand touch ${ran}\n`);
      for (const pool of [c.pool(), c.pool({ sshPath: null })]) {
        const r = await c.ping('ssh://rig', { pool });
        assert.strictEqual(r.error?.kind, 'ssh-connection-failed', JSON.stringify(r));
        assert.match(r.error.message, /\brig\b.*ProxyCommand/);
        assert.strictEqual(r.error.hint, 'This host uses ProxyCommand: install OpenSSH 8.4 or later, or set dockerContexts.sshClient to openssh.');
      }
      assert.ok(!existsSync(ran));
      assert.strictEqual(connections, 0);
    } finally {
      listener.close();
    }
  });

  it('Match exec without OpenSSH to run it: refused, naming the command', async () => {
    c.sshConfig(`Match exec "test -e /nonexistent"\n  Port 1\n` + rigHost());
    const r = await c.ping('ssh://rig', { pool: c.pool({ sshPath: null }) });
    assert.strictEqual(r.error?.kind, 'ssh-connection-failed', JSON.stringify(r));
    assert.match(r.error.message, /Match exec/);
    assert.match(r.error.hint, /install OpenSSH 8\.4 or later/);
  });

  it('an Include loop: a config error naming the file, at once', async () => {
    const configFile = path.join(c.sshDir, 'config');
    c.sshConfig(`Include ${configFile}\n` + rigHost());
    for (const pool of [c.pool(), c.pool({ sshPath: null })]) {
      const r = await c.ping('ssh://rig', { pool });
      assert.strictEqual(r.error?.kind, 'ssh-config-invalid', JSON.stringify(r));
      assert.match(r.error.message, /Too many recursive configuration includes/);
      assert.ok(r.error.message.includes(configFile), r.error.message);
      assert.match(r.error.hint, /ssh -G rig/);
      assert.ok(r.latencyMs < 2000, `${r.latencyMs} ms`);
    }
  });
});
