import * as http from 'http';
import type { Duplex } from 'stream';
import { PauseClock } from '../deadline';
import { Endpoint } from '../endpoint';
import { SshDialer } from '../ping/pingContext';
import { DialStdioSocket, dialStdioCommand } from './dialStdio';
import { engineConnectionOf } from './engineConnection';
import { SshSurroundings } from './config/types';
import { SshConnection, connectSsh } from './sshConnect';
import { SshInteraction, SshPolicy } from './sshTypes';
import { IdleClose, agentBusy } from './idleClose';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

export interface SshPoolOptions {
  /** Where ssh would run (home, local user, environment, optional config file); each new connection resolves its hosts afresh from them. */
  readonly surroundings: SshSurroundings;
  /** The agent for hosts whose IdentityAgent names none: SSH_AUTH_SOCK's, or Windows' own (agentSocket). */
  readonly agent: string | undefined;
  /** How long an unused connection stays open (dockerContexts.idleConnectionTimeoutMs). */
  readonly idleMs: number;
  readonly log?: (message: string) => void;
}

interface Entry {
  readonly key: string;
  readonly ready: Promise<{ connection: SshConnection; agent: http.Agent }>;
  /** Its agent, once connected: until then the entry counts as busy. */
  agent?: http.Agent;
  /** Closes the entry when unused for the idle time, never under a request or an open stream. */
  readonly idle: IdleClose;
  /** Raw engine streams open on the connection (a local door's): it stays open while one is. */
  streams: number;
}

/**
 * Keeps SSH connections open for a while after use, with HTTP keep-alive over the
 * `docker system dial-stdio` channel, so that a second ping of a context costs a round trip
 * rather than a handshake.
 */
export class SshConnectionPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: SshPoolOptions) {}

  /** A dialer whose new connections ask `interaction` (or follow `policy` when no one can be asked). */
  dialer(interaction: SshInteraction | undefined, policy: SshPolicy = {}): SshDialer {
    return { agentFor: (endpoint, signal, pause) => this.agentFor(endpoint, signal, interaction, policy, pause) };
  }

  /** Connections open now (for tests and the log). */
  get size(): number {
    return this.entries.size;
  }

  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.close(entry);
  }

  /**
   * One raw engine stream: an exec channel of `docker system dial-stdio` on the pooled connection,
   * opened by the code that opens a ping's HTTP connections. The connection stays open while the
   * stream is, however long, and its idle time starts when the last stream closes.
   */
  async stream(endpoint: SshEndpoint, signal: AbortSignal, interaction: SshInteraction | undefined, policy: SshPolicy, pause?: PauseClock): Promise<Duplex> {
    const { entry, agent } = await this.entryFor(endpoint, signal, interaction, policy, pause);
    // Counted from the channel's request on: an idle time that ends before the server's answer keeps the connection.
    entry.streams++;
    const done = () => {
      entry.streams--;
      entry.idle.released();
    };
    try {
      const socket = await engineConnectionOf(agent);
      socket.once('close', done);
      return socket;
    } catch (e) {
      done();
      throw e;
    }
  }

  private async agentFor(endpoint: SshEndpoint, signal: AbortSignal, interaction: SshInteraction | undefined, policy: SshPolicy, pause: PauseClock | undefined): Promise<http.Agent> {
    return (await this.entryFor(endpoint, signal, interaction, policy, pause)).agent;
  }

  private async entryFor(endpoint: SshEndpoint, signal: AbortSignal, interaction: SshInteraction | undefined, policy: SshPolicy, pause: PauseClock | undefined): Promise<{ entry: Entry; agent: http.Agent }> {
    // A ping that may ask, one that accepts an unknown key once, and one that asks nobody never
    // share a connection, nor wait on one another's attempt: each would inherit the other's answer.
    const mode = interaction ? 'ask' : policy.acceptUnknownHostKey ? 'once' : 'batch';
    const key = `${mode}|${endpoint.user ?? ''}@${endpoint.hostname}:${endpoint.port ?? ''}|${endpoint.socketPath ?? ''}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const created = { key, streams: 0 } as { -readonly [K in keyof Entry]: Entry[K] };
      created.idle = new IdleClose(this.options.idleMs, () => created.streams > 0 || created.agent === undefined || agentBusy(created.agent), () => this.close(created));
      // A connection that ends (not only one that becomes free) may be what the idle close waits for.
      const released = () => setImmediate(() => created.idle.released());
      created.ready = this.open(endpoint, signal, interaction, policy, pause, released).then((opened) => {
        created.agent = opened.agent;
        opened.agent.on('free', () => created.idle.released());
        return opened;
      });
      entry = created;
      this.entries.set(key, created);
      created.ready.then(
        ({ connection }) => connection.client.once('close', () => this.forget(created)),
        () => this.forget(created),
      );
    }
    entry.idle.touch();
    const { agent } = await raceAbort(entry.ready, signal);
    entry.idle.touch();
    return { entry, agent };
  }

  private async open(endpoint: SshEndpoint, signal: AbortSignal, interaction: SshInteraction | undefined, policy: SshPolicy, pause: PauseClock | undefined, released: () => void) {
    const connection = await connectSsh(
      { user: endpoint.user, host: endpoint.hostname, port: endpoint.port },
      { surroundings: this.options.surroundings, agent: this.options.agent, interaction, policy, signal, pause, log: this.options.log },
    );
    const s = connection.settings;
    const where = `${s.user}@${s.hostname}${s.port === 22 ? '' : ':' + s.port}`;
    const command = dialStdioCommand(endpoint.socketPath);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // Each HTTP connection is one exec channel on the shared SSH connection.
    (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, callback: (err: Error | null, socket?: Duplex) => void) => {
      try {
        connection.client.exec(command, (err, channel) => {
          if (err) return callback(err);
          const socket = new DialStdioSocket(channel, where);
          socket.once('close', released);
          callback(null, socket);
        });
      } catch (e) {
        // The SSH connection closed since it was pooled ("Not connected").
        callback(e instanceof Error ? e : new Error(String(e)));
      }
      return undefined;
    };
    this.options.log?.(`connected to ${where}; running "${command}" per HTTP connection`);
    return { connection, agent };
  }

  private close(entry: Entry): void {
    this.forget(entry);
    entry.ready.then(
      ({ connection, agent }) => {
        agent.destroy();
        connection.close();
      },
      () => undefined,
    );
  }

  private forget(entry: Entry): void {
    entry.idle.dispose();
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
