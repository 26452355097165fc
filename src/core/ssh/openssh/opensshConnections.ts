import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { PauseClock } from '../../deadline';
import { errorMessage } from '../../errors';
import { PingFailure } from '../../ping/pingTypes';
import * as l10n from '@vscode/l10n';
import { Endpoint } from '../../endpoint';
import { SshDialer } from '../../ping/pingContext';
import { AskpassPrompt, AskpassServer } from '../askpass/askpassServer';
import { OpenSshClient } from './findOpenSsh';
import { opensshFailure } from './opensshFailures';
import { SshArgsOptions, dialStdioArgs, sshArgs } from './sshArgs';
import { SshProcessSocket, endProcessGroup, spawnSsh } from './sshProcessSocket';
import { IdleClose, agentBusy } from '../idleClose';
import { endpointWhere } from '../sshRoute';
import { RemoteProcess, remoteProcessOf } from '../remoteProcess';
import type { ChildProcessWithoutNullStreams } from 'child_process';
import type { Duplex } from 'stream';
import { engineConnectionOf } from '../engineConnection';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

/** Answers ssh's prompts (host key, passphrase, password, codes) for one kind of caller. */
export interface SshPromptAnswerer {
  answer(prompt: AskpassPrompt & { readonly where: string }): Promise<string | undefined>;
}

export interface OpenSshConnectionsOptions {
  readonly client: OpenSshClient;
  /** Where prompts go; without it every connection asks nobody. */
  readonly askpass?: AskpassServer;
  /** The environment ssh runs in (HOME, SSH_AUTH_SOCK, PATH…). */
  readonly env: NodeJS.ProcessEnv;
  /** How long an unused connection's processes stay open (dockerContexts.idleConnectionTimeoutMs). */
  readonly idleMs: number;
  /** A config file for `ssh -F` instead of ~/.ssh/config (tests: ssh finds ~ in the user database, not in HOME). */
  readonly configFile?: string;
  /** Or decides it afresh for each new connection (the file may appear after the first ping). */
  readonly configFileOf?: () => Promise<string | undefined>;
  /** The user's known_hosts files for an endpoint as ssh resolves them (`ssh -G`), for connections that accept an unknown key once. */
  readonly knownHostsFilesOf?: (endpoint: SshEndpoint) => Promise<readonly string[]>;
  readonly log?: (message: string) => void;
}

/** How a connection that no person answers treats a host key that known_hosts does not list. */
export interface OpenSshPolicy {
  /** Accept it for this connection only; never written to the user's known_hosts. */
  readonly acceptUnknownHostKey?: boolean;
}

interface Entry {
  readonly key: string;
  readonly agent: http.Agent;
  /** Connections whose ssh arguments are being prepared. */
  starting: number;
  /** Raw engine streams of the entry still open (a local door's): it is busy while one is. */
  streams: number;
  /** The throwaway known_hosts file of a connection that accepts an unknown key once. */
  scratch?: string;
  /** The latest caller that may be asked, and its clock: prompts of new processes go to it. */
  asker?: { readonly answerer: SshPromptAnswerer; readonly pause?: PauseClock };
  /** Closes the entry when unused for the idle time, never under a request. */
  readonly idle: IdleClose;
}

/**
 * Engine connections through the system's OpenSSH client, run exactly as the docker CLI runs it:
 * one `ssh … docker system dial-stdio` process per HTTP connection, kept alive for the next
 * request and ended by its own id when idle, on close and on dispose. The user's config, agent,
 * certificates, ProxyCommand, Match and ControlMaster apply because ssh applies them. Pings that
 * may ask somebody and pings that may not never share a process: the latter run with BatchMode.
 */
export class OpenSshConnections {
  private readonly entries = new Map<string, Entry>();
  private readonly live = new Set<SshProcessSocket>();
  /** Commands started by `run`, still running. */
  private readonly runs = new Set<ChildProcessWithoutNullStreams>();

  constructor(private readonly options: OpenSshConnectionsOptions) {}

  private scratchDir: Promise<string> | undefined;

