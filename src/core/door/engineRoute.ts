import * as http from 'http';
import * as net from 'net';
import type { Duplex } from 'stream';
import * as tls from 'tls';
import * as l10n from '@vscode/l10n';
import { Deadline, PauseClock } from '../deadline';
import { Endpoint } from '../endpoint';
import { PingTarget, classifyPingError } from '../ping/classifyError';
import { requestPing } from '../ping/httpPing';
import { DEFAULT_PLAIN_PORT, DEFAULT_TLS_PORT, parseOrFail, readTlsMaterial, socketPathKind, targetOf, usesTls } from '../ping/pingContext';
import { PingFailure } from '../ping/pingTypes';
import { DockerContext } from '../store/types';

type SshEndpoint = Extract<Endpoint, { transport: 'ssh' }>;

/** Opens one new raw stream to an engine; `pause` stops a time limit while a person answers a prompt. */
export type EngineStreamOpener = (signal: AbortSignal, pause?: PauseClock) => Promise<Duplex>;

/** Opens one raw stream to the engine of an ssh:// endpoint (SshTransports.openEngineStream). */
export type SshStreamOpener = (endpoint: SshEndpoint, signal: AbortSignal, pause?: PauseClock) => Promise<Duplex>;

/** How to reach a context's engine with raw streams, and what to call it in messages. */
export interface EngineRoute {
  readonly open: EngineStreamOpener;
  readonly target: PingTarget;
}

/**
 * How to open raw streams to a context's engine that carry exactly what the docker CLI would
 * send it: a unix socket or a named pipe as it is, a tcp:// endpoint as plain TCP or, for a TLS
 * context, with the mutual TLS done here (its CA, certificate and key, the server name a ping
 * uses), so a tool without TLS can use it; an ssh:// endpoint through `ssh`. A TLS context's files
 * are read once, now. Throws the PingFailure a ping reports for a bad endpoint or missing files.
 */
export async function engineRoute(context: DockerContext, ssh: SshStreamOpener | undefined): Promise<EngineRoute> {
  const endpoint = parseOrFail(context.host);
  const secure = usesTls(context);
  const target = targetOf(endpoint, secure);
  switch (endpoint.transport) {
    case 'unix':
      return { target, open: (signal) => connected(net.connect({ path: endpoint.socketPath, allowHalfOpen: true }), 'connect', signal) };
    case 'npipe':
      return { target, open: (signal) => connected(net.connect({ path: endpoint.pipePath, allowHalfOpen: true }), 'connect', signal) };
    case 'ssh': {
      if (!ssh) throw new PingFailure('ssh-connection-failed', l10n.t('SSH is not available here.'), l10n.t('Open the door from the editor.'));
      return { target, open: (signal, pause) => ssh(endpoint, signal, pause) };
    }
    case 'tcp': {
      const { hostname } = endpoint;
      const port = endpoint.port ?? (secure ? DEFAULT_TLS_PORT : DEFAULT_PLAIN_PORT);
      if (!secure) return { target, open: (signal) => connected(net.connect({ host: hostname, port, allowHalfOpen: true }), 'connect', signal) };
      const material = await readTlsMaterial(context);
      // Half-open as a socket's: Node's TLS takes the option, its types do not list it.
      const options: tls.ConnectionOptions & { allowHalfOpen: boolean } = {
        host: hostname,
        port,
        ...material,
        rejectUnauthorized: !context.skipTlsVerify,
        servername: net.isIP(hostname) ? undefined : hostname,
        allowHalfOpen: true,
      };
      return { target, open: (signal) => connected(tls.connect(options), 'secureConnect', signal) };
    }
  }
}

/** Resolves with `socket` once it is connected (and, for TLS, the handshake is done), or rejects with why not. */
function connected(socket: net.Socket, ready: 'connect' | 'secureConnect', signal: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      socket.off('error', failed);
    };
    const failed = (e: Error) => {
      settle();
      reject(e);
    };
    socket.once(ready, () => {
      settle();
      resolve(socket);
    });
    socket.once('error', failed);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `GET /_ping` through one stream of `route`, the way every connection of a door will go, within
 * `timeoutMs` (the time a person spends on a prompt not counted). The stream is closed after.
 * Throws the PingFailure a ping of the context would report, or the signal's reason on cancel.
 */
export async function checkEngine(route: EngineRoute, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = new Deadline(timeoutMs);
  const both = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  const agent = new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: unknown }).createConnection = (_options: unknown, callback: (err: Error | null, socket?: Duplex) => void) => {
    route.open(both, deadline.whilePaused).then(
      (socket) => callback(null, socket),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
    );
    return undefined;
  };
  try {
    await requestPing({ agent, host: 'localhost' }, both, route.target.address);
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    const target: PingTarget = route.target.transport === 'unix' ? { ...route.target, pathKind: await socketPathKind(route.target.address) } : route.target;
    const error = classifyPingError(e, target, deadline.expired, false);
    throw new PingFailure(error.kind, error.message, error.hint);
  } finally {
    deadline.dispose();
    agent.destroy();
  }
}
