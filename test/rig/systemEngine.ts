import { randomBytes } from 'crypto';
import { existsSync, promises as fs, mkdtempSync, readFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { DOCKER_ENGINE, OPENSSH_SERVER, SUDO, ensureDebianPackages } from '../support/debianPackages';
import { waitUntil } from '../support/waitUntil';
import { pingUnix, readPid } from './dockerDaemon';
import { isAlive, logTail, mustRun, runCommand } from './processes';
import { SshServer, startSshServer } from './sshServer';
import { ENGINE, Journal, SERVICE_ENV, beginJournal, engineProcesses, readJournal, restoreFromJournal, writeJournal } from './systemEngineRestore';

export { JOURNAL_DIR as SYSTEM_ENGINE_JOURNAL_DIR, engineProcesses as systemEngineProcesses } from './systemEngineRestore';

/** The non-root account that administers the host: key login, the `docker` group, sudo. */
export const SYSTEM_ADMIN_USER = 'drc-admin';

/**
 * The daemon.json the rig writes: what dockerd needs in this sandbox, and one unrelated key
 * (`log-level`) a test can check is kept by whatever edits the file.
 */
export const SYSTEM_DAEMON_JSON = JSON.stringify({ iptables: false, bridge: 'none', 'storage-driver': 'vfs', 'log-level': 'info' }, null, 2) + '\n';

/**
 * This machine's own Docker engine, run the way Debian runs it without systemd (its init script
 * and start-stop-daemon), as the remote host of tests that reconfigure it over SSH and sudo.
 */
export interface SystemEngine {
  /** An sshd on 127.0.0.1 whose sessions do NOT set DOCKER_HOST: `docker` there reaches /var/run/docker.sock. */
  readonly ssh: { readonly port: number; readonly user: string; readonly keyFile: string; readonly knownHosts: string; readonly host: string; readonly logFile: string };
  /** The admin user's account password, which sudo asks for (in 'password' mode). */
  readonly sudoPassword: string;
  readonly daemonJsonPath: '/etc/docker/daemon.json';
  /** Exact text the rig wrote to daemon.json before the tests. */
  readonly daemonJsonText: string;
  readonly socket: '/var/run/docker.sock';
  /** sudo for the admin user: asks the password, or NOPASSWD. Default 'password'. */
  setSudo(mode: 'password' | 'nopasswd'): Promise<void>;
  /** GET /_ping on /var/run/docker.sock answers OK. */
  pingUnix(): Promise<boolean>;
  /** Starts the engine again through the service script if it is down (for tests after a failure). */
  ensureRunning(): Promise<void>;
  /** Stops the engine and restores everything the rig or the product touched; safe to call twice. */
  stop(): Promise<void>;
}

export interface SystemEngineOptions {
  /** The admin account; `drc-admin` unless told. */
  readonly user?: string;
  /** How long a start may take before /_ping answers; 30 s unless told. */
  readonly readyTimeoutMs?: number;
}

const SUDOERS_DIR = '/etc/sudoers.d';

/**
 * The shipped script raises limits beyond this sandbox's hard ones under `set -e`, so it fails
 * before it starts anything. The rig's copy raises them to the hard limits; nothing else differs.
 */
const ULIMIT_LINES: readonly [RegExp, string][] = [
  [/^([ \t]*)ulimit -n 1048576$/m, '$1ulimit -n "$(ulimit -Hn)"'],
  [/^([ \t]*)ulimit -u unlimited$/m, '$1ulimit -u "$(ulimit -Hu)"'],
  [/^([ \t]*)ulimit -p unlimited$/m, '$1ulimit -p "$(ulimit -Hp)"'],
];

function patchInitScript(text: string): string {
  let patched = text;
  for (const [line, replacement] of ULIMIT_LINES) {
    if (!line.test(patched)) throw new Error(`${ENGINE.initScript} is not the script this rig knows (Debian's docker.io 20.10): it has no line matching ${line.source}.`);
    patched = patched.replace(line, replacement);
  }
  return patched;
}

/** Whether anything accepts connections on a unix socket. */
function socketListens(socket: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const client = net.connect({ path: socket });
    const done = (listening: boolean) => {
      client.destroy();
      resolve(listening);
    };
    // A socket that takes a connection and then says nothing still belongs to someone.
    client.setTimeout(timeoutMs, () => done(true));
    client.once('connect', () => done(true));
    client.once('error', () => done(false));
  });
}

