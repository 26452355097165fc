import { existsSync, lstatSync, promises as fs, readFileSync, readdirSync, realpathSync } from 'fs';
import * as path from 'path';
import { mountsUnder, readPid } from './dockerDaemon';
import { isAlive, mustRun, runCommand, stopPid } from './processes';

/**
 * The system engine's paths as Debian's docker.io lays them out when its init script starts it
 * (`dockerd -p /var/run/docker.pid`, every other setting its default).
 */
export const ENGINE = {
  initScript: '/etc/init.d/docker',
  configDir: '/etc/docker',
  daemonJson: '/etc/docker/daemon.json',
  log: '/var/log/docker.log',
  dataRoot: '/var/lib/docker',
  execRoot: '/var/run/docker',
  pidFile: '/var/run/docker.pid',
  ssdPidFile: '/var/run/docker-ssd.pid',
  socket: '/var/run/docker.sock',
  containerdPidFile: '/var/run/docker/containerd/containerd.pid',
} as const;

/** What `service` gives an init script: no variables of the test run. */
export const SERVICE_ENV: NodeJS.ProcessEnv = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

/** Outside /tmp, so that a cleaner of temporary files cannot take the originals before a restore. */
export const JOURNAL_DIR = '/var/tmp/drc-system-engine';
const JOURNAL_FILE = path.join(JOURNAL_DIR, 'journal.json');
/** Who holds the folder while it makes the copies, before the journal exists. */
const OWNER_FILE = path.join(JOURNAL_DIR, 'owner.json');
const BACKUP_DIR = path.join(JOURNAL_DIR, 'backup');
const CGROUP_ROOT = '/sys/fs/cgroup';
/** More than this under the saved paths looks like a real engine's data: the rig will not copy it around. */
const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

/** What a run changed and how to put it back; written before its first change. */
export interface Journal {
  readonly version: 1;
  /** The process that made the changes; while it lives, no other run may touch them. */
  readonly owner: ProcessIdentity;
  /** The admin account, whose password is locked again on restore. */
  readonly user: string;
  /** Each path the run or the product may change; one that existed has a `cp -a` copy in `backup`. */
  readonly paths: readonly { readonly path: string; readonly backup?: string }[];
  /** The names under /sys/fs/cgroup before: the init script mounts the cgroup hierarchies missing there. */
  readonly cgroupEntries: readonly string[];
  /** The sshd's own folder, removed on restore; its PID once it runs. */
  readonly sshdDir: string;
  sshdPid?: number;
}

