import * as l10n from '@vscode/l10n';
import { errorMessage } from '../errors';
import { ContextMeta } from './types';

/** Why a meta.json cannot be read as the docker CLI reads it; `message` is the reason alone. */
export class MetaJsonProblem extends Error {}

/**
 * Reads a meta.json as the docker CLI reads it, and refuses what the CLI would read but then
 * cannot list (its `docker context ls` fails for the whole store, or panics, on such an entry).
 * Both the store's list and `import` read through it, so what we accept and what we show are
 * the same thing:
 * - the file is JSON (no byte-order mark) holding an object or null; numbers fit a float64;
 * - `Name` is a string or absent (the caller decides whether it may be absent);
 * - `Metadata` is an object or null, its `Description` a string when present;
 * - `Endpoints` is an object or null, each endpoint an object or null; the docker endpoint's
 *   `Host` a string and `SkipTLSVerify` a boolean (or null).
 * Go reads struct fields whatever their case (`endpoints`, `host`): such keys come back spelt
 * as the CLI names them, and a field spelt twice is refused.
 */
export function readMetaJson(text: string): Partial<ContextMeta> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new MetaJsonProblem(l10n.t('it is not valid JSON ({0})', errorMessage(e)));
  }
  if (parsed === null) parsed = {};
  if (!isObject(parsed)) throw new MetaJsonProblem(l10n.t('it does not hold a JSON object'));
  checkNumbers(parsed, 'meta.json');
  const meta = canonicalKeys(parsed, ['Name', 'Metadata', 'Endpoints'], '');
  if (meta.Name !== undefined && meta.Name !== null && typeof meta.Name !== 'string') throw new MetaJsonProblem(l10n.t('"Name" is not a string'));
  if (meta.Metadata !== undefined && meta.Metadata !== null) {
    if (!isObject(meta.Metadata)) throw new MetaJsonProblem(l10n.t('"Metadata" is not an object'));
    // The docker CLI reads Description by its exact name and panics unless it is a string.
    if ('Description' in meta.Metadata && typeof meta.Metadata.Description !== 'string') throw new MetaJsonProblem(l10n.t('"Metadata.Description" is not a string'));
  }
  if (meta.Endpoints !== undefined && meta.Endpoints !== null) {
    if (!isObject(meta.Endpoints)) throw new MetaJsonProblem(l10n.t('"Endpoints" is not an object'));
    const endpoints: Record<string, unknown> = {};
    for (const [endpoint, value] of Object.entries(meta.Endpoints)) {
      if (value !== null && !isObject(value)) throw new MetaJsonProblem(l10n.t('the endpoint "{0}" is not an object', endpoint));
      put(endpoints, endpoint, endpoint === 'docker' && value !== null ? dockerEndpoint(value) : value);
    }
    meta.Endpoints = endpoints;
  }
  return meta;
}

function dockerEndpoint(value: Record<string, unknown>): Record<string, unknown> {
  const endpoint = canonicalKeys(value, ['Host', 'SkipTLSVerify'], 'Endpoints.docker.');
  if (endpoint.Host !== undefined && endpoint.Host !== null && typeof endpoint.Host !== 'string') throw new MetaJsonProblem(l10n.t('"Endpoints.docker.Host" is not a string'));
  if (endpoint.SkipTLSVerify !== undefined && endpoint.SkipTLSVerify !== null && typeof endpoint.SkipTLSVerify !== 'boolean') {
    throw new MetaJsonProblem(l10n.t('"Endpoints.docker.SkipTLSVerify" is not true or false'));
  }
  return endpoint;
}

/** The object with keys that Go matches to `fields` regardless of ASCII case renamed to the field's own spelling. */
function canonicalKeys(value: Record<string, unknown>, fields: readonly string[], prefix: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  for (const [key, v] of Object.entries(value)) {
    const field = fields.find((f) => f.toLowerCase() === asciiLower(key));
    if (field === undefined) {
      put(result, key, v);
      continue;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) throw new MetaJsonProblem(l10n.t('it spells "{0}" twice ("{1}" and "{2}")', prefix + field, earlier, key));
    seen.set(field, key);
    result[field] = v;
  }
  return result;
}

/** Sets a key as data, even `__proto__`, as JSON.parse does. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Go reads every number into a float64: one out of its range (1e400) fails the import. */
function checkNumbers(value: unknown, where: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new MetaJsonProblem(l10n.t('it holds a number too large to read ({0})', where));
  if (Array.isArray(value)) value.forEach((v, i) => checkNumbers(v, `${where}[${i}]`));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) checkNumbers(v, `${where}.${k}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
