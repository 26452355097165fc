import * as http from 'http';
import { PauseClock } from '../../deadline';
import { Endpoint } from '../../endpoint';
import { SshDialer } from '../../ping/pingContext';
import { AskpassPrompt, AskpassServer } from '../askpass/askpassServer';
import { OpenSshClient } from './findOpenSsh';
import { opensshFailure } from './opensshFailures';
import { dialStdioArgs } from './sshArgs';
import { SshProcessSocket } from './sshProcessSocket';

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
  readonly log?: (message: string) => void;
}

interface Entry {
  readonly key: string;
  readonly agent: http.Agent;
  /** The latest caller that may be asked, and its clock: prompts of new processes go to it. */
  asker?: { readonly answerer: SshPromptAnswerer; readonly pause?: PauseClock };
  timer?: NodeJS.Timeout;
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

  constructor(private readonly options: OpenSshConnectionsOptions) {}

  /** A dialer whose connections ask `answerer`, or nobody when it is undefined. */
  dialer(answerer: SshPromptAnswerer | undefined): SshDialer {
    return { agentFor: (endpoint, _signal, pause) => Promise.resolve(this.agentFor(endpoint, answerer, pause)) };
  }

  /** ssh processes running now. */
  get processCount(): number {
    return [...this.live].filter((s) => s.running).length;
  }

  /** The ids of the ssh processes running now (for tests and the log). */
  get processIds(): number[] {
    return [...this.live].filter((s) => s.running).map((s) => s.process.pid ?? -1);
  }

  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.close(entry);
    for (const socket of this.live) socket.destroy();
  }

  private agentFor(endpoint: SshEndpoint, answerer: SshPromptAnswerer | undefined, pause: PauseClock | undefined): http.Agent {
    const asks = this.options.askpass !== undefined && answerer !== undefined;
    const key = `${asks ? 'ask' : 'batch'}|${endpoint.user ?? ''}@${endpoint.hostname}:${endpoint.port ?? ''}|${endpoint.socketPath ?? ''}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.open(key, endpoint, asks);
      this.entries.set(key, entry);
    }
    if (asks && answerer) entry.asker = { answerer, pause };
    this.touch(entry);
    return entry.agent;
  }

  private open(key: string, endpoint: SshEndpoint, asks: boolean): Entry {
    const where = `${endpoint.user ? endpoint.user + '@' : ''}${endpoint.hostname}${endpoint.port !== undefined ? ':' + endpoint.port : ''}`;
    const args = dialStdioArgs(endpoint, { askNobody: !asks, configFile: this.options.configFile });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const entry: Entry = { key, agent };
    const { client, askpass, env } = this.options;
    // Each HTTP connection is one ssh process.
    (agent as unknown as { createConnection: unknown }).createConnection = (_opts: unknown, callback: (err: Error | null, socket?: SshProcessSocket) => void) => {
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
      });
      this.options.log?.(`ssh ${args.join(' ')} (pid ${socket.process.pid ?? '?'})`);
      callback(null, socket);
      return undefined;
    };
    return entry;
  }

  private touch(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.close(entry), this.options.idleMs);
    entry.timer.unref();
  }

  private close(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.agent.destroy();
  }
}