/** Refuses when an engine this rig did not start runs: the developer's real Docker is never touched. */
async function refuseForeignEngine(): Promise<void> {
  const processes = engineProcesses();
  if (!(await socketListens(ENGINE.socket)) && processes.length === 0) return;
  const seen = processes.map((p) => `${p.pid} ${p.argv.join(' ')}`).join('; ');
  throw new Error(
    `${ENGINE.socket} is served by a Docker engine this rig did not start${seen ? ` (${seen})` : ''}. ` +
      'The system-engine tests reconfigure and restart the engine behind that socket, so they never run against a real one: stop it, or run them on a throwaway machine.',
  );
}

/**
 * Finishes the restore of an earlier run that was killed before its own (startSystemEngine does
 * this first; a test calls it before it records how the machine looks).
 */
export async function finishKilledSystemEngineRun(): Promise<void> {
  const journal = await readJournal();
  if (!journal) return;
  if (journal.owner.pid === process.pid) throw new Error('A system engine from this process is still running: stop it before starting another.');
  console.log(`      finishing the system-engine restore of process ${journal.owner.pid}, which ended before it did`);
  await restoreFromJournal(journal);
}

function sudoersText(user: string, mode: 'password' | 'nopasswd'): string {
  const rule = mode === 'nopasswd' ? `${user} ALL=(ALL:ALL) NOPASSWD: ALL` : `${user} ALL=(ALL:ALL) ALL`;
  // No lecture: it would otherwise leave state in /var/lib/sudo the first time.
  return `# Written by the Docker Remote Contexts test rig, removed when it stops.\nDefaults:${user} lecture=never\n${rule}\n`;
}

