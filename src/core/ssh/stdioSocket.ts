import { Duplex, Readable, Writable } from 'stream';
import { PingFailure } from '../ping/pingTypes';

/** The three streams of a remote `docker system dial-stdio`, however it was started. */
export interface StdioStreams {
  /** What the engine answers. */
  readonly stdout: Readable;
  /** What goes to the engine. */
  readonly stdin: Writable;
  /** Why it failed, when it does. */
  readonly stderr: Readable;
}

/** How much of stderr a socket keeps to read a failure from: the first or the last characters. */
export interface StderrLimit {
  readonly chars: number;
  readonly keep: 'first' | 'last';
}

/**
 * A remote `docker system dial-stdio` shaped as the socket Node's HTTP client expects: what is
 * written goes to its stdin, its stdout is what is read, and its stderr is kept. When it ends
 * before the engine answered, the stream fails with the PingFailure `earlyFailure` reads from
 * that stderr instead of a bare "socket hang up".
 */
export abstract class StdioSocket extends Duplex {
  private stderrText = '';
  private answered = false;

  protected constructor(
    protected readonly io: StdioStreams,
    private readonly stderrLimit: StderrLimit,
  ) {
    super();
    io.stdout.on('data', (chunk: Buffer) => {
      this.answered = true;
      if (!this.push(chunk)) io.stdout.pause();
    });
    io.stderr.on('data', (chunk: Buffer) => this.keepStderr(chunk.toString('utf8')));
    // Every stream underneath is heard for its whole life: an 'error' nobody listens to ends the process.
    for (const stream of new Set([io.stdout, io.stdin, io.stderr])) stream.on('error', (e: Error) => this.streamFailed(e));
  }

  /** A stream underneath failed: by default this socket fails with it. */
  protected streamFailed(e: Error): void {
    if (!this.destroyed) this.destroy(e);
  }

  /** Why the remote side ended before the engine answered, or undefined when that is no failure. */
  protected abstract earlyFailure(stderr: string, exitCode: number | undefined): PingFailure | undefined;

  /** To be called once the remote side has ended: ends the stream, or fails it when the engine never answered. */
  protected remoteEnded(exitCode: number | undefined): void {
    if (this.destroyed) return;
    const failure = this.answered ? undefined : this.earlyFailure(this.stderrText, exitCode);
    if (failure) this.destroy(failure);
    else this.push(null);
  }

  private keepStderr(text: string): void {
    const { chars, keep } = this.stderrLimit;
    if (keep === 'last') this.stderrText = (this.stderrText + text).slice(-chars);
    else if (this.stderrText.length < chars) this.stderrText += text;
  }

  override _read(): void {
    this.io.stdout.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.io.stdin.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.io.stdin.end();
    callback();
  }

  // What Node's HTTP agent calls on a socket; a stream to a remote command has no such knobs.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}