/** A process as it can be told apart from a later one with the same PID: its start time in this boot. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly bootId: string;
  readonly startTime: string;
}

export function processIdentity(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after "pid (comm)", whose comm may hold spaces.
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    return { pid, bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), startTime };
  } catch {
    return undefined;
  }
}

/** Whether the process that `identity` describes still runs (not merely one with its PID). */
export function stillRuns(identity: ProcessIdentity): boolean {
  const now = processIdentity(identity.pid);
  return isAlive(identity.pid) && now !== undefined && now.bootId === identity.bootId && now.startTime === identity.startTime;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export async function writeJournal(journal: Journal): Promise<void> {
  const tmp = `${JOURNAL_FILE}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(journal, null, 2) + '\n', { mode: 0o600 });
  await fs.rename(tmp, JOURNAL_FILE);
}

function inUse(owner: ProcessIdentity): Error {
  return new Error(`Process ${owner.pid} is using the system engine (see ${JOURNAL_DIR}): tests of the system engine cannot run two at a time on one machine.`);
}

/**
 * The journal a run left, if any. A folder without one is a run still making its copies (in use),
 * or one that died before its first change (removed).
 */
export async function readJournal(): Promise<Journal | undefined> {
  if (!existsSync(JOURNAL_DIR)) return undefined;
  if (!existsSync(JOURNAL_FILE)) {
    const owner = existsSync(OWNER_FILE) ? (JSON.parse(readFileSync(OWNER_FILE, 'utf8')) as ProcessIdentity) : undefined;
    if (owner && stillRuns(owner)) throw inUse(owner);
    await fs.rm(JOURNAL_DIR, { recursive: true, force: true });
    return undefined;
  }
  const journal = JSON.parse(readFileSync(JOURNAL_FILE, 'utf8')) as Journal;
  if (journal.owner.pid !== process.pid && stillRuns(journal.owner)) throw inUse(journal.owner);
  return journal;
}

/**
 * Copies every path that exists (`cp -a`: bytes, modes, owners, times) into the journal folder,
 * then writes the journal. Nothing is changed before this returns.
 */
export async function beginJournal(o: { user: string; paths: readonly string[]; sshdDir: string }): Promise<Journal> {
  const present = o.paths.filter(exists);
  if (present.length > 0) {
    const du = await mustRun('du', ['-sbc', ...present]);
    const total = Number.parseInt(du.trim().split('\n').pop() ?? '0', 10);
    if (total > MAX_BACKUP_BYTES) {
      throw new Error(`${present.join(', ')} hold ${Math.round(total / 1048576)} MB: that looks like a real Docker engine's data, which the system-engine rig does not touch. Run these tests on a throwaway machine.`);
    }
  }
  const owner = processIdentity(process.pid);
  if (!owner) throw new Error('Cannot read /proc/self/stat.');
  // The folder is the lock: made here or not at all.
  try {
    await fs.mkdir(JOURNAL_DIR, { mode: 0o700 });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EEXIST') throw new Error(`Another run is starting the system engine (${JOURNAL_DIR} exists).`, { cause: e });
    throw e;
  }
  try {
    await fs.writeFile(OWNER_FILE, JSON.stringify(owner) + '\n');
    await fs.mkdir(BACKUP_DIR, { mode: 0o700 });
    const paths: { path: string; backup?: string }[] = [];
    for (const [i, p] of o.paths.entries()) {
      if (!exists(p)) {
        paths.push({ path: p });
        continue;
      }
      const backup = String(i);
      await mustRun('cp', ['-a', '--', p, path.join(BACKUP_DIR, backup)]);
      paths.push({ path: p, backup });
    }
    const journal: Journal = { version: 1, owner, user: o.user, paths, cgroupEntries: readdirSync(CGROUP_ROOT).sort(), sshdDir: o.sshdDir };
    await writeJournal(journal);
    return journal;
  } catch (e) {
    // Nothing was changed yet: the copies go with the lock.
    await fs.rm(JOURNAL_DIR, { recursive: true, force: true });
    throw e;
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

/** Whether a process is the init script's dockerd, or its containerd or one of containerd's shims. */
function isEngineProcess(argv: readonly string[]): boolean {
  const execRoots = [`${ENGINE.execRoot}/containerd/`, '/run/docker/containerd/'];
  if (argv.some((a) => execRoots.some((root) => a.startsWith(root)))) return true;
  if (path.basename(argv[0] ?? '') !== 'dockerd') return false;
  const i = argv.findIndex((a) => a === '-p' || a === '--pidfile');
  return i >= 0 && [ENGINE.pidFile, '/run/docker.pid'].includes(argv[i + 1] ?? '');
}

/** The running processes of the system engine: its dockerd, containerd and shims. */
export function engineProcesses(): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const argv = cmdline(pid);
    if (isEngineProcess(argv) && isAlive(pid)) found.push({ pid, argv });
  }
  return found;
}

/**
 * Stops the engine with its init script, then by PID whatever of it survived. The script's exit
 * code alone is no failure: it exits 1 when a stale pidfile names an engine that already ended.
 */