  /** A dialer whose connections ask `answerer`, or nobody when it is undefined (then `policy` decides). */
  dialer(answerer: SshPromptAnswerer | undefined, policy: OpenSshPolicy = {}): SshDialer {
    return { agentFor: (endpoint, _signal, pause) => Promise.resolve(this.agentFor(endpoint, answerer, policy, pause)) };
  }

  /** ssh processes running now. */
  get processCount(): number {
    return [...this.live].filter((s) => s.running).length;
  }

  /** The ids of the ssh processes running now (for tests and the log). */
  get processIds(): number[] {
    return [...[...this.live].filter((s) => s.running).map((s) => s.process), ...this.runs].map((p) => p.pid ?? -1);
  }

  closeAll(): void {
    for (const child of this.runs) endProcessGroup(child);
    for (const entry of [...this.entries.values()]) this.close(entry);
    for (const socket of this.live) socket.destroy();
    const dir = this.scratchDir;
    this.scratchDir = undefined;
    void dir?.then((d) => fs.rm(d, { recursive: true, force: true })).catch(() => undefined);
  }

  /**
   * One raw engine stream: one `ssh … docker system dial-stdio` process, started by the code that
   * starts a ping's HTTP connections, with the same config, prompts and host-key policy. It is
   * ended on closeAll and counted in `processIds`; the entry counts as busy while it runs.
   */
  async stream(endpoint: SshEndpoint, answerer: SshPromptAnswerer | undefined, policy: OpenSshPolicy = {}, pause?: PauseClock): Promise<Duplex> {
    const entry = this.entryFor(endpoint, answerer, policy, pause);
    entry.streams++;
    try {
      const socket = await engineConnectionOf(entry.agent);
      socket.once('close', () => {
        entry.streams--;
        entry.idle.released();
      });
      return socket;
    } catch (e) {
      entry.streams--;
      throw e;
    }
  }

  private agentFor(endpoint: SshEndpoint, answerer: SshPromptAnswerer | undefined, policy: OpenSshPolicy, pause: PauseClock | undefined): http.Agent {
    return this.entryFor(endpoint, answerer, policy, pause).agent;
  }

