import * as assert from 'assert';
import { spawn } from 'child_process';
import { createHash } from 'crypto';
import { existsSync, promises as fs, lstatSync, readFileSync, readdirSync, readlinkSync } from 'fs';
import * as http from 'http';
import * as path from 'path';
import { DOCKER_ENGINE, OPENSSH_CLIENT, OPENSSH_SERVER, SUDO, ensureDebianPackages } from '../support/debianPackages';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { waitUntil } from '../support/waitUntil';
import { DOCKER_GROUP, pingUnix, readPid } from '../rig/dockerDaemon';
import { CommandResult, isAlive, mustRun, runCommand } from '../rig/processes';
import { SYSTEM_ENGINE_JOURNAL_DIR, SystemEngine, finishKilledSystemEngineRun, startSystemEngine, systemEngineProcesses } from '../rig/systemEngine';

const SOCKET = '/var/run/docker.sock';
const CONTAINERD_PID_FILE = '/var/run/docker/containerd/containerd.pid';
/** Every path the rig or the product may change, and the ones it must leave as they were. */
const WATCHED = [
  '/etc/docker', '/etc/init.d/docker', '/etc/sudoers.d', '/var/lib/docker', '/var/run/docker', '/var/log/docker.log',
  '/var/run/docker.pid', '/var/run/docker-ssd.pid', SOCKET, '/run/sudo', SYSTEM_ENGINE_JOURNAL_DIR,
];

/** Each path under `root`: type, mode, owner, and for a file its time and a hash of its bytes. */
function treeSnapshot(root: string, out: Record<string, string>): void {
  let stat;
  try {
    stat = lstatSync(root);
  } catch {
    out[root] = 'absent';
    return;
  }
  const head = `${(stat.mode & 0o7777).toString(8)} ${stat.uid}:${stat.gid}`;
  if (stat.isDirectory()) {
    // Not a folder's time: the rig writes sudoers.d's file beside the others and removes it.
    out[`${root}/`] = head;
    for (const name of readdirSync(root).sort()) treeSnapshot(path.join(root, name), out);
  } else if (stat.isSymbolicLink()) out[root] = `${head} -> ${readlinkSync(root)}`;
  else if (stat.isFile()) out[root] = `${head} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(root)).digest('hex')}`;
  else out[root] = `${head} ${stat.isSocket() ? 'socket' : 'special'}`;
}

function machineSnapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of WATCHED) treeSnapshot(p, out);
  out['cgroup hierarchies'] = readdirSync('/sys/fs/cgroup').sort().join(' ');
  out['mounts of the engine'] = readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((l) => /\/(var\/lib|run)\/docker\b/.test(l)).join('\n');
  return out;
}

/** The engine's dockerd and containerd, as their pidfiles name them now. */
function enginePids(): number[] {
  return [readPid('/var/run/docker.pid'), readPid(CONTAINERD_PID_FILE)].filter((p): p is number => p !== undefined);
}

