import * as os from 'os';
import type { Duplex } from 'stream';
import * as vscode from 'vscode';
import { InFlight } from '../core/inFlight';
import { ContextsModel } from '../contextsModel';
import { PauseClock } from '../core/deadline';
import { EngineAgents } from '../core/ping/engineAgents';
import { PingOptions, pingContext } from '../core/ping/pingContext';
import { PingResult } from '../core/ping/pingTypes';
import { EngineInfoResult } from '../core/engine/engineDetails';
import { fetchEngineInfo } from '../core/engine/engineInfo';
import { agentSocket } from '../core/ssh/sshAuth';
import { SshRoute } from '../core/ssh/sshRoute';
import type { SshAsker, SshClientChoice, SshTransports } from '../core/ssh/sshTransports';
import { sshTransports } from '../core/lazyModules';
import { Endpoint, parseEndpoint } from '../core/endpoint';
import type { RunOnHost } from '../core/provision/hostSession';
import { SshPolicy } from '../core/ssh/sshTypes';
import { DockerEnvironment } from '../core/store/dockerConfigDir';
import { DockerContext } from '../core/store/types';
import { Disposable } from '../lifecycle';
import { Logger } from '../logger';
import { Settings, onDidChangeSettings, readSettings } from '../settings';

export interface PingRequest {
  /** Who answers SSH questions; undefined when no one may be asked. */
  readonly interaction?: SshAsker;
  readonly policy?: SshPolicy;
  readonly signal?: AbortSignal;
  /**
   * A heartbeat (the health watch): its row shows no spinner while it runs and its result goes to
   * the log at debug level; the result is recorded and shown as any other. A ping that joins one
   * under way is logged as that one is.
   */
  readonly quiet?: boolean;
}

/**
 * Pings contexts and remembers the last result of each, for the explorer and the status bar; the
 * engine certificate dates that TLS pings read go to the model's snapshot.
 * Holds the pool of SSH connections and the keep-alive agents of the other transports, so a
 * second ping of a context reuses the first one's connection.
 */
export class PingService extends Disposable {
  /** The last result of each context, and when it came (Date.now() milliseconds). */
  private readonly results = new Map<string, { readonly result: PingResult; readonly at: number }>();
  /** Pings that ask nothing, by context and endpoint, so two callers in the background share one. */
  private readonly inFlight = new InFlight<PingResult>();
  /** How many pings of each context are under way, asking or not. */
  private readonly running = new Map<string, number>();
  private readonly changed = this._register(new vscode.EventEmitter<readonly string[]>());
  /** Fires with the names of the contexts whose result changed. */
  readonly onDidChangeResults = this.changed.event;
  private settings: Settings = readSettings();
  /** Made on first use: the SSH code is loaded by the first SSH ping, not at activation. */
  private sshMade: SshTransports | undefined;
  private agents: EngineAgents;

  constructor(
    private readonly model: ContextsModel,
    private readonly environment: DockerEnvironment,
    private readonly logger: Logger,
    /** Where the askpass helper's script is (dist/askpass-main.js in the extension). */
    private readonly askpassMain: string,
  ) {
    super();
    this.agents = new EngineAgents(this.settings.idleConnectionTimeoutMs);
    this._register({ dispose: () => (void this.sshMade?.dispose(), this.agents.destroy()) });
    this._register(
      onDidChangeSettings((s) => {
        const idleChanged = s.idleConnectionTimeoutMs !== this.settings.idleConnectionTimeoutMs;
        const clientChanged = s.sshClient !== this.settings.sshClient;
        this.settings = s;
        if (idleChanged || clientChanged) {
          void this.sshMade?.dispose();
          this.sshMade = undefined;
        }
        if (idleChanged) {
          this.agents.destroy();
          this.agents = new EngineAgents(s.idleConnectionTimeoutMs);
        }
      }),
    );
    // Forget the results of contexts that are gone or whose endpoint changed. A result for a name
    // not stored yet (a wizard's test before it saves) stays, so the new row shows it at once.
    let stored = new Set<string>();
    this._register(
      model.onDidChange((s) => {
        const hosts = new Map(s.listing.contexts.map((c) => [c.name, c.host]));
        const gone = [...this.results.entries()]
          .filter(([name, { result }]) => (hosts.has(name) ? hosts.get(name) !== result.host : stored.has(name)))
          .map(([n]) => n);
        stored = new Set(hosts.keys());
        for (const name of gone) this.results.delete(name);
        if (gone.length) this.changed.fire(gone);
      }),
    );
  }