async function stopEngine(): Promise<void> {
  const pidFilePids = [ENGINE.pidFile, ENGINE.ssdPidFile, ENGINE.containerdPidFile].map(readPid);
  let said = '';
  if (existsSync(ENGINE.initScript) && (existsSync(ENGINE.ssdPidFile) || engineProcesses().length > 0)) {
    const result = await runCommand('/usr/sbin/service', ['docker', 'stop'], { env: SERVICE_ENV });
    said = `service docker stop exited with ${result.code}: ${(result.stderr || result.stdout).trim()}`;
  }
  const pids = new Set([...pidFilePids.filter((p): p is number => p !== undefined), ...engineProcesses().map((p) => p.pid)]);
  // The start-stop-daemon PID is dockerd's own; a PID reused by something else is left alone.
  for (const pid of pids) if (isEngineProcess(cmdline(pid))) await stopPid(pid);
  const left = engineProcesses();
  if (left.length > 0) throw new Error(`engine processes survived (${said}): ${left.map((p) => `${p.pid} ${p.argv.join(' ')}`).join('; ')}`);
}

function realPathOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.join(realpathSync(path.dirname(p)), path.basename(p));
  }
}

/** Unmounts what dockerd left mounted under its roots (it bind-mounts its data root onto itself). */
async function unmountRoots(): Promise<void> {
  for (const root of [ENGINE.dataRoot, ENGINE.execRoot]) {
    for (const mountPoint of mountsUnder(realPathOf(root))) await mustRun('umount', [mountPoint]);
  }
}

/** Unmounts and removes the cgroup hierarchies the init script's cgroupfs_mount added. */
async function restoreCgroups(before: readonly string[]): Promise<void> {
  const added = readdirSync(CGROUP_ROOT).filter((name) => !before.includes(name));
  const mounted = new Set(mountsUnder(CGROUP_ROOT));
  for (const name of added) {
    const p = path.join(CGROUP_ROOT, name);
    if (mounted.has(p)) await mustRun('umount', [p]);
    await fs.rmdir(p);
  }
}

async function restorePath(saved: Journal['paths'][number]): Promise<void> {
  await fs.rm(saved.path, { recursive: true, force: true });
  if (saved.backup !== undefined) await mustRun('cp', ['-a', '--', path.join(BACKUP_DIR, saved.backup), saved.path]);
}

async function stopSshd(journal: Journal): Promise<void> {
  const pid = journal.sshdPid;
  // Only the rig's own sshd: its command line (which sshd rewrites into its title) names its folder.
  if (pid !== undefined && cmdline(pid).some((a) => a.includes(journal.sshdDir))) await stopPid(pid);
  await fs.rm(journal.sshdDir, { recursive: true, force: true });
}

async function lockPassword(user: string): Promise<void> {
  if ((await runCommand('getent', ['passwd', user])).code === 0) await mustRun('usermod', ['-p', '*', user]);
}

/**
 * Stops the rig's sshd and the engine (and whatever of it survived, by PID), unmounts what it
 * mounted, puts every saved path back as it was, locks the admin's password again, and only
 * when all of that worked removes the journal. Every step is tried; the error lists the failures.
 */
export async function restoreFromJournal(journal: Journal): Promise<void> {
  const errors: string[] = [];
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (e) {
      errors.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  await attempt('stopping the rig sshd', () => stopSshd(journal));
  await attempt('stopping the engine', stopEngine);
  if (engineProcesses().length === 0) {
    await attempt('unmounting the engine roots', unmountRoots);
    for (const saved of journal.paths) await attempt(`restoring ${saved.path}`, () => restorePath(saved));
    await attempt('removing the cgroup mounts of the init script', () => restoreCgroups(journal.cgroupEntries));
  }
  await attempt(`locking the password of ${journal.user}`, () => lockPassword(journal.user));
  if (errors.length > 0) {
    throw new Error(`The system engine was not fully restored; ${JOURNAL_FILE} stays for the next run to finish:\n${errors.join('\n')}`);
  }
  await fs.rm(JOURNAL_DIR, { recursive: true, force: true });
}
