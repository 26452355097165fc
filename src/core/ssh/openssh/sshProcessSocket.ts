import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { PingFailure } from '../../ping/pingTypes';
import { StdioSocket } from '../stdioSocket';

/** How one ssh process runs: its program, arguments and environment, and how to read its failure. */
export interface SshProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Why the process ended before the engine answered, from its stderr and exit status. */
  readonly failure: (stderr: string, exitCode: number | undefined) => PingFailure;
}

const STDERR_LIMIT = 32 * 1024;
/** A process that does not end on SIGTERM within this long gets SIGKILL. */
const KILL_AFTER_MS = 2000;

/**
 * One `ssh … docker system dial-stdio` process, shaped as the socket Node's HTTP client expects:
 * what is written goes to its stdin, its stdout is what is read. Each HTTP connection is one
 * process, as with the docker CLI. The process runs in a session of its own (no terminal to
 * prompt on: prompts go through SSH_ASKPASS), and is ended by its own id when the socket is
 * destroyed. When it ends before the engine answered, the stream fails with a PingFailure read
 * from ssh's stderr instead of a bare "socket hang up".
 */
export class SshProcessSocket extends StdioSocket {
  readonly process: ChildProcessWithoutNullStreams;
  private readonly failure: SshProcessSpec['failure'];
  private exited = false;

  constructor(spec: SshProcessSpec) {
    const child = spawnSsh(spec);
    super({ stdout: child.stdout, stdin: child.stdin, stderr: child.stderr }, { chars: STDERR_LIMIT, keep: 'last' });
    this.process = child;
    this.failure = spec.failure;
    child.on('error', (e) => this.destroy(e));
    child.on('close', (code) => {
      this.exited = true;
      this.remoteEnded(code ?? undefined);
    });
  }

  protected override earlyFailure(stderr: string, exitCode: number | undefined): PingFailure | undefined {
    return exitCode !== 0 ? this.failure(stderr, exitCode) : undefined;
  }

  /** Writes to a process that has ended fail with EPIPE; its exit says why, from its stderr. */
  protected override streamFailed(): void {
    // The 'close' of the process ends the socket.
  }

  /** Whether the ssh process is still running. */
  get running(): boolean {
    return !this.exited && this.process.exitCode === null && this.process.signalCode === null;
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.running) {
      callback(new Error('ssh has ended'));
      return;
    }
    this.process.stdin.write(chunk, encoding, () => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.process.stdin.destroy();
    if (this.running) endProcessGroup(this.process);
    callback(error);
  }
}

/** Spawns ssh in a session of its own (no terminal to prompt on: prompts go through SSH_ASKPASS), without a window on Windows. */
export function spawnSsh(spec: Pick<SshProcessSpec, 'file' | 'args' | 'env'>): ChildProcessWithoutNullStreams {
  return spawn(spec.file, [...spec.args], { env: spec.env, stdio: 'pipe', detached: process.platform !== 'win32', windowsHide: true });
}

/**
 * Ends ssh and what it started (an askpass helper waiting on a prompt, a ProxyCommand): SIGTERM to
 * its whole process group, SIGKILL if it is still running after a while.
 */
export function endProcessGroup(child: ChildProcessWithoutNullStreams): void {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (!running()) return;
  signalGroup(child, 'SIGTERM');
  const hard = setTimeout(() => running() && signalGroup(child, 'SIGKILL'), KILL_AFTER_MS);
  hard.unref();
  child.once('close', () => clearTimeout(hard));
}

function signalGroup(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): void {
  const pid = child.pid;
  try {
    if (pid !== undefined && process.platform !== 'win32') process.kill(-pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}
