import * as assert from 'assert';
import { promises as fs, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client, ServerHostKeyAlgorithm } from 'ssh2';
import { KnownHostsSettings, addHostKey, checkHostKey, orderHostKeyAlgorithms } from '../../src/core/ssh/knownHosts';
import {
  BuiltinVerdict,
  HOST_CERTIFICATE_PRINCIPALS,
  KNOWN_HOSTS_CORPUS,
  KnownHostsCase,
  PRESENTED,
  builtinVerdict,
  renderKnownHosts,
  verdictOfStatus,
} from '../fixtures/known-hosts/corpus';
import { CorpusKeys, generateCorpusKeys } from '../fixtures/known-hosts/keys';
import { firstBytes, freePort } from '../rig/ports';
import { CommandResult, Daemon, mustRun, runCommand, startDaemon, waitUntilReady } from '../rig/processes';
import { TEST_USER, ensureTestUser } from '../rig/testUser';
import { ConnectivityWorld, ScriptedInteraction, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/**
 * The oracle: every case of the known_hosts corpus decided by the real ssh against a real sshd
 * (StrictHostKeyChecking yes, its verdict read from its exit status and stderr), and by the
 * built-in client (ssh2, its host key checked by our code) against the same sshd. The sshd has
 * Ed25519, ECDSA and RSA host keys and a host certificate; the names in the cases reach it
 * through a ProxyCommand, so ssh looks them up exactly as typed, port included.
 */

interface OracleServer {
  readonly port: number;
  readonly daemon: Daemon;
}

describe('known_hosts: both clients decide host keys as the real ssh does, against a real sshd', function () {
  this.timeout(60000);
  let dir: string;
  let keys: CorpusKeys;
  let userKey: string;
  let relay: string;
  let main: OracleServer;
  let expired: OracleServer;

  before(async function () {
    this.timeout(120000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'drc-kh-oracle-'));
    // sshd reads authorized_keys here as the test user.
    await fs.chmod(dir, 0o755);
    const [generated] = await Promise.all([generateCorpusKeys(path.join(dir, 'keys')), ensureTestUser()]);
    keys = generated;
    await fs.chmod(path.join(dir, 'keys'), 0o755);
    userKey = path.join(dir, 'id_ed25519');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'oracle user', '-f', userKey]);
    await fs.writeFile(path.join(dir, 'authorized_keys'), await fs.readFile(`${userKey}.pub`), { mode: 0o644 });
    // The host certificate for the Ed25519 key, and an expired one for the same key.
    await mustRun('ssh-keygen', ['-q', '-s', keys.ca.file, '-h', '-I', 'oracle host', '-n', HOST_CERTIFICATE_PRINCIPALS.join(','), `${keys.ed25519.file}.pub`]);
    await fs.copyFile(`${keys.ed25519.file}.pub`, path.join(dir, 'keys', 'expired.pub'));
    await mustRun('ssh-keygen', ['-q', '-s', keys.ca.file, '-h', '-I', 'oracle expired', '-n', HOST_CERTIFICATE_PRINCIPALS.join(','), '-V', '20000101:20000102', path.join(dir, 'keys', 'expired.pub')]);
    relay = path.join(dir, 'relay.js');
    // ProxyCommand: stdin and stdout to 127.0.0.1:PORT, ending with either side.
    await fs.writeFile(
      relay,
      [
        "const socket = require('net').connect(Number(process.argv[2]), '127.0.0.1');",
        'process.stdin.pipe(socket);',
        'socket.pipe(process.stdout);',
        "socket.on('close', () => process.exit(0));",
        "socket.on('error', () => process.exit(1));",
        '',
      ].join('\n'),
    );
    [main, expired] = await Promise.all([
      startServer('main', [keys.ed25519.file, keys.ecdsa.file, keys.rsa.file], `${keys.ed25519.file}-cert.pub`),
      startServer('expired', [keys.ed25519.file], path.join(dir, 'keys', 'expired-cert.pub')),
    ]);
  });

  after(async () => {
    await Promise.all([main?.daemon.stop(), expired?.daemon.stop()]);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function startServer(name: string, hostKeys: readonly string[], certificate: string): Promise<OracleServer> {
    const port = await freePort();
    const config = path.join(dir, `sshd_${name}_config`);
    await fs.writeFile(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        ...hostKeys.map((k) => `HostKey ${k}`),
        `HostCertificate ${certificate}`,
        `PidFile ${path.join(dir, `sshd_${name}.pid`)}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        `AllowUsers ${TEST_USER}`,
        'PrintMotd no',
        'LogLevel VERBOSE',
        // The end-to-end pings below reach the rig's engine through this server.
        `SetEnv DOCKER_HOST=${rig().docker.unixHost}`,
        '',
      ].join('\n'),
    );
    const daemon = startDaemon(`sshd (${name})`, '/usr/sbin/sshd', ['-D', '-e', '-f', config], path.join(dir, `sshd_${name}.log`));
    await waitUntilReady(daemon, async () => (await firstBytes(port)).startsWith('SSH-'));
    return { port, daemon };
  }

  /** The case's files in a folder of its own, and the settings that name them. */
  async function filesFor(c: KnownHostsCase, index: number): Promise<{ settings: KnownHostsSettings; user: string; globals: string[] }> {
    const caseDir = path.join(dir, `case-${index}`);
    await fs.mkdir(caseDir, { recursive: true });
    const user = path.join(caseDir, 'known_hosts');
    if (c.user !== undefined) await fs.writeFile(user, renderKnownHosts(c.user, keys));
    const globals = await Promise.all(
      (c.global ?? []).map(async (text, i) => {
        const file = path.join(caseDir, `ssh_known_hosts${i ? i + 1 : ''}`);
        await fs.writeFile(file, renderKnownHosts(text, keys));
        return file;
      }),
    );
    return { settings: { knownHostsFiles: [user], globalKnownHostsFiles: globals }, user, globals };
  }

  /** The real ssh, asked nothing, its config only what the case sets. */
  function realSsh(
    server: OracleServer,
    o: { name: string; port: number; user: string; globals: readonly string[]; algorithm?: string; strict?: 'yes' | 'accept-new'; hash?: boolean },
  ): Promise<CommandResult> {
    const options = [
      'BatchMode=yes',
      `StrictHostKeyChecking=${o.strict ?? 'yes'}`,
      `UserKnownHostsFile=${o.user}`,
      `GlobalKnownHostsFile=${o.globals.length ? o.globals.join(' ') : '/dev/null'}`,
      `HashKnownHosts=${o.hash ? 'yes' : 'no'}`,
      'CheckHostIP=no',
      'UpdateHostKeys=no',
      ...(o.algorithm ? [`HostKeyAlgorithms=${o.algorithm}`] : []),
      `ProxyCommand=${process.execPath} ${relay} ${server.port}`,
      `IdentityFile=${userKey}`,
      'IdentitiesOnly=yes',
      'ConnectTimeout=30',
    ];
    const env = { ...process.env };
    delete env.SSH_AUTH_SOCK;
    return runCommand('ssh', ['-F', '/dev/null', ...options.flatMap((opt) => ['-o', opt]), '-p', String(o.port), `${TEST_USER}@${o.name}`, 'true'], { env });
  }

  /** ssh's verdict, from its exit status and what it printed; anything else is the test's failure. */
  function opensshVerdict(r: CommandResult): string {
    if (r.code === 0) return 'ok';
    if (/REVOKED HOST KEY DETECTED/.test(r.stderr)) return 'revoked';
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(r.stderr)) return 'changed';
    if (/host key is known for .* and you have requested strict checking/.test(r.stderr)) return 'unknown';
    return `no host key verdict (exit ${r.code}): ${r.stderr.trim()}`;
  }

  /** ssh2 against the server, offering `algorithms`: the key it was shown and what our code made of it. */
  function builtinDecision(server: OracleServer, algorithms: ServerHostKeyAlgorithm[], decide: (key: Buffer) => Promise<BuiltinVerdict>): Promise<{ verdict: BuiltinVerdict; key: Buffer }> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let decided: { verdict: BuiltinVerdict; key: Buffer } | undefined;
      let failure: Error | undefined;
      const settle = () => (decided ? resolve(decided) : reject(failure ?? new Error('the connection ended before the host key was shown')));
      client.on('error', (e) => (failure ??= e));
      client.on('close', settle);
      client.connect({
        host: '127.0.0.1',
        port: server.port,
        username: TEST_USER,
        algorithms: { serverHostKey: algorithms },
        readyTimeout: 30000,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          decide(key).then(
            (verdict) => {
              decided = { verdict, key };
              // The decision is all we came for.
              verify(false);
            },
            (e: unknown) => {
              failure = e instanceof Error ? e : new Error(String(e));
              verify(false);
            },
          );
        },
      });
    });
  }

  describe('the corpus', () => {
    KNOWN_HOSTS_CORPUS.forEach((c, index) => {
      const builtin = builtinVerdict(c);
      it(`${c.title}: ssh ${c.openssh}${builtin === c.openssh ? ', built-in alike' : `, built-in ${builtin}`}`, async () => {
        const server = c.expiredCertificate ? expired : main;
        const port = c.port ?? 22;
        const { settings, user, globals } = await filesFor(c, index);
        const forced = c.presents === 'negotiated' ? undefined : PRESENTED[c.presents];
        const ssh = await realSsh(server, { name: c.name, port, user, globals, algorithm: forced?.openssh });
        const algorithms = forced ? [forced.builtin as ServerHostKeyAlgorithm] : await orderHostKeyAlgorithms(settings, c.name, port);
        const ours = await builtinDecision(server, algorithms, async (key) => verdictOfStatus(await checkHostKey(settings, c.name, port, key)));
        if (forced) assert.ok(ours.key.equals(keys[forced.key].blob), 'the server showed ssh2 the key the case forces');
        assert.deepStrictEqual({ ssh: opensshVerdict(ssh), builtin: ours.verdict }, { ssh: c.openssh, builtin });
        if (builtin !== 'certificate') assert.strictEqual(ours.verdict, opensshVerdict(ssh), 'the built-in client decides as ssh');
      });
    });
  });

  describe('recording a new host key', () => {
    it('writes the line ssh writes (HashKnownHosts no): lower-cased [host]:port, type and key', async () => {
      const theirs = path.join(dir, 'recorded-by-ssh');
      const ours = path.join(dir, 'recorded-by-us', 'known_hosts');
      const r = await realSsh(main, { name: 'New.Example.COM', port: 2222, user: theirs, globals: [], algorithm: 'ssh-ed25519', strict: 'accept-new' });
      assert.strictEqual(r.code, 0, r.stderr);
      await addHostKey(ours, '[New.Example.COM]:2222', keys.ed25519.blob, { hash: false });
      assert.strictEqual(readFileSync(ours, 'utf8'), readFileSync(theirs, 'utf8'));
      assert.strictEqual((await fs.stat(ours)).mode & 0o777, 0o600);
      assert.strictEqual((await fs.stat(path.dirname(ours))).mode & 0o777, 0o700);
    });

    it('a hashed line we write is found by ssh-keygen -F and trusted by ssh', async () => {
      const ours = path.join(dir, 'hashed-by-us');
      writeFileSync(ours, `other.example.com ${keys['other-ed25519'].type} ${keys['other-ed25519'].base64}`);
      await addHostKey(ours, '[Hashed.Example.com]:2200', keys.ed25519.blob, { hash: true });
      const lines = readFileSync(ours, 'utf8').split('\n');
      assert.strictEqual(lines.length, 3, 'a newline was added before the new line');
      assert.match(lines[1], /^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}= ssh-ed25519 /);
      assert.match(await mustRun('ssh-keygen', ['-F', '[hashed.example.com]:2200', '-f', ours]), /ssh-ed25519/);
      const r = await realSsh(main, { name: 'hashed.example.com', port: 2200, user: ours, globals: [], algorithm: 'ssh-ed25519' });
      assert.strictEqual(opensshVerdict(r), 'ok', r.stderr);
    });

    it('@revoked under the plain name, the host on another port: ssh warns, then records and connects under accept-new; the built-in client refuses', async () => {
      const file = path.join(dir, 'revoked-plain-name');
      const text = `@revoked h.example.com ${keys.ed25519.type} ${keys.ed25519.base64}\n`;
      writeFileSync(file, text);
      const status = await checkHostKey({ knownHostsFiles: [file], globalKnownHostsFiles: [] }, 'h.example.com', 2222, keys.ed25519.blob);
      assert.strictEqual(status.status, 'revoked');
      const r = await realSsh(main, { name: 'h.example.com', port: 2222, user: file, globals: [], algorithm: 'ssh-ed25519', strict: 'accept-new' });
      assert.match(r.stderr, /REVOKED HOST KEY DETECTED/);
      assert.strictEqual(r.code, 0, 'OpenSSH 9.2 connects anyway: the revocation is read only without the port');
      assert.notStrictEqual(readFileSync(file, 'utf8'), text);
    });
  });

  describe('pinging through the built-in client', () => {
    let c: ConnectivityWorld;
    beforeEach(() => (c = new ConnectivityWorld()));
    afterEach(() => c.dispose());

    const known = () => path.join(c.sshDir, 'known_hosts');
    const block = (server: OracleServer, extra = '') =>
      hostBlock('oracle', { hostname: '127.0.0.1', port: server.port, user: TEST_USER, identityFile: userKey, knownHosts: known() }) + extra;

    it('a host known only by its ECDSA key: asked for that key first, as ssh does, and reached', async () => {
      writeFileSync(known(), `[127.0.0.1]:${main.port} ${keys.ecdsa.type} ${keys.ecdsa.base64}\n`);
      c.sshConfig(block(main, '  StrictHostKeyChecking yes\n'));
      const r = await c.ping('ssh://oracle');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    });

    it('only another key type known, accept-new: refused as changed by both clients, nothing recorded', async () => {
      // This server has only its Ed25519 key; known_hosts holds an ECDSA key for it.
      const text = `[127.0.0.1]:${expired.port} ${keys.ecdsa.type} ${keys.ecdsa.base64}\n`;
      writeFileSync(known(), text);
      c.sshConfig(block(expired, '  StrictHostKeyChecking accept-new\n'));
      const r = await c.ping('ssh://oracle', { policy: { acceptUnknownHostKey: true } });
      assert.strictEqual(r.error?.kind, 'ssh-host-key-changed', JSON.stringify(r.error));
      const ssh = await realSsh(expired, { name: '127.0.0.1', port: expired.port, user: known(), globals: [], strict: 'accept-new' });
      assert.strictEqual(opensshVerdict(ssh), 'changed', ssh.stderr);
      assert.strictEqual(readFileSync(known(), 'utf8'), text);
    });

    it('a host a @cert-authority line vouches for: refused with a message naming OpenSSH, never asked about nor recorded', async () => {
      const text = `@cert-authority * ${keys.ca.type} ${keys.ca.base64}\n`;
      writeFileSync(known(), text);
      c.sshConfig(block(main, '  StrictHostKeyChecking accept-new\n'));
      const asked = new ScriptedInteraction({ hostKey: 'save' });
      const r = await c.ping('ssh://oracle', { interaction: asked, policy: { acceptUnknownHostKey: true } });
      assert.strictEqual(r.error?.kind, 'ssh-connection-failed', JSON.stringify(r.error));
      assert.match(r.error.message, /host certificate/);
      assert.match(r.error.hint, /install OpenSSH|dockerContexts\.sshClient/i);
      assert.deepStrictEqual(asked.hostKeyQuestions, []);
      assert.strictEqual(readFileSync(known(), 'utf8'), text);
      // The real ssh trusts it through the certificate.
      const ssh = await realSsh(main, { name: '127.0.0.1', port: main.port, user: known(), globals: [] });
      assert.strictEqual(opensshVerdict(ssh), 'ok', ssh.stderr);
    });

    it('a new host under accept-new: recorded so that ssh-keygen -F finds it and ssh trusts it', async () => {
      c.sshConfig(block(main, '  StrictHostKeyChecking accept-new\n'));
      const r = await c.ping('ssh://oracle');
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.match(await mustRun('ssh-keygen', ['-F', `[127.0.0.1]:${main.port}`, '-f', known()]), /ssh-ed25519/);
      const ssh = await realSsh(main, { name: '127.0.0.1', port: main.port, user: known(), globals: [] });
      assert.strictEqual(opensshVerdict(ssh), 'ok', ssh.stderr);
    });
  });
});