describe('the system engine rig (this machine\'s Docker engine, run by its init script, as a remote host)', () => {
  let original: Record<string, string>;
  let originalInitScript: string;
  let world: TempWorld;
  let engine: SystemEngine | undefined;
  /** Every engine process seen while it ran; none may outlive stop(). */
  const seenPids = new Set<number>();
  let sshdPid: number | undefined;

  function running(): SystemEngine {
    if (!engine) throw new Error('The system engine is not running.');
    return engine;
  }

  /** A command as the admin over the real ssh client, with nothing from the test run's environment. */
  function remote(command: string, input?: string): Promise<CommandResult> {
    const s = running().ssh;
    const args = ['-F', '/dev/null', '-i', s.keyFile, '-o', `UserKnownHostsFile=${s.knownHosts}`, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-p', String(s.port), `${s.user}@127.0.0.1`, command];
    return runCommand('ssh', args, { input, env: { PATH: process.env.PATH, HOME: world.home } });
  }

  before(async () => {
    ensureDebianPackages([DOCKER_ENGINE, OPENSSH_SERVER, OPENSSH_CLIENT, SUDO]);
    world = createTempWorld('drc-sysengine-test-');
    await finishKilledSystemEngineRun();
    original = machineSnapshot();
    originalInitScript = readFileSync('/etc/init.d/docker', 'utf8');
  });
  after(() => world.dispose());

  describe('before it starts', () => {
    it('refuses, changing nothing, while an engine it did not start serves /var/run/docker.sock', async () => {
      assert.ok(!existsSync(SOCKET), `${SOCKET} exists before the test: another engine's?`);
      const foreign = http.createServer((_request, response) => response.end('OK'));
      await new Promise<void>((resolve, reject) => {
        foreign.once('error', reject);
        foreign.listen(SOCKET, resolve);
      });
      try {
        await assert.rejects(startSystemEngine(), /served by a Docker engine this rig did not start/);
      } finally {
        await new Promise<void>((resolve) => foreign.close(() => resolve()));
        await fs.rm(SOCKET, { force: true });
      }
      assert.deepStrictEqual(machineSnapshot(), original);
    });

    it('finishes the restore of a run that was killed, then starts and stops cleanly', async () => {
      const rigModule = path.join(__dirname, '..', 'rig', 'systemEngine.js');
      const script = `require(${JSON.stringify(rigModule)}).startSystemEngine().then(() => { console.log('UP'); setInterval(() => undefined, 1e9); }, (e) => { console.error(e); process.exit(1); });`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitUntil('the child to start the system engine', () => output.includes('UP') || (child.exitCode !== null ? 'ended' : false), { timeoutMs: 45_000, describe: () => output });
      assert.ok(output.includes('UP'), output);
      const journal = JSON.parse(readFileSync(path.join(SYSTEM_ENGINE_JOURNAL_DIR, 'journal.json'), 'utf8')) as { sshdPid: number };
      const leftBehind = [...enginePids(), journal.sshdPid];
      child.kill('SIGKILL');
      await waitUntil('the child to end', () => child.signalCode !== null || child.exitCode !== null);
      assert.ok(await pingUnix(SOCKET), 'the killed run left its engine running');
      assert.ok(leftBehind.every(isAlive), 'the killed run left its engine and sshd running');

      const next = await startSystemEngine();
      try {
        assert.deepStrictEqual(leftBehind.filter(isAlive), [], 'the next run stopped what the killed one left');
        assert.ok(await next.pingUnix());
      } finally {
        await next.stop();
      }
      assert.deepStrictEqual(machineSnapshot(), original);
    });
  });

  describe('while it runs', () => {
    before(async () => {
      const started = Date.now();
      engine = await startSystemEngine();
      console.log(`      system engine up in ${Date.now() - started} ms`);
      enginePids().forEach((p) => seenPids.add(p));
      sshdPid = (JSON.parse(readFileSync(path.join(SYSTEM_ENGINE_JOURNAL_DIR, 'journal.json'), 'utf8')) as { sshdPid: number }).sshdPid;
    });
    after(async () => {
      await engine?.stop();
    });

    it('changes only the ulimit lines of the init script, to the hard limits', () => {
      const before = originalInitScript.split('\n');
      const now = readFileSync('/etc/init.d/docker', 'utf8').split('\n');
      assert.strictEqual(now.length, before.length);
      const changed = now.filter((line, i) => line !== before[i]).map((line) => line.trim());
      assert.deepStrictEqual(changed, ['ulimit -n "$(ulimit -Hn)"', 'ulimit -u "$(ulimit -Hu)"', 'ulimit -p "$(ulimit -Hp)"']);
      assert.strictEqual(readFileSync(running().daemonJsonPath, 'utf8'), running().daemonJsonText);
    });

    it('lets the admin in with its key, and docker there reaches /var/run/docker.sock without DOCKER_HOST', async () => {
      const script = `printf '%s\\n' "\${DOCKER_HOST-unset}"; id -u; id -Gn; docker version --format '{{.Server.Version}}'; docker info --format '{{.DockerRootDir}} {{.Driver}}'`;
      const result = await remote(script);
      assert.strictEqual(result.code, 0, result.stderr);
      const [dockerHost, uid, groups, version, info] = result.stdout.trim().split('\n');
      assert.strictEqual(dockerHost, 'unset');
      assert.notStrictEqual(uid, '0');
      assert.ok(groups?.split(' ').includes(DOCKER_GROUP), groups);
      assert.match(version ?? '', /^\d+\.\d+\.\d+/);
      assert.strictEqual(info, '/var/lib/docker vfs', 'the system engine with the rig\'s daemon.json, not the rig\'s own dockerd');
    });

    it('in password mode, sudo -n fails and the password on stdin makes the command root', async () => {
      const denied = await remote('sudo -n true');
      assert.notStrictEqual(denied.code, 0);
      assert.match(denied.stderr, /password is required/);
      const root = await remote(`sudo -S -k -p '' id -u`, `${running().sudoPassword}\n`);
      assert.deepStrictEqual([root.code, root.stdout, root.stderr], [0, '0\n', '']);
    });

    it('sudo -S takes exactly the password line and leaves the rest of stdin to the command', async () => {
      const read = await remote(`sudo -S -k -p '' sh -c 'IFS= read -r x; printf %s "$x"'`, `${running().sudoPassword}\nline-two\n`);
      assert.deepStrictEqual([read.code, read.stdout], [0, 'line-two']);
      const rest = await remote(`sudo -S -k -p '' cat`, `${running().sudoPassword}\nline-two\nline-three\n`);
      assert.deepStrictEqual([rest.code, rest.stdout], [0, 'line-two\nline-three\n']);
    });

    it('in nopasswd mode, sudo -n works; back in password mode it asks again', async () => {
      await running().setSudo('nopasswd');
      try {
        const root = await remote('sudo -n id -u');
        assert.deepStrictEqual([root.code, root.stdout], [0, '0\n']);
      } finally {
        await running().setSudo('password');
      }
      assert.notStrictEqual((await remote('sudo -n true')).code, 0);
      await mustRun('/usr/sbin/visudo', ['-c']);
    });

    it('restarts through sudo and the init script, and the engine comes back', async () => {
      const pidBefore = readPid('/var/run/docker.pid');
      const started = Date.now();
      const restart = await remote(`sudo -S -k -p '' /etc/init.d/docker restart`, `${running().sudoPassword}\n`);
      assert.strictEqual(restart.code, 0, restart.stderr);
      await waitUntil('the restarted engine to answer', async () => readPid('/var/run/docker.pid') !== pidBefore && (await running().pingUnix()), { timeoutMs: 30_000 });
      console.log(`      restart over ssh + sudo until /_ping answers: ${Date.now() - started} ms`);
      enginePids().forEach((p) => seenPids.add(p));
      assert.ok(pidBefore !== undefined && !isAlive(pidBefore), 'the old dockerd ended');
    });

    it('ensureRunning starts the engine again after it was stopped, and quotes the log when it cannot', async () => {
      const stopped = await remote(`sudo -S -k -p '' service docker stop`, `${running().sudoPassword}\n`);
      assert.strictEqual(stopped.code, 0, stopped.stderr);
      assert.strictEqual(await running().pingUnix(), false);
      await fs.writeFile(running().daemonJsonPath, '{ "iptables": false,');
      try {
        await assert.rejects(running().ensureRunning(), /dockerd ended before it answered[\s\S]*daemon\.json/);
      } finally {
        await fs.writeFile(running().daemonJsonPath, running().daemonJsonText);
      }
      await running().ensureRunning();
      assert.ok(await running().pingUnix());
      enginePids().forEach((p) => seenPids.add(p));
    });

    it('lets a test change /etc/docker as the product would (undone on stop)', async () => {
      await fs.mkdir('/etc/docker/tls', { recursive: true, mode: 0o700 });
      await fs.writeFile('/etc/docker/tls/server-key.pem', 'not a key\n', { mode: 0o600 });
      await fs.writeFile('/etc/docker/daemon.json.drc-backup', running().daemonJsonText);
      await fs.writeFile('/etc/docker/daemon.json', JSON.stringify({ ...(JSON.parse(running().daemonJsonText) as object), tlsverify: true }));
      assert.notDeepStrictEqual(machineSnapshot(), original);
    });
  });

  describe('after stop', () => {
    it('puts back every path byte for byte, and no engine process, sshd or password remains', async () => {
      await engine?.stop();
      assert.ok(engine, 'the engine started');
      assert.ok(seenPids.size >= 6, `engine processes seen: ${[...seenPids].join(' ')}`);
      assert.deepStrictEqual([...seenPids].filter(isAlive), []);
      assert.deepStrictEqual(systemEngineProcesses(), []);
      assert.ok(sshdPid !== undefined && !isAlive(sshdPid), 'the sshd ended');
      assert.strictEqual((await mustRun('getent', ['shadow', engine.ssh.user])).split(':')[1], '*');
      assert.deepStrictEqual(machineSnapshot(), original);
      // A second stop is a no-op.
      await engine.stop();
    });
  });
});
