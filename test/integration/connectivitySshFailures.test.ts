import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { SshServer } from '../rig/sshServer';
import { faultyRemotes } from './faultyRemotes';
import { ConnectivityWorld, ScriptedInteraction, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/** Each SSH failure, produced for real against a real sshd, gives its kind and says what to do. */
describe('connectivity: SSH failures say why', function () {
  this.timeout(90000);
  let c: ConnectivityWorld;
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(() => c.dispose());

  const ssh = () => rig().ssh;

  it('a key the server does not accept: ssh-auth-failed, listing what was tried', async () => {
    const stranger = path.join(c.sshDir, 'id_stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: stranger, knownHosts: ssh().knownHosts }));
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.error?.kind, 'ssh-auth-failed');
    assert.ok(r.error.message.includes(stranger), r.error.message);
    assert.match(r.error.hint, /authorized_keys/);
  });

  it('a host key that changed: ssh-host-key-changed, refused without asking', async () => {
    const other = path.join(c.world.root, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, `[127.0.0.1]:${ssh().port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: known }));
    const asked = new ScriptedInteraction({ hostKey: 'save' });
    const r = await c.ping('ssh://rig', { interaction: asked });
    assert.strictEqual(r.error?.kind, 'ssh-host-key-changed');
    assert.match(r.error.message, /WARNING/);
    assert.match(r.error.hint, /ssh-keygen -R/);
    assert.deepStrictEqual(asked.hostKeyQuestions, [], 'no way to connect anyway');
  });

  it('an unknown host key without anyone to ask: ssh-host-key-unknown, with its SHA256 fingerprint', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: known }));
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], { input: ssh().hostPublicKey, encoding: 'utf8' }).split(' ')[1];
    const r = await c.ping('ssh://rig');
    assert.strictEqual(r.error?.kind, 'ssh-host-key-unknown');
    assert.ok(r.error.message.includes(fingerprint), r.error.message);
    // Allowed by the caller, for this connection only: nothing is saved.
    const accepted = await c.ping('ssh://rig', { policy: { acceptUnknownHostKey: true } });
    assert.strictEqual(accepted.ok, true, JSON.stringify(accepted.error));
    assert.throws(() => readFileSync(known));
  });

  it('an unknown host key answered "trust and save": saved to known_hosts, and not asked again', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: known }));
    const asked = new ScriptedInteraction({ hostKey: 'save' });
    const first = await c.ping('ssh://rig', { interaction: asked, pool: c.pool() });
    assert.strictEqual(first.ok, true, JSON.stringify(first.error));
    assert.strictEqual(asked.hostKeyQuestions.length, 1);
    assert.match(asked.hostKeyQuestions[0].fingerprint, /^SHA256:/);
    assert.match(execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${ssh().port}`, '-f', known], { encoding: 'utf8' }), /ssh-ed25519/);
    const again = await c.ping('ssh://rig', { interaction: asked, pool: c.pool() });
    assert.strictEqual(again.ok, true);
    assert.strictEqual(asked.hostKeyQuestions.length, 1);
  });

  it('a person who reads the host key question for longer than the ping timeout still gets the ping', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    // ConnectTimeout bounds the handshake too: its clock must stop for the question as well.
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: ssh().port, user: ssh().user, identityFile: ssh().keyFile, knownHosts: known }) + '  ConnectTimeout 2\n');
    const asked = new ScriptedInteraction({ hostKey: 'once', readingMs: 4000 });
    const r = await c.ping('ssh://rig', { interaction: asked, timeoutMs: 1500 });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(asked.hostKeyQuestions.length, 1);
    assert.ok(r.latencyMs >= 4000, `the ping's own latency counts the wait: ${r.latencyMs} ms`);
  });

  describe('on the remote host', () => {
    const remotes = faultyRemotes();

    const through = (server: SshServer) => {
      c.sshConfig(hostBlock('remote', { hostname: '127.0.0.1', port: server.port, user: server.user, identityFile: server.keyFile, knownHosts: server.knownHosts }));
      return c.ping('ssh://remote');
    };

    it('no docker on the PATH: remote-docker-not-found', async () => {
      const r = await through(remotes.noDocker);
      assert.strictEqual(r.error?.kind, 'remote-docker-not-found');
      assert.match(r.error.hint, /PATH of non-interactive SSH sessions/);
    });

    it('a socket the user may not open: remote-permission-denied', async () => {
      const r = await through(remotes.deniedSocket);
      assert.strictEqual(r.error?.kind, 'remote-permission-denied');
      assert.match(r.error.hint, /usermod -aG docker/);
    });

    it('no engine behind the socket: remote-engine-unreachable, with what docker said', async () => {
      const r = await through(remotes.noEngine);
      assert.strictEqual(r.error?.kind, 'remote-engine-unreachable');
      assert.match(r.error.message, /It said: /);
    });
  });
});
