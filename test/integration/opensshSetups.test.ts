import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../host/harness/codeServer';
import { pingContext } from '../../src/core/ping/pingContext';
import { PingResult } from '../../src/core/ping/pingTypes';
import { AskpassPrompt, AskpassServer } from '../../src/core/ssh/askpass/askpassServer';
import { OpenSshClient, findOpenSsh } from '../../src/core/ssh/openssh/findOpenSsh';
import { OpenSshConnections, SshPromptAnswerer } from '../../src/core/ssh/openssh/opensshConnections';
import { draftContext } from '../../src/core/store/newContexts';
import { startSshServer } from '../rig/sshServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld } from './connectivityWorld';
import { rig } from './rigFixture';

/**
 * Setups the built-in client cannot serve, pinged through the OpenSSH client as the docker CLI
 * runs it: ssh applies the user's config, so each works as it does in a terminal.
 */
describe('SSH setups through the OpenSSH client', function () {
  this.timeout(90000);
  let client: OpenSshClient;
  let askpass: AskpassServer;
  let c: ConnectivityWorld;
  let conns: OpenSshConnections | undefined;

  before(async () => {
    const found = await findOpenSsh({ platform: process.platform, env: process.env });
    if (!found) throw new Error('No OpenSSH client of 8.4 or later on the PATH: install openssh-client and run again.');
    client = found;
    askpass = await AskpassServer.start({ helperMain: path.join(REPO_ROOT, 'out', 'src', 'askpass', 'askpassMain.js'), nodePath: process.execPath });
  });
  after(() => askpass?.dispose());
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(async () => {
    conns?.closeAll();
    await waitUntil('every ssh process to end', () => (conns?.processCount ?? 0) === 0);
    conns = undefined;
    c.dispose();
  });

  const ssh = () => rig().ssh;
  function ping(host: string, answerer?: SshPromptAnswerer): Promise<PingResult> {
    conns = new OpenSshConnections({ client, askpass, env: { ...process.env, HOME: c.world.home }, idleMs: 60000, configFile: path.join(c.sshDir, 'config') });
    return pingContext(draftContext('under-test', host, undefined), { timeoutMs: 20000, ssh: conns.dialer(answerer) });
  }
  const lines = (...l: string[]) => c.sshConfig(l.join('\n') + '\n');

  it('ProxyCommand: the connection goes through a command of the user’s', async () => {
    const relay = `const s=require('net').connect(%p,'%h');process.stdin.pipe(s).pipe(process.stdout)`;
    lines('Host bastioned', '  HostName 127.0.0.1', `  Port ${ssh().port}`, `  User ${ssh().user}`, `  IdentityFile ${ssh().keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${ssh().knownHosts}`, `  HostKeyAlias [127.0.0.1]:${ssh().port}`, `  ProxyCommand ${process.execPath} -e "${relay}"`);
    const r = await ping('ssh://bastioned');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });

  it('IdentityAgent: the key comes from an agent at a socket of the config’s choosing', async () => {
    const sock = path.join(c.world.root, 'vault-agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await waitUntil('the agent’s socket', () => existsSync(sock));
      execFileSync('ssh-add', [ssh().keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      // Only the public half on disk: the agent alone can sign.
      lines('Host rig', '  HostName 127.0.0.1', `  Port ${ssh().port}`, `  User ${ssh().user}`, `  IdentityFile ${ssh().keyFile}.pub`, '  IdentitiesOnly yes', `  IdentityAgent ${sock}`, `  UserKnownHostsFile ${ssh().knownHosts}`);
      const r = await ping('ssh://rig');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    } finally {
      agent.kill();
    }
  });

  it('CertificateFile: a user certificate from a CA that sshd trusts gets in, the key in no authorized_keys', async () => {
    const dir = c.serverDir('sshd-ca');
    const ca = path.join(c.world.root, 'user_ca');
    const key = path.join(c.sshDir, 'id_certified');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', ca]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    execFileSync('ssh-keygen', ['-q', '-s', ca, '-I', 'rig user', '-n', ssh().user, '-V', '-5m:+1h', `${key}.pub`]);
    const server = await startSshServer({ dir, dockerHost: rig().docker.unixHost, trustedUserCaKey: `${ca}.pub` });
    try {
      lines('Host certified', '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, `  IdentityFile ${key}`, `  CertificateFile ${key}-cert.pub`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${server.knownHosts}`);
      const r = await ping('ssh://certified');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    } finally {
      await server.stop();
    }
  });

  it('a password login, answered through the askpass prompt', async () => {
    const server = await startSshServer({ dir: c.serverDir('sshd-password'), dockerHost: rig().docker.unixHost, password: 'correct horse battery' });
    try {
      lines('Host withpassword', '  HostName 127.0.0.1', `  Port ${server.port}`, `  User ${server.user}`, '  PubkeyAuthentication no', '  PreferredAuthentications password', `  UserKnownHostsFile ${server.knownHosts}`);
      const prompts: AskpassPrompt[] = [];
      const person: SshPromptAnswerer = { answer: (p) => (prompts.push(p), Promise.resolve(/password/i.test(p.prompt) ? 'correct horse battery' : undefined)) };
      const r = await ping('ssh://withpassword', person);
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.strictEqual(prompts.length, 1);
      assert.match(prompts[0].prompt, /password/i);
    } finally {
      await server.stop();
    }
  });

  it('Match blocks decide the port and user, as ssh evaluates them', async () => {
    lines(`Match originalhost matched`, '  HostName 127.0.0.1', `  Port ${ssh().port}`, `  User ${ssh().user}`, `  IdentityFile ${ssh().keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${ssh().knownHosts}`);
    const r = await ping('ssh://matched');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });

  it('a remote socket path goes to the remote docker as --host', async () => {
    lines('Host rig', '  HostName 127.0.0.1', `  Port ${ssh().port}`, `  User ${ssh().user}`, `  IdentityFile ${ssh().keyFile}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${ssh().knownHosts}`);
    const r = await ping(`ssh://rig${rig().docker.socket}`);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });
});