  /** The SSH client that serves ssh:// contexts (found on first use). */
  sshClient(): Promise<SshClientChoice> {
    return this.ssh.client();
  }

  /** Where ssh will really connect for an ssh:// host, or undefined for other hosts and when ssh's config cannot be read. */
  async sshRoute(host: string): Promise<SshRoute | undefined> {
    let endpoint;
    try {
      endpoint = parseEndpoint(host);
    } catch {
      return undefined;
    }
    if (endpoint.transport !== 'ssh') return undefined;
    return this.ssh.route(endpoint).catch(() => undefined);
  }

  /**
   * Runs scripts on the host of an ssh:// endpoint with the client that serves SSH contexts, asking
   * `request.interaction` (or nobody, then `request.policy` decides) as a ping would.
   */
  runOnHost(endpoint: Extract<Endpoint, { transport: 'ssh' }>, request: PingRequest = {}): RunOnHost {
    return (script) => this.ssh.runRemote(endpoint, script.command, request.interaction, request.policy ?? {}, request.signal ?? new AbortController().signal);
  }

  /**
   * Opens one raw stream to the engine of an ssh:// endpoint (one `docker system dial-stdio`)
   * through the client that serves SSH, asking `request.interaction` or nobody as a ping would.
   */
  sshEngineStream(endpoint: Extract<Endpoint, { transport: 'ssh' }>, request: PingRequest, signal: AbortSignal, pause?: PauseClock): Promise<Duplex> {
    return this.ssh.openEngineStream(endpoint, request.interaction, request.policy ?? {}, signal, pause);
  }

  /** The ping time limit now (dockerContexts.pingTimeoutMs). */
  get pingTimeoutMs(): number {
    return this.settings.pingTimeoutMs;
  }

