import * as l10n from '@vscode/l10n';
import { ContextError, errorMessage } from '../errors';
import { ContextMeta } from '../store/types';

/**
 * Reads the meta.json of an archive as `docker context import` does, and refuses what the
 * docker CLI would import but then cannot list (its `docker context ls` fails for the whole
 * store, or panics, on such an entry):
 * - the file is JSON (no byte-order mark) holding an object or null; numbers fit a float64;
 * - `Name` is a string (it is replaced by the name chosen for the import);
 * - `Metadata` is an object or null, its `Description` a string when present;
 * - `Endpoints` is an object or null, each endpoint an object or null; the docker endpoint's
 *   `Host` a string and `SkipTLSVerify` a boolean (or null).
 * Go reads struct fields whatever their case (`endpoints`, `host`): such keys are written back
 * as the CLI names them, and a field spelt twice is refused.
 */
export function readArchiveMeta(data: Buffer, name: string): ContextMeta {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch (e) {
    throw refused(l10n.t('it is not valid JSON ({0})', errorMessage(e)));
  }
  if (parsed === null) parsed = {};
  if (!isObject(parsed)) throw refused(l10n.t('it does not hold a JSON object'));
  checkNumbers(parsed, 'meta.json');
  const meta = canonicalKeys(parsed, ['Name', 'Metadata', 'Endpoints'], '');
  if (meta.Name !== undefined && meta.Name !== null && typeof meta.Name !== 'string') throw refused(l10n.t('"Name" is not a string'));
  if (meta.Metadata !== undefined && meta.Metadata !== null) {
    if (!isObject(meta.Metadata)) throw refused(l10n.t('"Metadata" is not an object'));
    // The docker CLI reads Description by its exact name and panics unless it is a string.
    if ('Description' in meta.Metadata && typeof meta.Metadata.Description !== 'string') throw refused(l10n.t('"Metadata.Description" is not a string'));
  }
  if (meta.Endpoints !== undefined && meta.Endpoints !== null) {
    if (!isObject(meta.Endpoints)) throw refused(l10n.t('"Endpoints" is not an object'));
    const endpoints: Record<string, unknown> = {};
    for (const [endpoint, value] of Object.entries(meta.Endpoints)) {
      if (value !== null && !isObject(value)) throw refused(l10n.t('the endpoint "{0}" is not an object', endpoint));
      put(endpoints, endpoint, endpoint === 'docker' && value !== null ? dockerEndpoint(value) : value);
    }
    meta.Endpoints = endpoints;
  }
  return { ...meta, Name: name };
}

function dockerEndpoint(value: Record<string, unknown>): Record<string, unknown> {
  const endpoint = canonicalKeys(value, ['Host', 'SkipTLSVerify'], 'Endpoints.docker.');
  if (endpoint.Host !== undefined && endpoint.Host !== null && typeof endpoint.Host !== 'string') throw refused(l10n.t('"Endpoints.docker.Host" is not a string'));
  if (endpoint.SkipTLSVerify !== undefined && endpoint.SkipTLSVerify !== null && typeof endpoint.SkipTLSVerify !== 'boolean') {
    throw refused(l10n.t('"Endpoints.docker.SkipTLSVerify" is not true or false'));
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
    if (earlier !== undefined) throw refused(l10n.t('it spells "{0}" twice ("{1}" and "{2}")', prefix + field, earlier, key));
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
  if (typeof value === 'number' && !Number.isFinite(value)) throw refused(l10n.t('it holds a number too large to read ({0})', where));
  if (Array.isArray(value)) value.forEach((v, i) => checkNumbers(v, `${where}[${i}]`));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) checkNumbers(v, `${where}.${k}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refused(why: string): ContextError {
  return new ContextError('invalid-archive', l10n.t('The meta.json in the archive cannot be imported: {0}. The docker CLI could not list such a context; export it again from a working store.', why));
}
