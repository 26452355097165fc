import { DockerContext } from '../store/types';
import { EngineRequestOptions, engineGet, refuseHttpToHttps, unexpectedAnswer } from '../ping/httpPing';
import { PingOptions, usesTls, withEngine } from '../ping/pingContext';
import { EngineInfoResult, parseEngineFacts } from './engineDetails';

/** The most of an answer to `/version` or `/info` that is read; a real engine sends a few KiB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * `GET /version` then `GET /info` on a context's engine, one after the other over the connection a
 * ping uses (the same keep-alive agents and SSH dialer, so an engine just pinged answers over the
 * open connection), both within the ping's time limit. Never throws: a failure comes back with its
 * kind, message and hint, classified as a ping's failure is.
 */
export async function fetchEngineInfo(context: DockerContext, options: PingOptions): Promise<EngineInfoResult> {
  const outcome = await withEngine(context, options, async (request, signal, where) => {
    const version = await body(request, '/version', signal, where);
    const info = await body(request, '/info', signal, where);
    return parseEngineFacts(context.name, version, info);
  });
  const base = {
    context: context.name,
    host: context.host,
    fetchedAt: new Date().toISOString(),
    latencyMs: outcome.latencyMs,
    ...(usesTls(context) && context.skipTlsVerify ? { insecure: true as const } : {}),
  };
  return outcome.ok ? { ...base, ok: true, ...outcome.value } : { ...base, ok: false, error: outcome.error };
}

/** The body of a 200 answer to `GET path`, at most MAX_ANSWER_BYTES of it; anything else is a failure naming `where`. */
async function body(request: EngineRequestOptions, path: string, signal: AbortSignal, where: string): Promise<string> {
  const answer = await engineGet(request, path, signal, where, { maxBytes: MAX_ANSWER_BYTES, beyond: 'fail' });
  refuseHttpToHttps(answer, where);
  if (answer.status !== 200) {
    const apiVersion = answer.headers['api-version'];
    throw unexpectedAnswer(where, answer.status, answer.statusMessage, answer.body, Array.isArray(apiVersion) ? apiVersion[0] : apiVersion, path);
  }
  return answer.body;
}
