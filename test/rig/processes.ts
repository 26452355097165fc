import { ChildProcess, execFile, spawn } from 'child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'fs';

/** The result of a command that ran to its end. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end, whatever its exit code; rejects when it cannot start or a signal ends it. */
export function runCommand(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { env: options.env ?? process.env, cwd: options.cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (error && typeof code !== 'number') {
        reject(new Error(`${file} ${args.join(' ')} did not run to its end: ${error.message}`));
        return;
      }
      resolve({ code: typeof code === 'number' ? code : 0, stdout, stderr });
    });
    // A command that does not read its input may close it first.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Runs a command and returns its stdout; a non-zero exit is an error that quotes stderr. */
export async function mustRun(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited with ${result.code}: ${(result.stderr || result.stdout).trim().slice(-1500)}`);
  }
  return result.stdout;
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 25): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Every PID a rig started and has not yet seen end; stopped on exit if a run ends abruptly. */
const living = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', terminateAll);
}

/**
 * Sends SIGTERM to every process the rig started and has not stopped: the last resort when the
 * run ends abruptly. SIGTERM, not SIGKILL, so that dockerd still stops its own containerd.
 */
export function terminateAll(): void {
  for (const pid of living) killQuietly(pid, 'SIGTERM');
}

/** Adds a process the rig did not spawn (a daemon's own child) to those stopped on exit. */
export function adoptPid(pid: number): void {
  installExitHook();
  living.add(pid);
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Whether a process with this PID runs; a zombie (ended, not yet reaped) does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) STATE ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A long-running process of the rig, its output in a log file. */
export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Whether it has ended. */
  readonly exited: boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has ended. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a daemon with stdout and stderr going to `logFile`. The child does not keep the test
 * run alive, and is killed by PID if the run ends before `stop()`.
 */
export function startDaemon(name: string, file: string, args: readonly string[], logFile: string, env: NodeJS.ProcessEnv = process.env): Daemon {
  installExitHook();
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(file, args, { stdio: ['ignore', fd, fd], env });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} (${file}) did not start: ${logTail(logFile)}`);
  living.add(pid);
  let exited = false;
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      living.delete(pid);
      resolve();
    });
    child.once('error', () => {
      exited = true;
      living.delete(pid);
      resolve();
    });
  });
  child.unref();
  return {
    name,
    pid,
    logFile,
    get exited() {
      return exited;
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      killQuietly(pid, 'SIGTERM');
      const timer = setTimeout(() => killQuietly(pid, 'SIGKILL'), graceMs);
      await ended;
      clearTimeout(timer);
    },
  };
}

/** Stops a process this rig did not spawn itself (a daemon's own child) by PID. */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  living.delete(pid);
  if (!isAlive(pid)) return;
  killQuietly(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await delay(50);
  if (isAlive(pid)) killQuietly(pid, 'SIGKILL');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `ready` until it returns true, within `timeoutMs`. Fails early when `daemon` ends, and
 * the error quotes its log.
 */
export async function waitUntilReady(daemon: Daemon, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (daemon.exited) throw new Error(`${daemon.name} ended before it was ready. Its log ends with:\n${logTail(daemon.logFile)}`);
    try {
      if (await ready()) return;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(`${daemon.name} was not ready after ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}. Its log ends with:\n${logTail(daemon.logFile)}`);
    }
    await delay(100);
  }
}
