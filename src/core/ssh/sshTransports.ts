import * as http from 'http';
import type { Duplex } from 'stream';
import { PauseClock } from '../deadline';
import { Endpoint } from '../endpoint';
import { SshDialer } from '../ping/pingContext';
import { PingFailure } from '../ping/pingTypes';
import { AskpassServer, AskpassServerOptions } from './askpass/askpassServer';
import { OpenSshClient, findOpenSsh } from './openssh/findOpenSsh';
import { OpenSshConnections, SshPromptAnswerer } from './openssh/opensshConnections';
import { SshConnectionPool } from './sshPool';
import { runBuiltin } from './builtinRemote';
import { RemoteProcess } from './remoteProcess';
import { configFileFor, resolveSshHost } from './sshResolve';
import { SshRoute, hostPort } from './sshRoute';
import { resolveSshChain } from './sshResolve';
import { loadSshConfig } from './sshConfig';
import { SshInteraction, SshPolicy } from './sshTypes';
import { SshSurroundings } from './config/types';
import * as l10n from '@vscode/l10n';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

/** How long a resolved route is reused (a tooltip and Inspect opened together ask once). */
const ROUTE_CACHE_MS = 10_000;

/** `dockerContexts.sshClient`: OpenSSH when a recent one is installed, always, or the built-in client. */
export type SshClientSetting = 'auto' | 'openssh' | 'builtin';

/** Who answers SSH's questions for a ping that may ask: the built-in client's, and ssh's through askpass. */
export type SshAsker = SshInteraction & SshPromptAnswerer;

/** Which client serves SSH contexts, and why, for the log, Inspect and the README's promise. */
export type SshClientChoice =
  | { readonly kind: 'openssh'; readonly client: OpenSshClient }
  | { readonly kind: 'builtin'; readonly why: string }
  | { readonly kind: 'missing'; readonly why: string };

export interface SshTransportsOptions {
  readonly setting: SshClientSetting;
  /** Where ssh finds its config, keys and agent: HOME, the local user, the environment. */
  readonly surroundings: SshSurroundings & { readonly env: NodeJS.ProcessEnv };
  readonly platform: NodeJS.Platform;
  /** How long an unused connection stays open (dockerContexts.idleConnectionTimeoutMs). */
  readonly idleMs: number;
  /** How to run the askpass helper that brings ssh's prompts to the editor. */
  readonly askpass: AskpassServerOptions;
  readonly agent: string | undefined;
  readonly log?: (message: string) => void;
}

