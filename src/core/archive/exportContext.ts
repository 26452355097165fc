import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode } from '../errors';
import { tar } from '../lazyModules';
import { ContextStore } from '../store/contextStore';
import { DEFAULT_CONTEXT } from '../store/contextName';
import { FILE_LIMITS, readUserFile } from '../userFile';
import { cannotWrite } from '../writeProblem';

const BLOCK = 512;

/** One entry of the archive, built in memory. */
interface TarItem {
  readonly path: string;
  readonly mode: number;
  readonly data?: Buffer;
}

/**
 * `docker context export NAME FILE`: a tar holding meta.json and tls/<endpoint>/<file>, that
 * `docker context import` accepts. The archive is built in memory and written once, to a file
 * created 0600 beside the target (it holds a private key) and renamed over it: no copy of a
 * key is ever staged elsewhere on disk, and a failure removes the temporary file. An existing
 * file is replaced only with `overwrite`.
 */
export async function exportContext(store: ContextStore, name: string, file: string, options: { overwrite?: boolean; signal?: AbortSignal } = {}): Promise<void> {
  if (name === DEFAULT_CONTEXT) {
    throw new ContextError('reserved-name', l10n.t('The "default" context is made from the environment and cannot be exported; create a named context from it first.'));
  }
  const context = await store.get(name);
  const target = path.resolve(file);
  if (!options.overwrite) await refuseExisting(target);
  const items: TarItem[] = [{ path: 'meta.json', mode: 0o644, data: Buffer.from(JSON.stringify(context.meta)) }];
  if (context.storage) items.push(...(await tlsItems(context.storage.tlsPath, options.signal)));
  const archive = encodeTar(items);
  options.signal?.throwIfAborted();
  // A short fixed-length name: a long but legal target name leaves room for it.
  const temp = path.join(path.dirname(target), `.export-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(archive);
      await handle.chmod(0o600);
    } finally {
      await handle.close();
    }
    if (!options.overwrite) await refuseExisting(target);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw cannotWrite(target, e);
  }
}

async function refuseExisting(target: string): Promise<void> {
  const present = await fs.lstat(target).then(
    () => true,
    (e: unknown) => {
      if (errorCode(e) === 'ENOENT') return false;
      throw cannotWrite(target, e);
    },
  );
  if (present) throw new ContextError('file-exists', l10n.t('{0} already exists. Choose another file, or allow overwriting it.', target));
}

/** The context's TLS folder as tls/, tls/<endpoint>/ and its files, each read as a file a hostile store may hold. */
async function tlsItems(tlsPath: string, signal: AbortSignal | undefined): Promise<TarItem[]> {
  const endpoints = await readDir(tlsPath);
  if (endpoints === undefined) return [];
  const items: TarItem[] = [{ path: 'tls/', mode: 0o700 }];
  for (const endpoint of endpoints.sort()) {
    const dir = path.join(tlsPath, endpoint);
    const files = await readDir(dir);
    if (files === undefined) continue;
    items.push({ path: `tls/${endpoint}/`, mode: 0o700 });
    for (const file of files.sort()) {
      const data = await readUserFile(path.join(dir, file), { what: l10n.t('TLS file of the context'), maxBytes: FILE_LIMITS.caBundle, kind: 'store-unreadable', signal });
      items.push({ path: `tls/${endpoint}/${file}`, mode: 0o600, data });
    }
  }
  return items;
}

async function readDir(dir: string): Promise<string[] | undefined> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return undefined;
    throw new ContextError('store-unreadable', l10n.t('The TLS folder {0} of the context cannot be read ({1}). Give your user access to it.', dir, errorCode(e) ?? ''));
  }
}

/** A plain (ustar) tar of the items, closed by its two zero blocks. */
function encodeTar(items: readonly TarItem[]): Buffer {
  const blocks: Buffer[] = [];
  const mtime = new Date();
  for (const item of items) {
    const data = item.data ?? Buffer.alloc(0);
    const header = new (tar().Header)({ path: item.path, mode: item.mode, size: data.length, type: item.data ? 'File' : 'Directory', mtime });
    const block = Buffer.alloc(BLOCK);
    if (header.encode(block, 0)) {
      throw new ContextError('store-unreadable', l10n.t('The context holds the TLS file "{0}", whose name is too long for a context archive. Rename it in the store.', item.path));
    }
    blocks.push(block);
    if (data.length) blocks.push(data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(blocks);
}
