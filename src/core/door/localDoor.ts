import * as net from 'net';
import * as os from 'os';
import type { Duplex } from 'stream';
import { errorMessage } from '../errors';
import { DockerContext } from '../store/types';
import { BoundDoor, DoorPlace, bindDoor } from './doorPlace';
import { EngineStreamOpener, SshStreamOpener, checkEngine, engineRoute } from './engineRoute';
import { spliceStreams } from './spliceStreams';

export type { DoorPlace } from './doorPlace';

export interface LocalDoorOptions {
  /** The context whose engine the door opens, for the log. */
  readonly name: string;
  readonly place: DoorPlace;
  /** Opens one new stream to the engine for each local connection. */
  readonly open: EngineStreamOpener;
  readonly platform?: NodeJS.Platform;
  /** Where the folder of a socket without a given path is made (the system's temporary folder). */
  readonly tmpDir?: string;
  /** Called whenever the number of open connections changes. */
  readonly onConnections?: (count: number) => void;
  readonly log?: (message: string) => void;
}

/** One local connection and the engine stream it was joined to, once that is open. */
interface Passage {
  readonly client: net.Socket;
  readonly opening: AbortController;
  engine?: Duplex;
}

/**
 * A local door to an engine: a listener whose every connection gets a new stream to the engine
 * and is joined to it byte for byte (spliceStreams), so HTTP, its keep-alive, streams (`logs -f`,
 * `events`) and upgraded connections (`exec`, `attach`, BuildKit's session) go through unchanged.
 * Closing it ends every connection and engine stream at once and removes the socket it made.
 */
export class LocalDoor {
  private readonly passages = new Set<Passage>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly bound: BoundDoor,
    private readonly options: LocalDoorOptions,
  ) {
    server.on('connection', (client) => this.accept(client));
    server.on('error', (e) => options.log?.(`door of ${options.name}: ${errorMessage(e)}`));
  }

  /** Opens a door at `options.place`; rejects with a ContextError when the place is taken or may not be used. */
  static async open(options: LocalDoorOptions): Promise<LocalDoor> {
    // Half-open: a client's end (a closed stdin) must not end what the engine still sends back.
    const server = net.createServer({ allowHalfOpen: true });
    try {
      const bound = await bindDoor(server, options.place, {
        platform: options.platform ?? process.platform,
        tmpDir: options.tmpDir ?? os.tmpdir(),
        uid: process.getuid?.(),
      });
      return new LocalDoor(server, bound, options);
    } catch (e) {
      server.close();
      throw e;
    }
  }

  /** What DOCKER_HOST takes to go through the door. */
  get endpoint(): string {
    return this.bound.endpoint;
  }

  /** Local connections open now. */
  get connections(): number {
    return this.passages.size;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Stops listening, cuts every connection and its engine stream (their ssh processes or channels
   * end with them) and removes the socket file and its folder, all before it returns; the promise
   * resolves once the listener has closed.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const p of this.passages) {
      p.opening.abort();
      p.client.destroy();
      p.engine?.destroy();
    }
    this.passages.clear();
    this.bound.removeFiles();
    this.options.onConnections?.(0);
    this.closing = listenerClosed;
    return this.closing;
  }

  private accept(client: net.Socket): void {
    if (this.closing) {
      client.destroy();
      return;
    }
    const passage: Passage = { client, opening: new AbortController() };
    this.passages.add(passage);
    this.changed();
    // What the client sends meanwhile waits in its socket: nothing flows before the engine stream is there.
    const early = () => passage.opening.abort();
    client.on('error', () => undefined);
    client.once('close', early);
    this.options.open(passage.opening.signal).then(
      (engine) => {
        client.off('close', early);
        if (this.closing || client.destroyed) {
          engine.destroy();
          this.forget(passage);
          return;
        }
        passage.engine = engine;
        spliceStreams(client, engine, (e) => {
          if (e) this.options.log?.(`door of ${this.options.name}: a connection ended with ${errorMessage(e)}`);
          this.forget(passage);
        });
      },
      (e: unknown) => {
        if (!passage.opening.signal.aborted) this.options.log?.(`door of ${this.options.name}: no stream to the engine: ${errorMessage(e)}`);
        client.destroy();
        this.forget(passage);
      },
    );
  }

  private forget(passage: Passage): void {
    if (this.passages.delete(passage)) this.changed();
  }

  private changed(): void {
    this.options.onConnections?.(this.passages.size);
  }
}

export interface ExposeRequest {
  readonly context: DockerContext;
  readonly place: DoorPlace;
  /** Needed for ssh:// contexts. */
  readonly ssh?: SshStreamOpener;
  /** How long the first check of the engine may take (a person's time on a prompt not counted). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly platform?: NodeJS.Platform;
  readonly tmpDir?: string;
  readonly onConnections?: (count: number) => void;
  readonly log?: (message: string) => void;
}

/**
 * Opens a local door to a context's engine: checks first that the engine answers `GET /_ping`
 * the way the door's connections will reach it (throwing the PingFailure a ping would report),
 * then listens at the place asked for.
 */
export async function exposeEngine(request: ExposeRequest): Promise<LocalDoor> {
  const route = await engineRoute(request.context, request.ssh);
  await checkEngine(route, request.timeoutMs, request.signal);
  request.signal?.throwIfAborted();
  return LocalDoor.open({ ...request, name: request.context.name, open: route.open });
}
