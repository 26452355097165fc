import * as http from 'http';
import * as https from 'https';
import { engineCertificateOf } from './engineCertificate';
import { EngineCertificate, PingFailure } from './pingTypes';
import * as l10n from '@vscode/l10n';

/** The headers of a Docker engine's `/_ping` answer that the result reports. */
export interface PingHeaders {
  readonly apiVersion?: string;
  readonly osType?: string;
  readonly experimental?: boolean;
  readonly builderVersion?: string;
  readonly swarm?: string;
}

/** What a ping's answer reports: the engine's headers, and on TLS the certificate it presented. */
export interface PingAnswer extends PingHeaders {
  readonly engineCertificate?: EngineCertificate;
}

export type PingRequestOptions = (http.RequestOptions & { readonly secure?: false }) | (https.RequestOptions & { readonly secure: true });

/** The options of a request to an engine, for any path: where and how to connect (see pingContext's engineRequestOptions). */
export type EngineRequestOptions = PingRequestOptions;

/** What an engine answered to one GET: its status, headers and body, and on TLS the certificate it presented. */
export interface EngineAnswer {
  readonly status: number | undefined;
  readonly statusMessage: string | undefined;
  readonly headers: http.IncomingHttpHeaders;
  /** The body as UTF-8, at most `maxBytes` of it. */
  readonly body: string;
  readonly engineCertificate?: EngineCertificate;
}

/** How much of an answer's body to read, and what a longer one means. */
export interface BodyLimit {
  readonly maxBytes: number;
  /** `keep-start`: keep the first `maxBytes` and read on; `fail`: stop and fail, naming `where` and `path`. */
  readonly beyond: 'keep-start' | 'fail';
}

/** A kept-alive connection that was closed while it sat idle failed on its first reuse. */
class StaleConnection extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive connection');
  }
}

/**
 * Sends `GET /_ping` and reads the engine's answer. Rejects with the request's own error (to be
 * classified by the caller) or a PingFailure naming `where` when the answer is anything but a 200
 * with the body OK.
 */
export async function requestPing(options: PingRequestOptions, signal: AbortSignal, where: string): Promise<PingAnswer> {
  const answer = await engineGet(options, '/_ping', signal, where, { maxBytes: 4096, beyond: 'keep-start' });
  refuseHttpToHttps(answer, where);
  const headers = answer.headers;
  const apiVersion = header(headers['api-version']);
  // Only a 200 with the body OK is an engine that is up; anything else says what came back.
  if (answer.status !== 200 || answer.body.trim() !== 'OK') throw unexpectedAnswer(where, answer.status, answer.statusMessage, answer.body, apiVersion);
  return {
    apiVersion,
    osType: header(headers['ostype']),
    experimental: header(headers['docker-experimental']) === 'true',
    builderVersion: header(headers['builder-version']),
    swarm: header(headers['swarm']),
    ...(answer.engineCertificate ? { engineCertificate: answer.engineCertificate } : {}),
  };
}

/**
 * Sends `GET path` to an engine and reads its answer, whatever the status. Rejects with the
 * request's own error (to be classified by the caller), or a PingFailure naming `where` when the
 * body is longer than `limit` allows. A pooled connection that the engine (or anything between)
 * closed while idle gets one more try on a new connection, so a stale socket is never reported as
 * the engine's failure.
 */
export async function engineGet(options: EngineRequestOptions, path: string, signal: AbortSignal, where: string, limit: BodyLimit): Promise<EngineAnswer> {
  try {
    return await getOnce(options, path, signal, where, limit);
  } catch (e) {
    if (!(e instanceof StaleConnection)) throw e;
  }
  try {
    return await getOnce(options, path, signal, where, limit);
  } catch (again) {
    throw again instanceof StaleConnection ? again.cause : again;
  }
}

/** An engine that listens with TLS answers a plain HTTP request with a 400 that says so. */
export function refuseHttpToHttps(answer: EngineAnswer, where: string): void {
  if (answer.status === 400 && /Client sent an HTTP request to an HTTPS server/i.test(answer.body)) {
    throw new PingFailure(
      'http-to-https',
      l10n.t('The engine at {0} speaks TLS, but the context connects without it.', where),
      l10n.t('Give the context TLS material (ca.pem, cert.pem, key.pem) or turn TLS on for it; the engine refuses plain HTTP.'),
    );
  }
}

