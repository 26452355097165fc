import { constants, promises as fs } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode, errorMessage } from '../errors';
import { FILE_LIMITS, fileSort, readUserFileSync } from '../userFile';
import { ensureDir, writeFileAtomic } from './atomicWrite';
import { contextDirName } from './contextName';
import { MetaJsonProblem, readMetaJson } from './metaJson';
import { readTlsFiles } from './tlsStore';
import { BrokenContext, ContextMeta, DockerContext } from './types';

/** The metadata store of the docker CLI: `contexts/meta/<hash>/meta.json`. */

export interface StoreRoots {
  readonly metaRoot: string;
  readonly tlsRoot: string;
}

/**
 * Reads contexts/meta/<dir>: the context, a broken entry that says what to fix (meta.json
 * unreadable, not a regular file, damaged, in the wrong folder, or a TLS folder that cannot be
 * read), or undefined when the folder holds no meta.json (nothing the docker CLI lists either).
 */
export async function readEntry(roots: StoreRoots, dir: string, mayHaveTls: boolean): Promise<DockerContext | BrokenContext | undefined> {
  const metaPath = path.join(roots.metaRoot, dir);
  const metaFile = path.join(metaPath, 'meta.json');
  let text: string;
  try {
    text = readUserFileSync(metaFile, { what: l10n.t('context file'), maxBytes: FILE_LIMITS.contextMeta, kind: 'store-unreadable' }).toString('utf8');
  } catch (e) {
    const why = await unreadableBecause(metaFile);
    if (why === 'missing') return undefined;
    return { dirName: dir, metaFile, error: why ?? errorMessage(e) };
  }
  let meta: ContextMeta;
  try {
    meta = parseMeta(text);
  } catch (e) {
    return { dirName: dir, metaFile, error: l10n.t('{0} is damaged: {1}', metaFile, errorMessage(e)) };
  }
  if (contextDirName(meta.Name) !== dir) {
    return {
      dirName: dir,
      name: meta.Name,
      metaFile,
      error: l10n.t('The folder {0} holds the context "{1}", whose folder should be {2}.', dir, meta.Name, contextDirName(meta.Name)),
    };
  }
  const tlsPath = path.join(roots.tlsRoot, dir);
  const tls = mayHaveTls ? readTlsFiles(path.join(tlsPath, 'docker')) : {};
  if ('error' in tls) return { dirName: dir, name: meta.Name, metaFile, error: l10n.t('The context "{0}" cannot be used. {1}', meta.Name, tls.error) };
  const docker = meta.Endpoints?.docker ?? undefined;
  return {
    name: meta.Name,
    description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : '',
    host: typeof docker?.Host === 'string' ? docker.Host : '',
    skipTlsVerify: docker?.SkipTLSVerify === true,
    tls,
    isDefault: false,
    meta,
    storage: { metaPath, tlsPath },
  };
}

/** meta.json read as the docker CLI reads and lists it (`readMetaJson`), with a Name. */
export function parseMeta(text: string): ContextMeta {
  const meta = readMetaJson(text);
  if (typeof meta.Name !== 'string' || meta.Name === '') throw new MetaJsonProblem(l10n.t('it has no "Name"'));
  return meta as ContextMeta;
}

/** Writes meta.json as the docker CLI does: folder 0755, file 0644, through a rename. */
export async function writeMeta(metaRoot: string, meta: ContextMeta): Promise<void> {
  const metaDir = path.join(metaRoot, contextDirName(meta.Name));
  await ensureDir(metaDir, 0o755);
  await writeFileAtomic(path.join(metaDir, 'meta.json'), JSON.stringify(meta), 0o644);
}

/** Names in a store folder; a missing folder is empty, an unreadable one an error that names it. */
export async function readDirNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new ContextError('store-unreadable', l10n.t('Cannot read {0}: {1}', dir, errorMessage(e)));
  }
}

/** Why meta.json could not be read, in the store's words ('missing' when there is none), or undefined to keep the reader's. */
async function unreadableBecause(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    const sort = fileSort(stat);
    if (sort) return l10n.t('{0} is {1}, not a file. Remove this entry; the docker CLI cannot read it either.', file, sort);
    await fs.access(file, constants.R_OK);
    return undefined;
  } catch (e) {
    switch (errorCode(e)) {
      case 'ENOENT':
      case 'ENOTDIR':
        return 'missing';
      case 'EACCES':
      case 'EPERM':
        return l10n.t('{0} cannot be read: permission denied. Give your user read access to it (chmod 644), or remove this entry.', file);
      default:
        return l10n.t('{0} cannot be read ({1}).', file, errorMessage(e));
    }
  }
}
