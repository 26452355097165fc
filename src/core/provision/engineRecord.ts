import { promises as fs } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { writeFileAtomic } from '../store/atomicWrite';
import { FILE_LIMITS, readUserText } from '../userFile';
import { check, listOf, oneOf, optional, record, text, wholeNumber } from '../validation/schema';
import { EngineManager } from './engineOnHost';

/**
 * What `secureEngine` set up on a host, kept beside the CA key (engine.json, 0600) so that the
 * engine's certificate can be rotated later the same way: which SSH host, which files, which port.
 */
export interface EngineRecord {
  readonly version: 1;
  /** `ssh://user@host[:port][/socket]` */
  readonly ssh: string;
  readonly context: string;
  readonly port: number;
  readonly tlsDir: string;
  readonly daemonJson: string;
  readonly manager: EngineManager;
  readonly dockerHost: string;
  readonly hostnames: readonly string[];
  readonly ips: readonly string[];
  readonly keySize?: number;
  /** An existing CA the set was issued from, when it is not in this folder (its files' paths; never its passphrase). */
  readonly caCert?: string;
  readonly caKey?: string;
}

export const ENGINE_RECORD = 'engine.json';

const schema = record<EngineRecord>({
  version: oneOf<1>([1]),
  ssh: text(),
  context: text(),
  port: wholeNumber(1, 65535),
  tlsDir: text(),
  daemonJson: text(),
  manager: oneOf<EngineManager>(['systemd', 'sysv', 'openrc', 'snap', 'rootless']),
  dockerHost: text(),
  hostnames: listOf(text()),
  ips: listOf(text()),
  keySize: optional(wholeNumber(1024, 16384)),
  caCert: optional(text()),
  caKey: optional(text()),
});

export async function writeEngineRecord(dir: string, value: EngineRecord): Promise<void> {
  await writeFileAtomic(path.join(dir, ENGINE_RECORD), JSON.stringify(value, null, 2) + '\n', 0o600);
}

/** The record in `dir`, or undefined when there is none; a damaged one is an error that names it. */
export async function readEngineRecord(dir: string): Promise<EngineRecord | undefined> {
  const file = path.join(dir, ENGINE_RECORD);
  try {
    await fs.lstat(file);
  } catch {
    return undefined;
  }
  const textOf = await readUserText(file, { what: l10n.t('engine record'), maxBytes: FILE_LIMITS.contextMeta, kind: 'unreadable-file' });
  try {
    return check(schema, JSON.parse(textOf), file);
  } catch (e) {
    throw new ContextError('unreadable-file', l10n.t('{0} is damaged ({1}); pass the SSH host and paths as arguments instead.', file, e instanceof Error ? e.message : String(e)));
  }
}
