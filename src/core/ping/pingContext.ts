import { promises as fs } from 'fs';
import * as http from 'http';
import { isIP } from 'net';
import { performance } from 'perf_hooks';
import { Endpoint, EndpointError, parseEndpoint } from '../endpoint';
import { Deadline, PauseClock } from '../deadline';
import { errorCode, errorMessage } from '../errors';
import { DockerContext } from '../store/types';
import { PingTarget, SocketPathKind, classifyPingError } from './classifyError';
import { EngineAgents } from './engineAgents';
import { EngineRequestOptions, requestPing } from './httpPing';
import { PingError, PingFailure, PingResult } from './pingTypes';
import { FILE_LIMITS, readUserFile } from '../userFile';
import * as l10n from '@vscode/l10n';

/** Opens HTTP connections to the engine behind an ssh:// endpoint (see src/core/ssh). */
export interface SshDialer {
  /** An agent whose connections reach the remote engine; it may reuse an open SSH connection. */
  agentFor(endpoint: Extract<Endpoint, { transport: 'ssh' }>, signal: AbortSignal, pause?: PauseClock): Promise<http.Agent>;
}

export interface PingOptions {
  /** Every ping ends by then (dockerContexts.pingTimeoutMs), not counting the time a person spends on a prompt. */
  readonly timeoutMs: number;
  /** Cancels the ping. */
  readonly signal?: AbortSignal;
  /** Needed for ssh:// endpoints. */
  readonly ssh?: SshDialer;
  /** Keep-alive agents for the other endpoints; without them every ping opens a new connection. */
  readonly agents?: EngineAgents;
}

export const DEFAULT_TLS_PORT = 2376;
export const DEFAULT_PLAIN_PORT = 2375;

/** `GET /_ping` on a context's Docker endpoint, over whatever transport it names. Never throws. */
export async function pingContext(context: DockerContext, options: PingOptions): Promise<PingResult> {
  const tls = usesTls(context);
  const base = { context: context.name, host: context.host, insecure: tls && context.skipTlsVerify ? true : undefined };
  const outcome = await withEngine(context, options, (request, signal, where) => requestPing(request, signal, where));
  return outcome.ok ? { ...base, ok: true, latencyMs: outcome.latencyMs, ...outcome.value } : { ...base, ok: false, latencyMs: outcome.latencyMs, error: outcome.error };
}

/** What talking to an engine gave, or why it failed in kinds a person can act on; and how long it took, connection set-up included. */
export type EngineOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly latencyMs: number }
  | { readonly ok: false; readonly error: PingError; readonly latencyMs: number };

/**
 * Reaches a context's engine as a ping does (the same transports, keep-alive agents, SSH dialer,
 * time limit and cancel) and runs `exchange` with the request options for its endpoint, whatever
 * path it asks for; `where` names the engine's address in messages. Never throws: whatever fails
 * comes back classified as a ping's failure is.
 */
export async function withEngine<T>(
  context: DockerContext,
  options: PingOptions,
  exchange: (request: EngineRequestOptions, signal: AbortSignal, where: string) => Promise<T>,
): Promise<EngineOutcome<T>> {
  const started = performance.now();
  const deadline = new Deadline(timeLimit(options.timeoutMs));
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const tls = usesTls(context);
  let target: PingTarget = { transport: 'tcp', address: context.host, tls };
  try {
    const endpoint = parseOrFail(context.host);
    target = targetOf(endpoint, tls);
    const request = await engineRequestOptions(context, endpoint, options, signal, deadline.whilePaused);
    const value = await exchange(request, signal, target.address);
    return { ok: true, value, latencyMs: elapsed(started) };
  } catch (e) {
    if (target.transport === 'unix') target = { ...target, pathKind: await socketPathKind(target.address) };
    const error = classifyPingError(e, target, deadline.expired, options.signal?.aborted === true);
    return { ok: false, error, latencyMs: elapsed(started) };
  } finally {
    deadline.dispose();
  }
}

/**
 * Pings every context at once: the wall time is about the slowest single ping, not the sum.
 * Results come in the order of `contexts`.
 */
export function pingAll(contexts: readonly DockerContext[], options: PingOptions): Promise<PingResult[]> {
  return Promise.all(contexts.map((c) => pingContext(c, options)));
}

/** The longest a timer waits: Node fires a longer one at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_TIMEOUT_MS = 5000;

/** `timeoutMs` as a timer takes it: whole milliseconds, at least 1, at most what a timer can wait (no limit means the longest). */
function timeLimit(timeoutMs: number): number {
  if (Number.isNaN(timeoutMs)) return DEFAULT_TIMEOUT_MS;
  return Math.min(MAX_TIMER_MS, Math.max(1, Math.round(timeoutMs)));
}