/**
 * Sends a request to an engine the way the docker CLI does, whatever the host process did to Node's
 * `http.request` and `https.request`: VS Code's extension host wraps those two functions to route
 * requests through the editor's proxy settings (`http.proxySupport`), which puts a fresh proxy
 * agent in front of every request, replaces the caller's agent for hosts other than localhost
 * (so nothing is kept alive) and may send an engine's traffic to the editor's HTTP proxy. A
 * `ClientRequest` made directly with our own agent is left alone.
 */
export function engineRequest(options: PingRequestOptions, callback: (res: http.IncomingMessage) => void): http.ClientRequest {
  const { secure, agent, ...rest } = options;
  const own = agent || (secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false }));
  return new http.ClientRequest({ ...rest, protocol: secure ? 'https:' : 'http:', agent: own }, callback);
}

function getOnce(options: EngineRequestOptions, path: string, signal: AbortSignal, where: string, limit: BodyLimit): Promise<EngineAnswer> {
  return new Promise((resolve, reject) => {
    const req = engineRequest({ ...options, method: 'GET', path, signal, headers: { ...options.headers, 'User-Agent': 'docker-remote-contexts' } }, (res) => {
      // Read while the answer's connection is ours; a reused connection gives what its handshake did.
      const engineCertificate = options.secure ? engineCertificateOf(res.socket) : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size + chunk.length > limit.maxBytes && limit.beyond === 'fail') {
          const failure = new PingFailure(
            'not-docker',
            l10n.t('{0} sent more than {1} KiB in answer to GET {2}, more than a Docker engine sends.', where, String(Math.round(limit.maxBytes / 1024)), path),
            l10n.t('Check that the context points at the engine itself, not at a proxy in front of it.'),
          );
          reject(failure);
          req.destroy(failure);
          return;
        }
        if (size < limit.maxBytes) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        resolve({ status: res.statusCode, statusMessage: res.statusMessage, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ...(engineCertificate ? { engineCertificate } : {}) });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && !signal.aborted && (e.code === 'ECONNRESET' || e.code === 'EPIPE');
      reject(stale ? new StaleConnection(e) : e);
    });
    req.end();
  });
}

/** Characters of an unexpected answer's body quoted in the message. */
const EXCERPT_CHARS = 120;

/**
 * What an answer other than the one expected says: a Docker engine's error (it sends Api-Version),
 * or something else at that address. `path` is what was asked: the ping, unless told.
 */
export function unexpectedAnswer(where: string, status: number | undefined, statusMessage: string | undefined, body: string, apiVersion: string | undefined, path = '/_ping'): PingFailure {
  const statusLine = `HTTP ${status ?? '?'}${statusMessage ? ' ' + statusMessage : ''}`;
  const excerpt = bodyExcerpt(body);
  const answered = excerpt ? l10n.t('{0}: "{1}"', statusLine, excerpt) : statusLine;
  const ping = path === '/_ping';
  if (apiVersion !== undefined) {
    return new PingFailure(
      'engine-error',
      ping ? l10n.t('The Docker engine at {0} answered the ping with {1}.', where, answered) : l10n.t('The Docker engine at {0} answered GET {1} with {2}.', where, path, answered),
      status !== undefined && status >= 500
        ? l10n.t('The engine is running but failing: check its log on the host (journalctl -u docker, or Docker Desktop\'s diagnostics), and restart it if needed.')
        : l10n.t('Check that the context points at the engine itself, not at a proxy in front of it, and that the engine is healthy.'),
    );
  }
  return new PingFailure(
    'not-docker',
    ping ? l10n.t('{0} answered {1}, which is not how a Docker engine answers a ping.', where, answered) : l10n.t('{0} answered GET {1} with {2}, which is not how a Docker engine answers.', where, path, answered),
    l10n.t('Check the host and port of the context: Docker listens on 2376 with TLS and 2375 without.'),
  );
}

/** The start of a body on one line, without control characters, for a message. */
export function bodyExcerpt(body: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = body.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? flat.slice(0, EXCERPT_CHARS) + '…' : flat;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