  /** The host name or address ssh really connects to for an ssh:// endpoint (HostName, Match… applied). */
  async sshAddress(endpoint: Extract<Endpoint, { transport: 'ssh' }>): Promise<string> {
    const target = (await this.ssh.route(endpoint)).target;
    return target.slice(target.indexOf('@') + 1, target.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  }

  /** Ends every kept connection, SSH and the others: the next ping of each context opens a new one. */
  closeConnections(): void {
    this.sshMade?.closeAll();
    this.agents.destroy();
    this.agents = new EngineAgents(this.settings.idleConnectionTimeoutMs);
  }

  /** The ssh processes this service runs now (for tests). */
  get sshProcessIds(): number[] {
    return this.sshMade?.processIds ?? [];
  }

  lastResult(name: string): PingResult | undefined {
    return this.results.get(name)?.result;
  }

  /** Whether a ping of `name` is under way (its row shows it). */
  isPinging(name: string): boolean {
    return (this.running.get(name) ?? 0) > 0;
  }

  /** When the last result of `name` came (Date.now() milliseconds). */
  lastPingedAt(name: string): number | undefined {
    return this.results.get(name)?.at;
  }

  ping(context: DockerContext, request: PingRequest = {}): Promise<PingResult> {
    return this.pingOne(context, this.options(request), request);
  }

  /**
   * `GET /version` and `GET /info` on the engine of `context`, over the connections pings use (the
   * same keep-alive agents and SSH connections), asking `request.interaction` or nobody as a ping
   * would, within the ping's time limit. Never throws; nothing is recorded here.
   */
  engineInfo(context: DockerContext, request: PingRequest = {}): Promise<EngineInfoResult> {
    return fetchEngineInfo(context, this.options(request));
  }

  /** Pings every context at once; the wall time is about the slowest one. */
  pingAll(contexts: readonly DockerContext[], request: PingRequest = {}): Promise<PingResult[]> {
    const options = this.options(request);
    return Promise.all(contexts.map((c) => this.pingOne(c, options, request)));
  }

  /** One ping, recorded; a ping that asks nothing joins one of the same context already under way. */
  private pingOne(context: DockerContext, options: PingOptions, request: PingRequest): Promise<PingResult> {
    const quiet = request.quiet === true;
    const run = () => {
      if (!quiet) this.countRunning(context.name, +1);
      return pingContext(context, options).then((r) => {
        if (!quiet) this.countRunning(context.name, -1);
        this.record(r, quiet);
        return r;
      });
    };
    if (request.interaction || request.policy || request.signal) return run();
    return this.inFlight.join(`${context.name}\0${context.host}`, run);
  }

  private options(request: PingRequest): PingOptions {
    return {
      timeoutMs: this.settings.pingTimeoutMs,
      signal: request.signal,
      // The SSH code loads when a ping first needs it.
      ssh: { agentFor: (endpoint, signal, pause) => this.ssh.dialer(request.interaction, request.policy).agentFor(endpoint, signal, pause) },
      agents: this.agents,
    };
  }

  private countRunning(name: string, by: 1 | -1): void {
    const count = (this.running.get(name) ?? 0) + by;
    if (count > 0) this.running.set(name, count);
    else this.running.delete(name);
    // A ping that starts shows at once; one that ends shows with its result (record fires).
    if (by > 0 && count === 1) this.changed.fire([name]);
  }

  private record(r: PingResult, quiet: boolean): void {
    if (r.error?.kind === 'cancelled') return;
    this.results.set(r.context, { result: r, at: Date.now() });
    const line = r.ok
      ? `${r.context} (${r.host}): ok in ${r.latencyMs} ms, API ${r.apiVersion ?? '?'}, ${r.osType ?? '?'}${r.insecure ? ', TLS verification OFF' : ''}${r.engineCertificate ? `, engine certificate valid until ${r.engineCertificate.notAfter}` : ''}`
      : `${r.context} (${r.host}): ${r.error?.kind} after ${r.latencyMs} ms: ${r.error?.message} ${r.error?.hint}`;
    if (quiet) this.logger.debug('ping', line);
    else this.logger.info('ping', line);
    // Before the result's own event, so whoever draws the result sees the date too.
    if (r.engineCertificate) this.model.noteEngineCertificate(r.context, r.host, new Date(r.engineCertificate.notAfter));
    this.changed.fire([r.context]);
  }

  /** The Host names of ~/.ssh/config, for the SSH wizard (none when it cannot be read). */
  sshHostAliases(): Promise<string[]> {
    return this.ssh.hostAliases().catch(() => []);
  }

  private get ssh(): SshTransports {
    this.sshMade ??= this.createSsh();
    return this.sshMade;
  }

  private createSsh(): SshTransports {
    const env = this.environment;
    const surroundings = { homeDir: env.homeDir, localUser: localUser(), env: { ...env.env } };
    return new (sshTransports().SshTransports)({
      setting: this.settings.sshClient,
      surroundings,
      platform: env.platform,
      idleMs: this.settings.idleConnectionTimeoutMs,
      // The editor's own program runs the helper as plain Node (ELECTRON_RUN_AS_NODE).
      askpass: { helperMain: this.askpassMain, nodePath: process.execPath, platform: env.platform },
      agent: agentSocket(env.env, env.platform),
      log: (m) => this.logger.info('ssh', m),
    });
  }
}

function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}
