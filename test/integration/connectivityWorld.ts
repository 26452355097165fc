import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { PingOptions, pingContext } from '../../src/core/ping/pingContext';
import { PingResult } from '../../src/core/ping/pingTypes';
import { SshSurroundings } from '../../src/core/ssh/config/types';
import { SshConnectionPool } from '../../src/core/ssh/sshPool';
import { HostKeyQuestion, SshInteraction, SshPolicy } from '../../src/core/ssh/sshTypes';
import { draftContext } from '../../src/core/store/newContexts';
import { TlsFilePaths } from '../../src/core/tls/tlsMaterial';
import { TempWorld, createTempWorld } from '../support/tempWorld';

/** An SSH interaction that answers as told and remembers what it was asked. */
export class ScriptedInteraction implements SshInteraction {
  readonly hostKeyQuestions: HostKeyQuestion[] = [];
  readonly passphraseQuestions: string[] = [];
  constructor(
    private readonly answers: {
      hostKey?: 'once' | 'save' | 'reject';
      passphrase?: string | ((attempt: number) => string | undefined);
      /** How long the person reads before answering each question. */
      readingMs?: number;
    } = {},
  ) {}

  confirmHostKey(q: HostKeyQuestion): Promise<'once' | 'save' | 'reject'> {
    this.hostKeyQuestions.push(q);
    return this.afterReading(this.answers.hostKey ?? 'reject');
  }

  askPassphrase(keyFile: string, attempt: number): Promise<string | undefined> {
    this.passphraseQuestions.push(keyFile);
    const p = this.answers.passphrase;
    return this.afterReading(typeof p === 'function' ? p(attempt) : p);
  }

  private afterReading<T>(answer: T): Promise<T> {
    const ms = this.answers.readingMs ?? 0;
    return ms ? new Promise((resolve) => setTimeout(() => resolve(answer), ms)) : Promise.resolve(answer);
  }
}

/**
 * A home of its own for our SSH code: ~/.ssh/config written by the test, no agent unless given,
 * and a pool of connections to ping through. Never the runner's ~/.ssh.
 */
export class ConnectivityWorld {
  readonly world: TempWorld = createTempWorld('drc-conn-');
  readonly sshDir = path.join(this.world.home, '.ssh');
  readonly logs: string[] = [];
  private pools: SshConnectionPool[] = [];
  private readonly extraDirs: string[] = [];

  constructor() {
    mkdirSync(this.sshDir, { recursive: true, mode: 0o700 });
  }

  /** Writes ~/.ssh/config. */
  sshConfig(text: string): void {
    writeFileSync(path.join(this.sshDir, 'config'), text, { mode: 0o600 });
  }

  /**
   * Where our SSH code runs: the world's home and its ~/.ssh/config, as root, with no agent in
   * the environment unless given (never the runner's). `sshPath: null` reads the config with our
   * own parser instead of `ssh -G`.
   */
  surroundings(options: { agent?: string; sshPath?: null } = {}): SshSurroundings {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: this.world.home };
    delete env.SSH_AUTH_SOCK;
    if (options.agent !== undefined) env.SSH_AUTH_SOCK = options.agent;
    return { homeDir: this.world.home, localUser: 'root', env, systemConfigFile: null, ...(options.sshPath === null ? { sshPath: null } : {}) };
  }

  pool(options: { agent?: string; idleMs?: number; sshPath?: null } = {}): SshConnectionPool {
    const pool = new SshConnectionPool({
      surroundings: this.surroundings(options),
      agent: options.agent,
      idleMs: options.idleMs ?? 60000,
      log: (m) => this.logs.push(m),
    });
    this.pools.push(pool);
    return pool;
  }

  /** Pings `host` (with TLS files when given) through `pool`, asking `interaction`. */
  ping(
    host: string,
    how: { tls?: TlsFilePaths | Partial<TlsFilePaths>; pool?: SshConnectionPool; agents?: EngineAgents; interaction?: SshInteraction; policy?: SshPolicy; timeoutMs?: number } = {},
  ): Promise<PingResult> {
    const context = draftContext('under-test', host, how.tls as TlsFilePaths | undefined);
    const options: PingOptions = { timeoutMs: how.timeoutMs ?? 8000, ssh: (how.pool ?? this.pool()).dialer(how.interaction, how.policy), agents: how.agents };
    return pingContext(context, options);
  }

  /**
   * A folder for an extra sshd: outside the 0700 world, since sshd reads authorized_keys in it
   * as the test user.
   */
  serverDir(name: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), `drc-${name}-`));
    chmodSync(dir, 0o755);
    this.extraDirs.push(dir);
    return dir;
  }

  dispose(): void {
    for (const p of this.pools) p.closeAll();
    for (const d of this.extraDirs) rmSync(d, { recursive: true, force: true });
    this.world.dispose();
  }
}

/** An ~/.ssh/config block. */
export function hostBlock(alias: string, o: { hostname: string; port: number; user: string; identityFile?: string; knownHosts: string; proxyJump?: string }): string {
  return [
    `Host ${alias}`,
    `  HostName ${o.hostname}`,
    `  Port ${o.port}`,
    `  User ${o.user}`,
    ...(o.identityFile ? [`  IdentityFile ${o.identityFile}`, '  IdentitiesOnly yes'] : []),
    `  UserKnownHostsFile ${o.knownHosts}`,
    ...(o.proxyJump ? [`  ProxyJump ${o.proxyJump}`] : []),
    '',
  ].join('\n');
}