/** Decides the client from the setting and what is installed: `auto` takes OpenSSH 8.4 or later. */
export async function chooseSshClient(setting: SshClientSetting, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Promise<SshClientChoice> {
  if (setting === 'builtin') return { kind: 'builtin', why: l10n.t('dockerContexts.sshClient is "builtin"') };
  const client = await findOpenSsh({ platform, env });
  if (client) return { kind: 'openssh', client };
  const why = l10n.t('no OpenSSH client 8.4 or later was found on the PATH');
  return setting === 'openssh' ? { kind: 'missing', why } : { kind: 'builtin', why };
}

/**
 * The SSH transports of the extension: OpenSSH run as the docker CLI runs it when the setting and
 * the machine allow, else the built-in client. Each is created on the first SSH ping and holds its
 * own keep-alive connections; prompts of OpenSSH come through an askpass channel started with it.
 */
export class SshTransports {
  private choice: Promise<SshClientChoice> | undefined;
  private openssh: { connections: OpenSshConnections; askpass: AskpassServer | undefined } | undefined;
  private builtin: SshConnectionPool | undefined;
  private disposed = false;
  private readonly routes = new Map<string, { readonly route: Promise<SshRoute>; readonly at: number }>();

  constructor(private readonly options: SshTransportsOptions) {}

  /** The client that serves SSH contexts now (found on first use). */
  client(): Promise<SshClientChoice> {
    this.choice ??= chooseSshClient(this.options.setting, this.options.platform, this.options.surroundings.env).then((c) => {
      this.options.log?.(c.kind === 'openssh' ? `SSH through ${c.client.file} (${c.client.banner})` : c.kind === 'builtin' ? `SSH through the built-in client: ${c.why}` : `SSH unavailable: ${c.why}`);
      return c;
    });
    return this.choice;
  }

  /** Where ssh will really connect for `endpoint`, resolved by the client that serves it (cached for a few seconds). */
  async route(endpoint: Pick<SshEndpoint, 'user' | 'hostname' | 'port'>): Promise<SshRoute> {
    const key = `${endpoint.user ?? ''}@${endpoint.hostname}:${endpoint.port ?? ''}`;
    const cached = this.routes.get(key);
    if (cached && Date.now() - cached.at < ROUTE_CACHE_MS) return cached.route;
    const choice = await this.client();
    const route = sshRoute(endpoint, { ...this.options.surroundings, ...(choice.kind === 'openssh' ? { sshPath: choice.client.file } : {}) });
    // Routes of hosts no longer looked at go once they are stale, so the cache stays as small as the hosts in use.
    for (const [k, v] of this.routes) if (Date.now() - v.at >= ROUTE_CACHE_MS) this.routes.delete(k);
    this.routes.set(key, { route, at: Date.now() });
    route.catch(() => this.routes.delete(key));
    return route;
  }

  /** The Host names of ~/.ssh/config without wildcards, for the SSH wizard. */
  async hostAliases(): Promise<string[]> {
    return (await loadSshConfig(this.options.surroundings)).hostAliases();
  }

  /** A dialer for one ping: it asks `asker`, or nobody (then `policy` decides) when undefined. */
  dialer(asker: SshAsker | undefined, policy: SshPolicy = {}): SshDialer {
    return { agentFor: (endpoint, signal, pause) => this.agentFor(endpoint, signal, pause, asker, policy) };
  }

  /**
   * Runs `command` on the host of an ssh:// endpoint with the client that serves SSH contexts,
   * asking `asker` (or nobody, then `policy` decides) as a ping would. SSH's own failures reject
   * `exit` (or this call) with the same PingFailure kinds as a ping's.
   */
  async runRemote(endpoint: SshEndpoint, command: string, asker: SshAsker | undefined, policy: SshPolicy, signal: AbortSignal): Promise<RemoteProcess> {
    const choice = await this.usableClient();
    if (choice.kind === 'builtin') {
      return runBuiltin(endpoint, command, { surroundings: this.options.surroundings, agent: this.options.agent, interaction: asker, policy, signal, log: this.options.log });
    }
    const openssh = await this.opensshFor(choice.client);
    return openssh.connections.run(endpoint, command, asker, policy);
  }

  /** Connections the built-in client holds open now, for tests. */
  get builtinConnections(): number {
    return this.builtin?.size ?? 0;
  }

  /**
   * Opens one raw stream to the engine of an ssh:// endpoint: one `docker system dial-stdio`,
   * exactly what one HTTP connection of a ping rides on, through the client that serves SSH and
   * asking `asker` (or nobody, then `policy` decides). The connection under it stays open while
   * the stream is; destroying the stream ends its ssh process or channel.
   */
  async openEngineStream(endpoint: SshEndpoint, asker: SshAsker | undefined, policy: SshPolicy, signal: AbortSignal, pause?: PauseClock): Promise<Duplex> {
    const choice = await this.usableClient();
    if (choice.kind === 'builtin') return this.builtinPool().stream(endpoint, signal, asker, policy, pause);
    const openssh = await this.opensshFor(choice.client);
    return openssh.connections.stream(endpoint, asker, policy, pause);
  }

  /** ssh processes running now (OpenSSH), for tests. */
  get processIds(): number[] {
    return this.openssh?.connections.processIds ?? [];
  }

  /** Ends every connection; the next ping opens new ones. */
  closeAll(): void {
    this.openssh?.connections.closeAll();
    this.builtin?.closeAll();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.closeAll();
    await this.openssh?.askpass?.dispose();
    this.openssh = undefined;
  }

  /** The client that serves SSH contexts, or the failure that says none can. */
  private async usableClient(): Promise<Exclude<SshClientChoice, { kind: 'missing' }>> {
    const choice = await this.client();
    if (this.disposed) throw new PingFailure('cancelled', l10n.t('The extension is shutting down.'), '');
    if (choice.kind === 'missing') {
      throw new PingFailure(
        'ssh-connection-failed',
        l10n.t('SSH contexts need the OpenSSH client here: {0}.', choice.why),
        l10n.t('Install OpenSSH 8.4 or later (on Windows: the optional feature "OpenSSH Client"), or set dockerContexts.sshClient to "auto" or "builtin".'),
      );
    }
    return choice;
  }

  private async agentFor(endpoint: SshEndpoint, signal: AbortSignal, pause: PauseClock | undefined, asker: SshAsker | undefined, policy: SshPolicy): Promise<http.Agent> {
    const choice = await this.usableClient();
    if (choice.kind === 'builtin') return this.builtinPool().dialer(asker, policy).agentFor(endpoint, signal, pause);
    const openssh = await this.opensshFor(choice.client);
    return openssh.connections.dialer(asker, policy).agentFor(endpoint, signal, pause);
  }

  private builtinPool(): SshConnectionPool {
    this.builtin ??= new SshConnectionPool({ surroundings: this.options.surroundings, agent: this.options.agent, idleMs: this.options.idleMs, log: this.options.log });
    return this.builtin;
  }

  private async opensshFor(client: OpenSshClient): Promise<{ connections: OpenSshConnections; askpass: AskpassServer | undefined }> {
    if (this.openssh) return this.openssh;
    const { surroundings, idleMs, log } = this.options;
    const askpass = await AskpassServer.start(this.options.askpass).catch((e: unknown) => (log?.(`prompts unavailable: ${String(e)}`), undefined));
    if (this.openssh) {
      void askpass?.dispose();
      return this.openssh;
    }
    if (this.disposed) {
      void askpass?.dispose();
      throw new PingFailure('cancelled', l10n.t('The extension is shutting down.'), '');
    }
    const connections = new OpenSshConnections({
      client,
      askpass,
      env: { ...surroundings.env, HOME: surroundings.homeDir },
      idleMs,
      configFileOf: () => configFileFor(surroundings),
      knownHostsFilesOf: async (e) => (await resolveSshHost({ host: e.hostname, user: e.user, port: e.port }, { ...surroundings, sshPath: client.file })).knownHostsFiles,
      log,
    });
    this.openssh = { connections, askpass };
    return this.openssh;
  }
}

/** The route of `endpoint` as ssh resolves it in `where`; `sshPath` null uses the built-in parser. */
async function sshRoute(endpoint: Pick<SshEndpoint, 'user' | 'hostname' | 'port'>, where: SshSurroundings, signal?: AbortSignal): Promise<SshRoute> {
  const chain = await resolveSshChain({ host: endpoint.hostname, user: endpoint.user, port: endpoint.port }, where, signal);
  const target = chain[chain.length - 1];
  return { target: hostPort(target), jumps: chain.slice(0, -1).map(hostPort), proxyCommand: target.proxyCommand, source: target.source };
}
