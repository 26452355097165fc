import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { AskpassPrompt } from '../../src/core/ssh/askpass/askpassServer';
import { SshPromptAnswerer } from '../../src/core/ssh/openssh/opensshConnections';
import { startSshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { openSshFixture } from './opensshFixture';
import { rig } from './rigFixture';

/**
 * Setups the built-in client cannot serve, pinged through the OpenSSH client as the docker CLI
 * runs it: ssh applies the user's config, so each works as it does in a terminal.
 */
describe('SSH setups through the OpenSSH client', function () {
  this.timeout(90000);
  const f = openSshFixture({ askpass: true, pingTimeoutMs: 20000 });

  it('ProxyCommand: the connection goes through a command of the user’s', async () => {
    const relay = `const s=require('net').connect(%p,'%h');process.stdin.pipe(s).pipe(process.stdout)`;
    f.lines('Host bastioned', '  HostName 127.0.0.1', `  Port ${f.ssh.port}`, `  User ${f.ssh.user}`, `  IdentityFile ${f.ssh.keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${f.ssh.knownHosts}`, `  HostKeyAlias [127.0.0.1]:${f.ssh.port}`, `  ProxyCommand ${process.execPath} -e "${relay}"`);
    const r = await f.ping('ssh://bastioned');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });

  it('IdentityAgent: the key comes from an agent at a socket of the config’s choosing', async () => {
    const sock = path.join(f.c.world.root, 'vault-agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await waitUntil('the agent’s socket', () => existsSync(sock));
      execFileSync('ssh-add', [f.ssh.keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      // Only the public half on disk: the agent alone can sign.
      f.lines('Host rig', '  HostName 127.0.0.1', `  Port ${f.ssh.port}`, `  User ${f.ssh.user}`, `  IdentityFile ${f.ssh.keyFile}.pub`, '  IdentitiesOnly yes', `  IdentityAgent ${sock}`, `  UserKnownHostsFile ${f.ssh.knownHosts}`);
      const r = await f.ping('ssh://rig');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    } finally {
      agent.kill();
    }
  });

  it('CertificateFile: a user certificate from a CA that sshd trusts gets in, the key in no authorized_keys', async () => {
    const dir = f.c.serverDir('sshd-ca');
    const ca = path.join(f.c.world.root, 'user_ca');
    const key = path.join(f.c.sshDir, 'id_certified');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', 'rig user', '-n', f.ssh.user, '-V', '-5m:+1h', `${key}.pub`]);
    const server = await startSshServer({ dir, dockerHost: rig().docker.unixHost, trustedUserCaKey: `${ca}.pub` });
    try {
      f.lines('Host certified', '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, `  IdentityFile ${key}`, `  CertificateFile ${key}-cert.pub`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${server.knownHosts}`);
      const r = await f.ping('ssh://certified');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    } finally {
      await server.stop();
    }
  });

  it('a password login, answered through the askpass prompt', async () => {
    const server = await startSshServer({ dir: f.c.serverDir('sshd-password'), dockerHost: rig().docker.unixHost, password: 'correct horse battery' });
    try {
      f.lines('Host withpassword', '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, '  PubkeyAuthentication no', '  PreferredAuthentications password', `  UserKnownHostsFile ${server.knownHosts}`);
      const prompts: AskpassPrompt[] = [];
      const person: SshPromptAnswerer = { answer: (p) => (prompts.push(p), Promise.resolve(/password/i.test(p.prompt) ? 'correct horse battery' : undefined)) };
      const r = await f.ping('ssh://withpassword', { answerer: person });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.strictEqual(prompts.length, 1);
      assert.match(prompts[0].prompt, /password/i);
    } finally {
      await server.stop();
    }
  });

  it('Match blocks decide the port and user, as ssh evaluates them', async () => {
    f.lines(`Match originalhost matched`, '  HostName 127.0.0.1', `  Port ${f.ssh.port}`, `  User ${f.ssh.user}`, `  IdentityFile ${f.ssh.keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${f.ssh.knownHosts}`);
    const r = await f.ping('ssh://matched');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });

  it('a remote socket path goes to the remote docker as --host', async () => {
    f.hostConfig();
    const r = await f.ping(`ssh://rig${rig().docker.socket}`);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });
});
