import * as assert from 'assert';
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import { promises as fs, existsSync, readFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { promisify } from 'util';
import { generateCertificates } from '../../src/core/certs/generateCertificates';
import { pingContext } from '../../src/core/ping/pingContext';
import { ProvisionError } from '../../src/core/provision/engineOnHost';
import { ProvisionDeps } from '../../src/core/provision/provisionDeps';
import { rotateEngineCertificate } from '../../src/core/provision/rotateEngine';
import { SecureEngineQuestions, secureEngine } from '../../src/core/provision/secureEngine';
import { OpenSshClient, findOpenSsh } from '../../src/core/ssh/openssh/findOpenSsh';
import { OpenSshConnections } from '../../src/core/ssh/openssh/opensshConnections';
import { runBuiltin } from '../../src/core/ssh/builtinRemote';
import { ContextStore } from '../../src/core/store/contextStore';
import { draftContext } from '../../src/core/store/newContexts';
import { certDirFiles } from '../../src/core/tls/tlsMaterial';
import { freePort } from '../rig/ports';
import { SystemEngine, startSystemEngine } from '../rig/systemEngine';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';

const run = promisify(execFile);

/** Every file under `dir` with its mode, owner and a hash of its bytes: what a dry run must leave as it was. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      const s = await fs.lstat(p);
      const hash = entry.isFile() ? createHash('sha256').update(await fs.readFile(p)).digest('hex') : '';
      out.push(`${p} ${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid} ${hash}`);
      if (entry.isDirectory()) await walk(p);
    }
  };
  if (existsSync(dir)) await walk(dir);
  return out;
}

async function modeOf(file: string): Promise<string> {
  const s = await fs.stat(file);
  return `${(s.mode & 0o777).toString(8).padStart(4, '0')} ${s.uid}:${s.gid}`;
}

describe('Securing an engine over SSH: a system dockerd run by /etc/init.d/docker, reached as a user with sudo', function () {
  this.timeout(300000);
  let engine: SystemEngine;
  let client: OpenSshClient;
  let c: ConnectivityWorld;
  let conns: OpenSshConnections;
  let logs: string[];
  let store: ContextStore;

  before(async () => {
    const found = await findOpenSsh({ platform: process.platform, env: process.env });
    if (!found) throw new Error('No OpenSSH client of 8.4 or later on the PATH: the rig installs openssh-client; install it and run again.');
    client = found;
    engine = await startSystemEngine();
  });
  after(() => engine?.stop());
  beforeEach(() => {
    c = new ConnectivityWorld();
    c.sshConfig(hostBlock('box', { hostname: '127.0.0.1', port: engine.ssh.port, user: engine.ssh.user, identityFile: engine.ssh.keyFile, knownHosts: engine.ssh.knownHosts }));
    conns = new OpenSshConnections({ client, env: { ...process.env, HOME: c.world.home }, idleMs: 60000, configFile: path.join(c.sshDir, 'config') });
    store = new ContextStore(c.world.environment);
    logs = [];
  });
  afterEach(async () => {
    conns.closeAll();
    await waitUntil('every ssh process to end', () => conns.processIds.length === 0);
    c.dispose();
    await engine.ensureRunning();
  });

  const deps = (): ProvisionDeps => ({
    store,
    runOn: (endpoint) => (script) => conns.run(endpoint, script.command, undefined),
    address: () => Promise.resolve('127.0.0.1'),
    ping: (context) => pingContext(context, { timeoutMs: 10000 }),
    log: (line) => logs.push(line),
    progress: (line) => logs.push(line),
  });
  const answers = (o: { onConfirm?: () => Promise<void> } = {}): SecureEngineQuestions & { asked: string[] } => {
    const asked: string[] = [];
    return {
      asked,
      confirm: async (plan) => {
        asked.push(`confirm ${plan.where}`);
        await o.onConfirm?.();
        return true;
      },
      sudoPassword: (where) => {
        asked.push(`sudo ${where}`);
        return Promise.resolve(engine.sudoPassword);
      },
    };
  };

  it('dry run: returns the plan and changes nothing on the host or here', async () => {
    const before = await snapshot('/etc/docker');
    const port = await freePort();
    const q = answers();
    const result = await secureEngine({ ssh: 'ssh://box', name: 'box-tls', port, dryRun: true }, deps(), q);
    assert.deepStrictEqual(await snapshot('/etc/docker'), before);
    assert.deepStrictEqual(q.asked, []);
    assert.strictEqual(result.restarted, false);
    assert.strictEqual(result.context, undefined);
    assert.strictEqual(result.daemonConfigFile, '/etc/docker/daemon.json');
    assert.deepStrictEqual(result.remoteFiles, ['/etc/docker/tls/ca.pem', '/etc/docker/tls/server-cert.pem', '/etc/docker/tls/server-key.pem']);
    assert.strictEqual(result.plan.manager, 'sysv');
    assert.strictEqual(result.plan.runAs, 'sudo-password');
    assert.deepStrictEqual(Object.keys(JSON.parse(result.plan.daemonJson.after) as object).slice(0, 4), ['iptables', 'bridge', 'storage-driver', 'log-level']);
    assert.ok(!existsSync(result.certificatesDir), 'no certificates made here');
    assert.strictEqual(store.exists('box-tls'), false);
  });

  it('the built-in SSH client looks at the host as OpenSSH does', async () => {
    const port = await freePort();
    const signal = new AbortController().signal;
    const builtin: ProvisionDeps = { ...deps(), runOn: (endpoint) => (script) => runBuiltin(endpoint, script.command, { surroundings: c.surroundings({ sshPath: null }), agent: undefined, interaction: undefined, policy: {}, signal }) };
    const [ours, theirs] = [await secureEngine({ ssh: 'ssh://box', name: 'box-tls', port, dryRun: true }, builtin, answers()), await secureEngine({ ssh: 'ssh://box', name: 'box-tls', port, dryRun: true }, deps(), answers())];
    assert.deepStrictEqual({ ...ours.plan, backupDir: '' }, { ...theirs.plan, backupDir: '' });
  });

  it('a failure after the restart (the TLS port taken meanwhile) restores daemon.json byte for byte, and the engine answers on its socket', async () => {
    const before = await snapshot('/etc/docker');
    const port = await freePort();
    const squatter = net.createServer();
    // Taken between the look at the host and the change: the engine cannot listen and does not start.
    const q = answers({ onConfirm: () => new Promise<void>((resolve) => squatter.listen(port, '0.0.0.0', resolve)) });
    try {
      await assert.rejects(secureEngine({ ssh: 'ssh://box', name: 'box-tls', port }, deps(), q), (e: unknown) => {
        assert.ok(e instanceof ProvisionError, String(e));
        assert.match(e.message, /did not start with the new settings.*restored and the engine answers on its socket again/);
        assert.ok(e.details.some((l) => /address already in use/.test(l)), `the engine's log says why: ${e.details.join(' | ')}`);
        return true;
      });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    assert.strictEqual(await fs.readFile('/etc/docker/daemon.json', 'utf8'), engine.daemonJsonText);
    assert.deepStrictEqual(await snapshot('/etc/docker'), before, 'no TLS folder or backup is left on the host');
    assert.ok(await engine.pingUnix());
    assert.deepStrictEqual(q.asked, ['confirm box', 'sudo box']);
    assert.ok(logs.length > 0 && !logs.some((l) => l.includes(engine.sudoPassword)), 'the sudo password is never in the log');
    assert.strictEqual(store.exists('box-tls'), false);
    assert.ok(!existsSync(path.join(c.world.dockerConfig, 'certs', 'box-tls')), 'no certificates are left here');
  });

  it('a connection lost before the change is kept: the host undoes the change by itself', async () => {
    const port = await freePort();
    const cut: ProvisionDeps = {
      ...deps(),
      // The engine answers from here, but the SSH connection that would confirm the change is gone.
      ping: async (context) => {
        for (const pid of conns.processIds) process.kill(pid, 'SIGKILL');
        return pingContext(context, { timeoutMs: 10000 });
      },
    };
    await assert.rejects(secureEngine({ ssh: 'ssh://box', name: 'box-tls', port, keySize: 2048 }, cut, answers()), /lost before the change was kept/);
    // The backup folder goes last, once the engine answers again with its old settings.
    await waitUntil('the host to finish undoing the change', () => !existsSync('/etc/docker/docker-remote-contexts'), { timeoutMs: 90000 });
    assert.strictEqual(readFileSync('/etc/docker/daemon.json', 'utf8'), engine.daemonJsonText);
    assert.ok(!existsSync('/etc/docker/tls'));
    assert.ok(await engine.pingUnix());
    assert.strictEqual(store.exists('box-tls'), false);
  });

  it('secures the engine: the docker CLI uses the new context, daemon.json keeps its keys, root owns the files with safe modes, another CA is refused; then a rotation', async () => {
    const port = await freePort();
    const result = await secureEngine({ ssh: 'ssh://box', name: 'box-tls', port, keySize: 2048 }, deps(), answers());
    assert.strictEqual(result.context, 'box-tls');
    assert.strictEqual(result.restarted, true);
    const env = { ...c.world.processEnv };
    const version = await run('docker', ['--context', 'box-tls', 'version', '--format', '{{.Server.Version}}'], { env });
    assert.match(version.stdout.trim(), /^\d+\.\d+/);
    const after = JSON.parse(await fs.readFile('/etc/docker/daemon.json', 'utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(JSON.parse(engine.daemonJsonText) as Record<string, unknown>)) assert.deepStrictEqual(after[k], v, `daemon.json keeps ${k}`);
    assert.deepStrictEqual(after.hosts, ['unix:///var/run/docker.sock', `tcp://0.0.0.0:${port}`]);
    assert.strictEqual(await modeOf('/etc/docker/tls'), '0700 0:0');
    assert.strictEqual(await modeOf('/etc/docker/tls/ca.pem'), '0444 0:0');
    assert.strictEqual(await modeOf('/etc/docker/tls/server-cert.pem'), '0444 0:0');
    assert.strictEqual(await modeOf('/etc/docker/tls/server-key.pem'), '0400 0:0');
    assert.ok(result.backup && existsSync(path.join(result.backup, 'daemon.json')), 'the old daemon.json is kept on the host');
    assert.strictEqual(await fs.readFile(path.join(result.backup, 'daemon.json'), 'utf8'), engine.daemonJsonText);
    assert.ok(!existsSync(path.join(result.certificatesDir, 'nothing')) && existsSync(path.join(result.certificatesDir, 'ca-key.pem')), 'the CA key stays here');

    const other = path.join(c.world.root, 'other-ca');
    await generateCertificates({ hostnames: ['localhost'], ips: ['127.0.0.1'], days: 30, keySize: 2048, clientName: 'intruder' }, { placement: { kind: 'folder', dir: other } });
    const mine = certDirFiles(result.certificatesDir);
    const theirs = certDirFiles(other);
    const refused = await pingContext(draftContext('intruder', `tcp://127.0.0.1:${port}`, { ca: mine.ca, cert: theirs.cert, key: theirs.key }), { timeoutMs: 10000 });
    assert.strictEqual(refused.ok, false);
    assert.strictEqual(refused.error?.kind, 'tls-client-cert-rejected', JSON.stringify(refused.error));

    const serial = async () => (await run('openssl', ['x509', '-noout', '-serial', '-in', '/etc/docker/tls/server-cert.pem'])).stdout.trim();
    const before = await serial();
    const rotated = await rotateEngineCertificate({ name: 'box-tls', keySize: 2048 }, deps(), { sudoPassword: () => Promise.resolve(engine.sudoPassword) });
    assert.notStrictEqual(await serial(), before, 'the engine has a new server certificate');
    assert.strictEqual(await modeOf('/etc/docker/tls/server-key.pem'), '0400 0:0');
    assert.ok(existsSync(path.join(rotated.backup, 'server-cert.pem')), 'the old server certificate is kept on the host');
    const again = await run('docker', ['--context', 'box-tls', 'version', '--format', '{{.Server.Version}}'], { env });
    assert.match(again.stdout.trim(), /^\d+\.\d+/);

    // A new CA: the engine trusts only clients of the new CA, and the context holds one.
    const oldClient = path.join(c.world.root, 'old-client');
    await fs.cp(result.certificatesDir, oldClient, { recursive: true });
    await rotateEngineCertificate({ name: 'box-tls', keySize: 2048, newCa: true }, deps(), { sudoPassword: () => Promise.resolve(engine.sudoPassword) });
    const third = await run('docker', ['--context', 'box-tls', 'version', '--format', '{{.Server.Version}}'], { env });
    assert.match(third.stdout.trim(), /^\d+\.\d+/);
    const old = certDirFiles(oldClient);
    const stale = await pingContext(draftContext('stale', `tcp://127.0.0.1:${port}`, { ca: mine.ca, cert: old.cert, key: old.key }), { timeoutMs: 10000 });
    assert.strictEqual(stale.ok, false, 'a client of the old CA is refused');
    assert.ok(!logs.some((l) => l.includes(engine.sudoPassword)));
  });
});