/** A context speaks TLS when it has TLS material or skips verification, as in the docker CLI. */
export function usesTls(context: DockerContext): boolean {
  return context.skipTlsVerify || context.tls.ca !== undefined || context.tls.cert !== undefined || context.tls.key !== undefined;
}

/** The endpoint of a Host, or the PingFailure a ping reports for it. */
export function parseOrFail(host: string): Endpoint {
  if (!host) throw new PingFailure('invalid-endpoint', l10n.t('The context has no Docker endpoint.'), l10n.t('Edit the context and give it a host.'));
  try {
    return parseEndpoint(host);
  } catch (e) {
    if (e instanceof EndpointError) throw new PingFailure('invalid-endpoint', e.message, l10n.t('Edit the context and correct its host.'));
    throw e;
  }
}

/** Where a ping or a stream to `endpoint` goes, for messages that name it. */
export function targetOf(endpoint: Endpoint, tls: boolean): PingTarget {
  switch (endpoint.transport) {
    case 'unix':
      return { transport: 'unix', address: endpoint.socketPath, tls: false };
    case 'npipe':
      return { transport: 'npipe', address: endpoint.pipePath, tls: false };
    case 'tcp':
      return { transport: 'tcp', address: `${hostForUrl(endpoint.hostname)}:${endpoint.port ?? (tls ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT)}`, tls };
    case 'ssh':
      return { transport: 'ssh', address: `${endpoint.user ? endpoint.user + '@' : ''}${endpoint.hostname}${endpoint.port ? ':' + endpoint.port : ''}`, tls: false };
  }
}

/**
 * How to send a request to the engine of `context` at `endpoint`, for any path: the socket, host
 * and port, the pooled agent of `options` (or, for SSH, one that reaches the remote engine) and the
 * context's TLS material. Pings use it for `/_ping`, engine details for `/version` and `/info`.
 */
export async function engineRequestOptions(context: DockerContext, endpoint: Endpoint, options: PingOptions, signal: AbortSignal, pause: PauseClock): Promise<EngineRequestOptions> {
  switch (endpoint.transport) {
    case 'unix':
      return { socketPath: endpoint.socketPath, host: 'localhost', agent: options.agents?.http ?? false };
    case 'npipe':
      return { socketPath: endpoint.pipePath, host: 'localhost', agent: options.agents?.http ?? false };
    case 'ssh': {
      if (!options.ssh) throw new PingFailure('ssh-connection-failed', l10n.t('SSH is not available here.'), l10n.t('Ping this context from the editor.'));
      const agent = await options.ssh.agentFor(endpoint, signal, pause);
      return { agent, host: 'localhost' };
    }
    case 'tcp': {
      const tls = usesTls(context);
      const port = endpoint.port ?? (tls ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT);
      if (!tls) return { host: endpoint.hostname, port, agent: options.agents?.http ?? false };
      const material = await readTlsMaterial(context);
      return {
        secure: true,
        host: endpoint.hostname,
        port,
        agent: options.agents?.https ?? false,
        ...material,
        rejectUnauthorized: !context.skipTlsVerify,
        servername: isIP(endpoint.hostname) ? undefined : endpoint.hostname,
      };
    }
  }
}

/** The TLS files of a context, read within their bounds; a missing or half pair fails as a ping does. */
export async function readTlsMaterial(context: DockerContext): Promise<{ ca?: Buffer; cert?: Buffer; key?: Buffer }> {
  const { ca, cert, key } = context.tls;
  if ((cert === undefined) !== (key === undefined)) {
    throw new PingFailure(
      'tls-material-missing',
      cert ? l10n.t('The context has a client certificate but no key.') : l10n.t('The context has a client key but no certificate.'),
      l10n.t('Give the context both cert.pem and key.pem, or neither.'),
    );
  }
  const read = async (file: string | undefined, what: string) => {
    if (file === undefined) return undefined;
    try {
      return await readUserFile(file, { what, maxBytes: FILE_LIMITS.caBundle, kind: 'invalid-tls-material' });
    } catch (e) {
      // readUserFile's message names the file and what it is.
      throw new PingFailure('tls-material-missing', errorMessage(e), l10n.t('Restore the file, or edit the context to point at the right material.'));
    }
  };
  const [caData, certData, keyData] = await Promise.all([read(ca, l10n.t('CA certificate')), read(cert, l10n.t('client certificate')), read(key, l10n.t('client key'))]);
  return { ca: caData, cert: certData, key: keyData };
}

/** What is at a unix socket path, to say why connecting to it failed. */
export async function socketPathKind(file: string): Promise<SocketPathKind> {
  try {
    const st = await fs.stat(file);
    return st.isSocket() ? 'socket' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
  } catch (e) {
    const code = errorCode(e);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unknown';
  }
}

function hostForUrl(hostname: string): string {
  return isIP(hostname) === 6 ? `[${hostname}]` : hostname;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
