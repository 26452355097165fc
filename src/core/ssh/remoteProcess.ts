import type { Readable, Writable } from 'stream';
import { PingFailure } from '../ping/pingTypes';

/** How a remote command ended: its exit status, or undefined when it was cut off (a signal, a lost connection). */
export interface RemoteExit {
  readonly code: number | undefined;
  /** The last of what it wrote to stderr. */
  readonly stderr: string;
}

/**
 * A command running on a remote host over SSH, read line by line: the setup steps of an engine
 * speak a small line protocol with the extension (a step done, ready, commit or roll back).
 */
export interface RemoteProcess {
  /** The next line of its stdout without the line break, or undefined once its output has ended. */
  nextLine(): Promise<string | undefined>;
  /** Writes to its stdin. */
  write(text: string): void;
  /** Closes its stdin. */
  endInput(): void;
  /** Resolves when it has ended; rejects with a PingFailure when SSH itself failed (no connection, no login). */
  readonly exit: Promise<RemoteExit>;
  /** Ends it (and, for OpenSSH, the ssh process) now. */
  kill(): void;
}

const STDERR_LIMIT = 16 * 1024;
/** A line longer than this is cut: the protocol's lines are short, a runaway command's are not kept. */
const LINE_LIMIT = 64 * 1024;

/**
 * A RemoteProcess over the three streams of a command, however it was started. `ended` resolves
 * with the exit status once the command has ended and its output is read; `sshFailure` says when
 * that status is SSH's own failure instead of the command's.
 */
export function remoteProcessOf(
  io: { readonly stdout: Readable; readonly stdin: Writable; readonly stderr: Readable },
  ended: Promise<number | undefined>,
  kill: () => void,
  sshFailure: (stderr: string, code: number | undefined) => PingFailure | undefined,
): RemoteProcess {
  let buffered = '';
  let outputEnded = false;
  let stderr = '';
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  const deliver = () => {
    while (waiting.length && (lines.length || outputEnded)) waiting.shift()!(lines.shift());
  };
  io.stdout.setEncoding('utf8');
  io.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let at: number;
    while ((at = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, at).replace(/\r$/, ''));
      buffered = buffered.slice(at + 1);
    }
    if (buffered.length > LINE_LIMIT) buffered = buffered.slice(0, LINE_LIMIT);
    deliver();
  });
  io.stdout.on('end', () => {
    if (buffered) lines.push(buffered);
    buffered = '';
    outputEnded = true;
    deliver();
  });
  io.stderr.setEncoding('utf8');
  io.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_LIMIT)));
  // Heard for their whole life: an 'error' nobody listens to ends the extension host.
  for (const s of [io.stdout, io.stdin, io.stderr]) s.on('error', () => undefined);
  const exit = ended.then((code) => {
    outputEnded = true;
    deliver();
    const failure = sshFailure(stderr, code);
    if (failure) throw failure;
    return { code, stderr };
  });
  // A caller that only reads lines still hears the failure through nextLine's end.
  exit.catch(() => undefined);
  return {
    nextLine: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        deliver();
      }),
    write: (text) => {
      if (!io.stdin.destroyed && io.stdin.writable) io.stdin.write(text);
    },
    endInput: () => {
      if (!io.stdin.destroyed) io.stdin.end();
    },
    exit,
    kill,
  };
}
