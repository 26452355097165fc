import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pingContext } from '../../src/core/ping/pingContext';
import { PingResult } from '../../src/core/ping/pingTypes';
import { SshClientSetting, SshTransports } from '../../src/core/ssh/sshTransports';
import { SshPolicy } from '../../src/core/ssh/sshTypes';
import { draftContext } from '../../src/core/store/newContexts';
import { REPO_ROOT } from '../host/harness/codeServer';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

const askpassDirs = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('drc-askpass-'));
const alive = (pid: number) => existsSync(`/proc/${pid}`);

/** The editor's choice of SSH client, what each setting gives, and what a transport leaves behind. */
describe('SSH transports: the client chosen by dockerContexts.sshClient', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  let transports: SshTransports[] = [];

  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(async () => {
    await Promise.all(transports.map((t) => t.dispose()));
    transports = [];
    c.dispose();
  });

  function transportsFor(setting: SshClientSetting, env: NodeJS.ProcessEnv = {}, idleMs = 60000): SshTransports {
    const surroundings = c.surroundings();
    const t = new SshTransports({
      setting,
      surroundings: { ...surroundings, env: { ...surroundings.env, ...env } },
      platform: process.platform,
      idleMs,
      askpass: { helperMain: path.join(REPO_ROOT, 'out', 'src', 'askpass', 'askpassMain.js'), nodePath: process.execPath },
      agent: undefined,
      log: (m) => c.logs.push(m),
    });
    transports.push(t);
    return t;
  }

  const ping = (t: SshTransports, host = 'ssh://rig', policy: SshPolicy = {}): Promise<PingResult> =>
    pingContext(draftContext('under-test', host, undefined), { timeoutMs: 15000, ssh: t.dialer(undefined, policy) });

  function rigConfig(knownHosts = rig().ssh.knownHosts): void {
    const s = rig().ssh;
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: s.port, user: s.user, identityFile: s.keyFile, knownHosts }));
  }

  it('auto runs OpenSSH, and dispose ends its processes and removes the askpass channel', async () => {
    rigConfig();
    const before = askpassDirs();
    const t = transportsFor('auto');
    const r = await ping(t);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual((await t.client()).kind, 'openssh');
    const pids = t.processIds;
    assert.strictEqual(pids.length, 1, 'the connection stays open for the next ping');
    assert.ok(askpassDirs().length > before.length, 'the askpass channel is open');
    await t.dispose();
    await waitUntil('the ssh process to end', () => !pids.some(alive));
    assert.deepStrictEqual(askpassDirs(), before);
  });

  it('an idle time shorter than the handshake: the ping gets through, and its process ends once the connection is free', async () => {
    rigConfig();
    const t = transportsFor('auto', {}, 20);
    const r = await ping(t);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.ok(r.latencyMs > 20, `the handshake took ${r.latencyMs} ms, longer than the idle time`);
    await waitUntil('the idle ssh process to end', () => t.processIds.length === 0);
  });

  it('the built-in client with an idle time shorter than a request: the ping gets through, and the connection closes once it is free', async () => {
    rigConfig();
    const t = transportsFor('builtin', {}, 1);
    for (let i = 0; i < 3; i++) {
      const r = await ping(t);
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    }
    await waitUntil('the idle connection to close', () => t.builtinConnections === 0);
  });

  it('builtin runs the built-in client: no ssh process at all', async () => {
    rigConfig();
    const t = transportsFor('builtin');
    const r = await ping(t);
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual((await t.client()).kind, 'builtin');
    assert.deepStrictEqual(t.processIds, []);
  });

  it('openssh where none is installed: a clear failure that says what to install or set', async () => {
    rigConfig();
    const t = transportsFor('openssh', { PATH: path.join(c.world.root, 'no-ssh-here') });
    const r = await ping(t);
    assert.strictEqual(r.ok, false);
    assert.strictEqual(r.error?.kind, 'ssh-connection-failed');
    assert.match(r.error.message, /OpenSSH client/);
    assert.match(r.error.hint, /Install OpenSSH 8\.4 or later.*dockerContexts\.sshClient/);
    // auto falls back to the built-in client instead.
    const fallback = transportsFor('auto', { PATH: path.join(c.world.root, 'no-ssh-here') });
    assert.strictEqual((await ping(fallback)).ok, true);
    assert.strictEqual((await fallback.client()).kind, 'builtin');
  });

  it('acceptUnknownHostKey trusts a new host for that connection only: the user’s known_hosts is not written, a changed key is still refused', async () => {
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, '', { mode: 0o600 });
    rigConfig(known);
    const t = transportsFor('auto');
    const refused = await ping(t);
    assert.strictEqual(refused.error?.kind, 'ssh-host-key-unknown', 'asking nobody, an unknown key is refused');
    const once = await ping(t, 'ssh://rig', { acceptUnknownHostKey: true });
    assert.strictEqual(once.ok, true, JSON.stringify(once.error));
    assert.strictEqual(readFileSync(known, 'utf8'), '', 'known_hosts is untouched');
    // Another key for the host in the user's file: that is a changed key, and accepting unknown keys does not cover it.
    const other = path.join(c.world.root, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    writeFileSync(known, `[127.0.0.1]:${rig().ssh.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const changed = await ping(transportsFor('auto'), 'ssh://rig', { acceptUnknownHostKey: true });
    assert.strictEqual(changed.error?.kind, 'ssh-host-key-changed', JSON.stringify(changed.error));
  });
});
