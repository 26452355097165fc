import * as vscode from 'vscode';
import { ContextsModel, ContextsSnapshot } from '../contextsModel';
import { DoorPlace, LocalDoor, exposeEngine } from '../core/door/localDoor';
import { ContextError } from '../core/errors';
import { DockerContext } from '../core/store/types';
import { Disposable } from '../lifecycle';
import { Logger } from '../logger';
import { PingRequest, PingService } from '../ping/pingService';

/** An open door as the status bar, the rows and the commands show it. */
export interface OpenDoor {
  /** The context whose engine it opens. */
  readonly name: string;
  /** That context's endpoint when the door was opened. */
  readonly host: string;
  /** What DOCKER_HOST takes to go through it. */
  readonly endpoint: string;
  /** Local connections open now. */
  readonly connections: number;
}

interface Entry {
  readonly door: LocalDoor;
  readonly host: string;
}

/**
 * The local doors of this window, at most one per context: opened by `exposeLocally`, closed by
 * `stopExposing`, when their context is removed or its endpoint changes, and when the extension
 * is deactivated (their sockets and folders removed then too).
 */
export class DoorService extends Disposable {
  private readonly doors = new Map<string, Entry>();
  /** Opens under way, by context, so two calls for one context open one door. */
  private readonly opening = new Map<string, Promise<unknown>>();
  private readonly changed = this._register(new vscode.EventEmitter<readonly string[]>());
  /** Fires with the names of the contexts whose door opened or closed. */
  readonly onDidChange = this.changed.event;
  private readonly connectionsChanged = this._register(new vscode.EventEmitter<string>());
  /** Fires with a context's name when the number of its door's connections changes. */
  readonly onDidChangeConnections = this.connectionsChanged.event;
  private shutDown = false;

  constructor(
    model: ContextsModel,
    private readonly pings: PingService,
    private readonly logger: Logger,
  ) {
    super();
    this._register(model.onDidChange((s) => this.followStore(s)));
    this._register({ dispose: () => this.closeAll() });
  }

  list(): OpenDoor[] {
    return [...this.doors.keys()].sort().map((name) => this.get(name)!);
  }

  get(name: string): OpenDoor | undefined {
    const entry = this.doors.get(name);
    return entry && { name, host: entry.host, endpoint: entry.door.endpoint, connections: entry.door.connections };
  }

  /**
   * Opens a door to `context`'s engine at `place` (a private socket, or a pipe on Windows, when
   * undefined) after checking that the engine answers through it. The door of a context already
   * open is returned as it is when `place` is undefined or names where it is; another place is
   * refused. SSH connections ask `request.interaction`, or nobody (then `request.policy` decides).
   */
  async open(context: DockerContext, place: DoorPlace | undefined, request: PingRequest): Promise<OpenDoor> {
    const { name } = context;
    for (let pending = this.opening.get(name); pending; pending = this.opening.get(name)) await pending.catch(() => undefined);
    const present = this.get(name);
    if (present) {
      if (place === undefined || isAt(present.endpoint, place)) return present;
      throw new ContextError('in-use', vscode.l10n.t('The engine of "{0}" is already exposed at {1}: stop that first.', name, present.endpoint));
    }
    const work = this.openNew(context, place ?? { kind: 'socket' }, request);
    this.opening.set(name, work);
    try {
      return await work;
    } finally {
      this.opening.delete(name);
    }
  }

  /** Closes the door of `name`; false when none was open. */
  async stop(name: string): Promise<boolean> {
    const entry = this.doors.get(name);
    if (!entry) return false;
    this.doors.delete(name);
    const closed = entry.door.close();
    this.logger.info('door', `Closed the door of ${name} at ${entry.door.endpoint}`);
    this.changed.fire([name]);
    await closed;
    return true;
  }

  private async openNew(context: DockerContext, place: DoorPlace, request: PingRequest): Promise<OpenDoor> {
    const { name } = context;
    const door = await exposeEngine({
      context,
      place,
      ssh: (endpoint, signal, pause) => this.pings.sshEngineStream(endpoint, request, signal, pause),
      timeoutMs: this.pings.pingTimeoutMs,
      signal: request.signal,
      onConnections: () => this.doors.get(name)?.door === door && this.connectionsChanged.fire(name),
      log: (m) => this.logger.info('door', m),
    });
    if (this.shutDown) {
      await door.close();
      throw new ContextError('cancelled', 'cancelled');
    }
    this.doors.set(name, { door, host: context.host });
    this.logger.info('door', `Opened a door to ${name} (${context.host}) at ${door.endpoint}`);
    this.changed.fire([name]);
    return this.get(name)!;
  }

  /** Closes the doors whose context is gone or now points elsewhere; a store that could not be read closes none. */
  private followStore(snapshot: ContextsSnapshot): void {
    if (snapshot.problems.length > 0) return;
    const hosts = new Map(snapshot.listing.contexts.map((c) => [c.name, c.host]));
    for (const [name, entry] of [...this.doors]) {
      if (hosts.get(name) === entry.host) continue;
      this.logger.info('door', hosts.has(name) ? `${name} points elsewhere now: closing its door` : `${name} was removed: closing its door`);
      void this.stop(name);
    }
  }

  private closeAll(): void {
    this.shutDown = true;
    for (const { door } of this.doors.values()) void door.close();
    this.doors.clear();
  }
}

/** Whether a door at `endpoint` is where `place` asks for. */
function isAt(endpoint: string, place: DoorPlace): boolean {
  if (place.kind === 'tcp') return endpoint.startsWith('tcp://127.0.0.1:') && (place.port === 0 || endpoint === `tcp://127.0.0.1:${place.port}`);
  if (place.path === undefined) return !endpoint.startsWith('tcp://');
  return endpoint === `unix://${place.path}` || endpoint === `npipe://${place.path.replace(/\\/g, '/')}`;
}
