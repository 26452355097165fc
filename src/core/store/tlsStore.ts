import { randomBytes } from 'crypto';
import { existsSync, promises as fs, readdirSync } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode, errorMessage } from '../errors';
import { ensureDir, writeFileAtomic } from './atomicWrite';
import { tlsStagingName } from './storeLeftovers';
import { TlsFiles } from './types';

/** The TLS store of the docker CLI: `contexts/tls/<hash>/<endpoint>/{ca,cert,key}.pem`. */

export const TLS_FILES = ['ca', 'cert', 'key'] as const;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** TLS files of a context by endpoint (`docker`) and file name (`ca.pem`). */
export type TlsFilesByEndpoint = Record<string, Record<string, string | Uint8Array>>;

/**
 * Puts a context's whole TLS folder in place: built beside it as `.<hash>.new-*`, then swapped in
 * by renames (the old folder moved aside as `.<hash>.old-*` and removed). An empty `tls` removes
 * the folder, whatever an older context of the same name left there. A kill between the two
 * renames leaves the old folder aside; `clearLeftovers` puts it back.
 */
export async function installTls(tlsRoot: string, dir: string, tls: TlsFilesByEndpoint): Promise<void> {
  for (const [endpoint, files] of Object.entries(tls)) {
    if (!SAFE_NAME.test(endpoint)) throw new ContextError('invalid-name', l10n.t('"{0}" is not a valid endpoint name.', endpoint));
    for (const file of Object.keys(files)) {
      if (!SAFE_NAME.test(file)) throw new ContextError('invalid-name', l10n.t('"{0}" is not a valid TLS file name.', file));
    }
  }
  const target = path.join(tlsRoot, dir);
  const hasFiles = Object.keys(tls).length > 0;
  if (!hasFiles && !existsSync(target)) return;
  const suffix = randomBytes(4).toString('hex');
  const staging = path.join(tlsRoot, tlsStagingName(dir, 'new', suffix));
  const old = path.join(tlsRoot, tlsStagingName(dir, 'old', suffix));
  await ensureDir(tlsRoot, 0o700);
  try {
    if (hasFiles) {
      await ensureDir(staging, 0o700);
      for (const [endpoint, files] of Object.entries(tls)) {
        await ensureDir(path.join(staging, endpoint), 0o700);
        for (const [file, data] of Object.entries(files)) await writeFileAtomic(path.join(staging, endpoint, file), data, 0o600);
      }
    }
    const hadOld = existsSync(target);
    if (hadOld) await fs.rename(target, old);
    if (hasFiles) await fs.rename(staging, target);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** The docker endpoint's TLS files, or why its folder cannot be read (a missing folder is no TLS). */
export function readTlsFiles(dir: string): TlsFiles | { error: string } {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') return {};
    return { error: tlsProblem(dir, code, e) };
  }
  const files: TlsFiles = {};
  for (const kind of TLS_FILES) {
    if (names.has(`${kind}.pem`)) files[kind] = path.join(dir, `${kind}.pem`);
  }
  return files;
}

function tlsProblem(dir: string, code: string | undefined, e: unknown): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return l10n.t(
        'Its TLS folder {0} cannot be read: permission denied, so whether it connects with TLS is unknown. Give your user access to the folder (chmod -R u+rwX), or remove the context and create it again.',
        dir,
      );
    case 'ENOTDIR':
      return l10n.t('Its TLS folder {0} is not a folder. Remove the context and create it again.', dir);
    default:
      return l10n.t('Its TLS folder {0} cannot be read ({1}). Remove the context and create it again.', dir, errorMessage(e));
  }
}