/** Writes the sudoers file under a name sudo skips (it holds a dot), checks it, then renames it into place. */
async function writeSudoers(file: string, tmp: string, user: string, mode: 'password' | 'nopasswd'): Promise<void> {
  await fs.rm(tmp, { force: true });
  await fs.writeFile(tmp, sudoersText(user, mode), { mode: 0o440 });
  try {
    await mustRun('/usr/sbin/visudo', ['-cf', tmp]);
    await fs.rename(tmp, file);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Where sudo will record the admin's timestamps: the outermost of its folders that does not exist yet. */
function sudoTimestamps(user: string): string {
  const candidates = ['/run/sudo', '/run/sudo/ts', `/run/sudo/ts/${user}`];
  return candidates.find((p) => !existsSync(p)) ?? candidates[2];
}

/**
 * The start-stop-daemon PID the init script wrote for this start (not the stale one an earlier,
 * failed start left) has ended, and no dockerd of the engine runs: it ended before it was ready.
 */
function engineEnded(stalePid: number | undefined): boolean {
  const ssdPid = readPid(ENGINE.ssdPidFile);
  return ssdPid !== undefined && ssdPid !== stalePid && !isAlive(ssdPid) && engineProcesses().length === 0;
}

async function ping(): Promise<boolean> {
  return pingUnix(ENGINE.socket).catch(() => false);
}

/** `service docker start`, then waits until /_ping answers, failing early when dockerd ends. */
async function startEngine(timeoutMs: number): Promise<void> {
  const stalePid = readPid(ENGINE.ssdPidFile);
  if (stalePid !== undefined && !isAlive(stalePid)) {
    // This sandbox's PID 1 reaps orphans about a second late, and until then the init script's
    // `status` (kill -0) takes the dead dockerd's zombie for a running engine and starts nothing.
    await waitUntil(`the ended dockerd ${stalePid} to be reaped`, () => !existsSync(`/proc/${stalePid}`), { timeoutMs: 10_000 });
  }
  const started = await runCommand('/usr/sbin/service', ['docker', 'start'], { env: SERVICE_ENV });
  if (started.code !== 0) {
    throw new Error(`service docker start exited with ${started.code}: ${(started.stderr || started.stdout).trim()}\n${ENGINE.log} ends with:\n${logTail(ENGINE.log)}`);
  }
  const state = await waitUntil(
    `the system engine to answer /_ping on ${ENGINE.socket}`,
    async () => ((await ping()) ? 'up' : engineEnded(stalePid) ? 'ended' : false),
    { timeoutMs, everyMs: 50, describe: () => `no answer; ${ENGINE.log} ends with:\n${logTail(ENGINE.log)}` },
  );
  if (state === 'ended') throw new Error(`dockerd ended before it answered on ${ENGINE.socket}. ${ENGINE.log} ends with:\n${logTail(ENGINE.log)}`);
}

/**
 * Turns this machine's system Docker engine into a test host: records every path it or the
 * product may change (a journal in /var/tmp, written before the first change, so a killed run is
 * restored by the next one), installs the init script with workable ulimit lines and a daemon.json,
 * makes an admin user with a password and sudo, starts an sshd for that user, and starts the
 * engine through `service docker start`. Refuses when a real engine serves /var/run/docker.sock.
 */
export async function startSystemEngine(options: SystemEngineOptions = {}): Promise<SystemEngine> {
  ensureDebianPackages([DOCKER_ENGINE, OPENSSH_SERVER, SUDO]);
  const user = options.user ?? SYSTEM_ADMIN_USER;
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const sudoersFile = path.join(SUDOERS_DIR, user);
  const sudoersTmp = path.join(SUDOERS_DIR, `.${user}.drc-tmp`);
  await finishKilledSystemEngineRun();
  await refuseForeignEngine();
  const initScript = patchInitScript(readFileSync(ENGINE.initScript, 'utf8'));
  // The admin user's sshd reads authorized_keys as that user: never under a test's own 0700 temp folder (the host suites set TMPDIR there).
  const sshdDir = mkdtempSync('/tmp/drc-sysengine-');
  let journal: Journal;
  try {
    journal = await beginJournal({
      user,
      sshdDir,
      paths: [
        ENGINE.initScript, ENGINE.configDir, ENGINE.log, ENGINE.dataRoot, ENGINE.execRoot, ENGINE.pidFile, ENGINE.ssdPidFile, ENGINE.socket,
        sudoersFile, sudoersTmp, sudoTimestamps(user),
      ],
    });
  } catch (e) {
    await fs.rm(sshdDir, { recursive: true, force: true });
    throw e;
  }
  let sshd: SshServer | undefined;
  const restore = async () => {
    await sshd?.stop();
    await restoreFromJournal(journal);
  };
  try {
    await fs.writeFile(ENGINE.initScript, initScript);
    await fs.mkdir(ENGINE.configDir, { recursive: true, mode: 0o755 });
    await fs.writeFile(ENGINE.daemonJson, SYSTEM_DAEMON_JSON, { mode: 0o644 });
    // The sshd makes sure the account exists, in the docker group, before the password is set.
    sshd = await startSshServer({ dir: sshdDir, user });
    journal.sshdPid = sshd.pid;
    await writeJournal(journal);
    const sudoPassword = randomBytes(18).toString('base64url');
    await mustRun('chpasswd', [], { input: `${user}:${sudoPassword}\n` });
    await writeSudoers(sudoersFile, sudoersTmp, user, 'password');
    await startEngine(readyTimeoutMs);
    return assemble(sshd, sudoPassword, (mode) => writeSudoers(sudoersFile, sudoersTmp, user, mode), readyTimeoutMs, restore);
  } catch (e) {
    const failed = await restore().then(
      () => '',
      (r: unknown) => `\nThe restore after it failed too: ${r instanceof Error ? r.message : String(r)}`,
    );
    if (e instanceof Error) e.message += failed;
    throw e;
  }
}

function assemble(
  sshd: SshServer,
  sudoPassword: string,
  setSudo: (mode: 'password' | 'nopasswd') => Promise<void>,
  readyTimeoutMs: number,
  restore: () => Promise<void>,
): SystemEngine {
  let stopping: Promise<void> | undefined;
  return {
    ssh: { port: sshd.port, user: sshd.user, keyFile: sshd.keyFile, knownHosts: sshd.knownHosts, host: sshd.host, logFile: sshd.logFile },
    sudoPassword,
    daemonJsonPath: ENGINE.daemonJson,
    daemonJsonText: SYSTEM_DAEMON_JSON,
    socket: ENGINE.socket,
    setSudo,
    pingUnix: ping,
    async ensureRunning() {
      if (await ping()) return;
      await startEngine(readyTimeoutMs);
    },
    stop() {
      // A failed restore may be tried again; a finished one is not repeated.
      stopping ??= restore().catch((e: unknown) => {
        stopping = undefined;
        throw e;
      });
      return stopping;
    },
  };
}