  private entryFor(endpoint: SshEndpoint, answerer: SshPromptAnswerer | undefined, policy: OpenSshPolicy, pause: PauseClock | undefined): Entry {
    const asks = this.options.askpass !== undefined && answerer !== undefined;
    const once = !asks && policy.acceptUnknownHostKey === true;
    const key = `${asks ? 'ask' : once ? 'once' : 'batch'}|${endpoint.user ?? ''}@${endpoint.hostname}:${endpoint.port ?? ''}|${endpoint.socketPath ?? ''}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.open(key, endpoint, asks, once);
      this.entries.set(key, entry);
    }
    if (asks && answerer) entry.asker = { answerer, pause };
    entry.idle.touch();
    return entry;
  }

  private open(key: string, endpoint: SshEndpoint, asks: boolean, once: boolean): Entry {
    const where = endpointWhere(endpoint);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const entry: Entry = { key, agent, starting: 0, streams: 0, idle: new IdleClose(this.options.idleMs, () => entry.streams > 0 || agentBusy(agent, entry.starting), () => this.close(entry)) };
    agent.on('free', () => entry.idle.released());
    let args: Promise<string[]> | undefined;
    const argsOf = () => (args ??= this.argsFor(endpoint, entry, asks, once, where));
    // Each HTTP connection is one ssh process.
    (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, callback: (err: Error | null, socket?: SshProcessSocket) => void) => {
      entry.starting++;
      argsOf().then(
        (a) => {
          entry.starting--;
          // Closed while the arguments were prepared: start nothing that no one would end.
          if (this.entries.get(key) !== entry) callback(new PingFailure('cancelled', l10n.t('The connection to {0} was closed.', where), ''));
          else callback(null, this.spawn(a, entry, endpoint, asks, where));
        },
        (e: unknown) => {
          entry.starting--;
          setImmediate(() => entry.idle.released());
          args = undefined;
          callback(e instanceof Error ? e : new Error(String(e)));
        },
      );
      return undefined;
    };
    return entry;
  }

  /**
   * Runs `command` on the endpoint's host with the same ssh, config, prompts and host-key policy as
   * the engine connections, in a process of its own that is ended on closeAll. ssh's own failure
   * (exit 255: no connection, no login, a refused host key) rejects `exit` with a PingFailure.
   */
  async run(endpoint: SshEndpoint, command: string, answerer: SshPromptAnswerer | undefined, policy: OpenSshPolicy = {}, pause?: PauseClock): Promise<RemoteProcess> {
    const { client, askpass, env } = this.options;
    const asks = askpass !== undefined && answerer !== undefined;
    const once = !asks && policy.acceptUnknownHostKey === true;
    const where = endpointWhere(endpoint);
    const holder: { scratch?: string } = {};
    const args = await this.argsFor(endpoint, holder, asks, once, where, [command]);
    const channel =
      asks && answerer
        ? askpass.channel((prompt) => {
            const ask = () => answerer.answer({ ...prompt, where });
            return pause ? pause(ask) : ask();
          })
        : undefined;
    const child = spawnSsh({ file: client.file, args, env: { ...env, ...channel?.env } });
    this.runs.add(child);
    const ended = new Promise<number | undefined>((resolve) => {
      child.once('error', () => resolve(undefined));
      child.once('close', (code) => {
        this.runs.delete(child);
        channel?.dispose();
        if (holder.scratch) void fs.rm(holder.scratch, { force: true }).catch(() => undefined);
        resolve(code ?? undefined);
      });
    });
    this.options.log?.(`ssh ${args.slice(0, -1).join(' ')} <command> (pid ${child.pid ?? '?'})`);
    return remoteProcessOf(child, ended, () => endProcessGroup(child), (stderr, code) =>
      code === 255 ? opensshFailure(stderr, code, { where, hostname: endpoint.hostname, port: endpoint.port }, !asks) : undefined,
    );
  }

  private async argsFor(endpoint: SshEndpoint, entry: { scratch?: string }, asks: boolean, once: boolean, where: string, remote?: readonly string[]): Promise<string[]> {
    const base = { askNobody: !asks, configFile: this.options.configFileOf ? await this.options.configFileOf() : this.options.configFile };
    const build = (options: SshArgsOptions) => (remote ? sshArgs(endpoint, options, remote) : dialStdioArgs(endpoint, options));
    if (!once) return build(base);
    try {
      const knownHostsFiles = ((await this.options.knownHostsFilesOf?.(endpoint)) ?? []).filter((f) => f !== 'none');
      this.scratchDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'drc-known-once-'));
      entry.scratch = path.join(await this.scratchDir, randomBytes(8).toString('hex'));
      return build({ ...base, acceptOnce: { scratch: entry.scratch, knownHostsFiles } });
    } catch (e) {
      throw new PingFailure('ssh-connection-failed', l10n.t('Cannot prepare the connection to {0}: {1}', where, errorMessage(e)), l10n.t('Check ~/.ssh/config with: ssh -G {0}', endpoint.hostname));
    }
  }

  private spawn(args: string[], entry: Entry, endpoint: SshEndpoint, asks: boolean, where: string): SshProcessSocket {
    const { client, askpass, env } = this.options;
    const channel =
      asks && askpass
        ? askpass.channel((prompt) => {
            const asker = entry.asker;
            if (!asker) return Promise.resolve(undefined);
            const ask = () => asker.answerer.answer({ ...prompt, where });
            return asker.pause ? asker.pause(ask) : ask();
          })
        : undefined;
    const socket = new SshProcessSocket({
      file: client.file,
      args,
      env: { ...env, ...channel?.env },
      failure: (stderr, code) => opensshFailure(stderr, code, { where, hostname: endpoint.hostname, port: endpoint.port }, !asks),
    });
    this.live.add(socket);
    socket.process.once('close', () => {
      this.live.delete(socket);
      channel?.dispose();
      // After the agent has let go of the socket.
      setImmediate(() => entry.idle.released());
    });
    this.options.log?.(`ssh ${args.join(' ')} (pid ${socket.process.pid ?? '?'})`);
    return socket;
  }

  private close(entry: Entry): void {
    entry.idle.dispose();
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.agent.destroy();
    if (entry.scratch) void fs.rm(entry.scratch, { force: true }).catch(() => undefined);
  }
}
