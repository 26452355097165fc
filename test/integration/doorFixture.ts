import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as net from 'net';
import * as path from 'path';
import { mustRun } from '../rig/processes';
import { waitUntil } from '../support/waitUntil';

/**
 * An image that can run with no registry and no network: /bin/cat and the libraries it loads,
 * imported into the engine that `env` reaches. Its containers echo their stdin, so an attached
 * stream and the end of its input can be seen. Returns the image's name.
 */
export async function importCatImage(env: NodeJS.ProcessEnv, dir: string): Promise<string> {
  const libraries = execFileSync('ldd', ['/bin/cat'], { encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => /(\/\S+)/.exec(line)?.[1] ?? [])
    .map((file) => file.replace(/^\//, ''));
  const tarFile = path.join(dir, 'cat-image.tar');
  // -h stores what the links point at, under the names the loader looks for.
  await mustRun('tar', ['-chf', tarFile, '-C', '/', 'bin/cat', ...libraries]);
  const image = `drc-door-cat:${randomBytes(4).toString('hex')}`;
  await mustRun('docker', ['import', tarFile, image], { env });
  return image;
}

/** `docker events --format '{{json .}}'` running through `env`'s engine, its events as they come. */
export class EventsStream {
  readonly events: Array<{ Type?: string; Action?: string; Actor?: { ID?: string } }> = [];
  readonly process: ChildProcess;
  private stderr = '';
  private exit: number | null | undefined;

  constructor(env: NodeJS.ProcessEnv, since: number) {
    this.process = spawn('docker', ['events', '--format', '{{json .}}', '--since', String(since)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.events.push(JSON.parse(line) as EventsStream['events'][number]);
    });
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.process.once('exit', (code) => (this.exit = code));
  }

  /** Waits for the event of `action` on the object named `id`. */
  waitFor(action: string, id: string): Promise<unknown> {
    return waitUntil(`a "${action}" event of ${id} on the stream`, () => this.events.find((e) => e.Action === action && e.Actor?.ID === id), {
      timeoutMs: 30000,
      describe: () => `${this.events.length} events (${this.events.map((e) => `${e.Type}:${e.Action}`).join(', ')}); exit ${String(this.exit)}; ${this.stderr.trim()}`,
    });
  }

  /** Resolves with its exit code once it has ended. */
  ended(): Promise<number | null> {
    return waitUntil('docker events to end', () => (this.exit !== undefined ? { code: this.exit } : undefined)).then((e) => e.code);
  }

  stop(): void {
    if (this.exit === undefined) this.process.kill();
  }
}

/** A raw connection to a door: bytes written as they are, bytes read as they come. */
export class RawConnection {
  private received = Buffer.alloc(0);
  private ended = false;
  readonly socket: net.Socket;

  constructor(socketPath: string) {
    this.socket = net.connect({ path: socketPath, allowHalfOpen: true });
    this.socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])));
    this.socket.on('end', () => (this.ended = true));
    this.socket.on('error', () => undefined);
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Waits until what came so far holds `text` (from `from` bytes on); returns the bytes up to its end. */
  async waitFor(text: string | Buffer, from = 0): Promise<Buffer> {
    const needle = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const at = await waitUntil(`${JSON.stringify(needle.toString())} from the door`, () => {
      const i = this.received.indexOf(needle, from);
      return i >= 0 ? i : undefined;
    }, { describe: () => JSON.stringify(this.received.subarray(from).toString('latin1').slice(0, 400)) });
    return this.received.subarray(0, at + needle.length);
  }

  /** Waits for the other side's end. */
  waitForEnd(): Promise<true> {
    return waitUntil('the end of the stream', () => this.ended || undefined);
  }

  get bytes(): Buffer {
    return this.received;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The head of an HTTP answer: up to and with its blank line. */
export function answerHead(bytes: Buffer): string {
  const end = bytes.indexOf('\r\n\r\n');
  return bytes.subarray(0, end < 0 ? bytes.length : end + 4).toString('latin1');
}

/** The socket file of a `unix://` endpoint. */
export function socketOf(endpoint: string): string {
  if (!endpoint.startsWith('unix://')) throw new Error(`${endpoint} is not a unix socket`);
  return endpoint.slice('unix://'.length);
}
