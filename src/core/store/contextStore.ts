import { randomBytes } from 'crypto';
import { existsSync, promises as fs, readFileSync, readdirSync } from 'fs';
import * as path from 'path';
import { ContextError, errorCode, errorMessage } from '../errors';
import { ensureDir, writeFileAtomic } from './atomicWrite';
import { currentContextOf, readConfigFile, updateConfigKey } from './configFile';
import { DEFAULT_CONTEXT, contextDirName, contextNameProblem } from './contextName';
import { defaultContext } from './defaultContext';
import { compareNatural } from './naturalOrder';
import { DockerEnvironment, dockerConfigDir } from './dockerConfigDir';
import { BrokenContext, ContextListing, ContextMeta, CurrentContext, DockerContext, TlsFiles } from './types';
import * as l10n from '@vscode/l10n';

const TLS_FILES = ['ca', 'cert', 'key'] as const;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** TLS files of a context by endpoint (`docker`) and file name (`ca.pem`). */
export type TlsFilesByEndpoint = Record<string, Record<string, string | Uint8Array>>;
/** Sorts the way `docker context ls` does. */
export const compareContextNames = compareNatural;

/**
 * The docker CLI's context store under the config folder, read and written the way the CLI
 * does it, so that both always agree.
 */
export class ContextStore {
  readonly configDir: string;
  readonly metaRoot: string;
  readonly tlsRoot: string;

  constructor(readonly environment: DockerEnvironment) {
    this.configDir = dockerConfigDir(environment);
    this.metaRoot = path.join(this.configDir, 'contexts', 'meta');
    this.tlsRoot = path.join(this.configDir, 'contexts', 'tls');
  }

  /** Every context, `default` included, in `docker context ls` order, and the broken entries. */
  async list(): Promise<ContextListing> {
    const [dirs, tlsDirs] = await Promise.all([readDirNames(this.metaRoot), readDirNames(this.tlsRoot)]);
    const withTls = new Set(tlsDirs);
    const contexts: DockerContext[] = [this.defaultContext()];
    const broken: BrokenContext[] = [];
    // Small synchronous reads are about ten times faster than as many asynchronous ones; a
    // pause every few hundred keeps the extension host responsive with a large store.
    for (let i = 0; i < dirs.length; i++) {
      const entry = this.readEntry(dirs[i], withTls.has(dirs[i]));
      if (entry && 'error' in entry) broken.push(entry);
      else if (entry) contexts.push(entry);
      if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    }
    contexts.sort((a, b) => compareContextNames(a.name, b.name));
    broken.sort((a, b) => a.dirName.localeCompare(b.dirName));
    return { contexts, broken };
  }

  /** One context by name; rejects with `not-found`, or the entry's error when it is broken. */
  get(name: string): Promise<DockerContext> {
    if (name === DEFAULT_CONTEXT) return Promise.resolve(this.defaultContext());
    const entry = this.readEntry(contextDirName(name), true);
    if (!entry) return Promise.reject(new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', name)));
    if ('error' in entry) return Promise.reject(new ContextError('store-unreadable', entry.error));
    return Promise.resolve(entry);
  }

  exists(name: string): boolean {
    return name === DEFAULT_CONTEXT || existsSync(path.join(this.metaRoot, contextDirName(name), 'meta.json'));
  }

  /** Which context is in effect, and what decided it (the docker CLI's precedence). */
  async current(): Promise<CurrentContext> {
    const env = this.environment.env;
    // Like the docker CLI, config.json is read only when no variable decides (an unreadable
    // one then does not stand in the way).
    if (env.DOCKER_HOST) {
      const chosen = env.DOCKER_CONTEXT || (await readConfigFile(this.configDir).then(currentContextOf, () => undefined));
      return { name: DEFAULT_CONTEXT, source: 'DOCKER_HOST', overridden: chosen && chosen !== DEFAULT_CONTEXT ? chosen : undefined };
    }
    if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
    const configured = currentContextOf(await readConfigFile(this.configDir));
    if (configured) return { name: configured, source: 'config' };
    return { name: DEFAULT_CONTEXT, source: 'default' };
  }

  /** The context recorded in config.json, as `docker context use` sets it. */
  async configuredContext(): Promise<string> {
    return currentContextOf(await readConfigFile(this.configDir)) ?? DEFAULT_CONTEXT;
  }

  /** `docker context use NAME`: records it in config.json; `default` removes the key. */
  async use(name: string): Promise<void> {
    if (!this.exists(name)) {
      throw new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', name));
    }
    await updateConfigKey(this.configDir, 'currentContext', name === DEFAULT_CONTEXT ? undefined : name);
  }

  /**
   * `docker context rm NAME`. The context recorded in config.json is removed only with
   * `force`, and the configuration then goes back to `default`.
   */
  async remove(name: string, options: { force?: boolean } = {}): Promise<{ wasCurrent: boolean }> {
    if (name === DEFAULT_CONTEXT) {
      throw new ContextError('reserved-name', l10n.t('The "default" context comes from DOCKER_HOST and cannot be removed.'));
    }
    const dir = contextDirName(name);
    if (!existsSync(path.join(this.metaRoot, dir))) {
      throw new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', name));
    }
    const wasCurrent = (await this.configuredContext()) === name;
    if (wasCurrent && !options.force) {
      throw new ContextError('in-use', l10n.t('"{0}" is the current context. Remove it with force to switch back to "default".', name));
    }
    if (wasCurrent) await updateConfigKey(this.configDir, 'currentContext', undefined);
    await this.removeDir(dir);
    return { wasCurrent };
  }

  /** Removes a broken entry by its folder name. */
  async removeBroken(dirName: string): Promise<void> {
    if (dirName === '' || dirName === '.' || dirName === '..' || dirName !== path.basename(dirName)) {
      throw new ContextError('not-found', l10n.t('"{0}" is not an entry of the context store.', dirName));
    }
    await this.removeDir(dirName);
  }

  /**
   * Writes a context as the docker CLI does: meta folder 0755 and meta.json 0644; TLS
   * folders 0700 and files 0600; each file through a temporary file and a rename. Replaces
   * whatever the store held under that name, TLS material included. (`create` and `update`
   * are the careful forms.)
   */
  async write(meta: ContextMeta, tls?: { endpoint: string; files: Partial<Record<keyof TlsFiles, string | Uint8Array>> }): Promise<void> {
    this.checkName(meta.Name);
    const files: Record<string, string | Uint8Array> = {};
    for (const kind of TLS_FILES) {
      const data = tls?.files[kind];
      if (data !== undefined) files[`${kind}.pem`] = data;
    }
    await this.installTls(contextDirName(meta.Name), tls ? { [tls.endpoint]: files } : {});
    await this.writeMeta(meta);
  }

  /**
   * Adds a new context; fails with `already-exists` when the name is taken. All or nothing:
   * when any step fails, nothing of the new context is left in the store.
   */
  async create(meta: ContextMeta, tls?: TlsFilesByEndpoint): Promise<void> {
    this.checkName(meta.Name);
    if (this.exists(meta.Name)) {
      throw new ContextError('already-exists', l10n.t('A context named "{0}" already exists; choose another name or remove it first.', meta.Name));
    }
    const dir = contextDirName(meta.Name);
    try {
      if (tls && Object.keys(tls).length) await this.installTls(dir, tls);
      await this.writeMeta(meta);
    } catch (e) {
      await this.removeDir(dir).catch(() => undefined);
      throw e;
    }
  }

  /**
   * Rewrites an existing context's meta.json (as `docker context update`). `tls` undefined keeps
   * the TLS material, null removes it, and files replace it whole (swapped in by renames).
   */
  async update(meta: ContextMeta, tls?: TlsFilesByEndpoint | null): Promise<void> {
    if (meta.Name === DEFAULT_CONTEXT) throw new ContextError('reserved-name', l10n.t('The "default" context comes from the environment and cannot be changed.'));
    if (!this.exists(meta.Name)) throw new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', meta.Name));
    if (tls !== undefined) await this.installTls(contextDirName(meta.Name), tls ?? {});
    await this.writeMeta(meta);
  }

  private checkName(name: string): void {
    const problem = contextNameProblem(name);
    if (problem) throw new ContextError(name === DEFAULT_CONTEXT ? 'reserved-name' : 'invalid-name', problem);
  }

  private async writeMeta(meta: ContextMeta): Promise<void> {
    const metaDir = path.join(this.metaRoot, contextDirName(meta.Name));
    await ensureDir(metaDir, 0o755);
    await writeFileAtomic(path.join(metaDir, 'meta.json'), JSON.stringify(meta), 0o644);
  }

  /** Puts a context's whole TLS folder in place: built beside it, then swapped in by renames. */
  private async installTls(dir: string, tls: TlsFilesByEndpoint): Promise<void> {
    for (const [endpoint, files] of Object.entries(tls)) {
      if (!SAFE_NAME.test(endpoint)) throw new ContextError('invalid-name', l10n.t('"{0}" is not a valid endpoint name.', endpoint));
      for (const file of Object.keys(files)) {
        if (!SAFE_NAME.test(file)) throw new ContextError('invalid-name', l10n.t('"{0}" is not a valid TLS file name.', file));
      }
    }
    const target = path.join(this.tlsRoot, dir);
    const suffix = randomBytes(4).toString('hex');
    const staging = path.join(this.tlsRoot, `.${dir}.new-${suffix}`);
    const old = path.join(this.tlsRoot, `.${dir}.old-${suffix}`);
    await ensureDir(this.tlsRoot, 0o700);
    try {
      await ensureDir(staging, 0o700);
      for (const [endpoint, files] of Object.entries(tls)) {
        await ensureDir(path.join(staging, endpoint), 0o700);
        for (const [file, data] of Object.entries(files)) await writeFileAtomic(path.join(staging, endpoint, file), data, 0o600);
      }
      const hadOld = existsSync(target);
      if (hadOld) await fs.rename(target, old);
      if (Object.keys(tls).length) await fs.rename(staging, target);
      if (hadOld) await fs.rm(old, { recursive: true, force: true });
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  defaultContext(): DockerContext {
    return defaultContext(this.environment, this.configDir, existsSync);
  }

  private async removeDir(dir: string): Promise<void> {
    await fs.rm(path.join(this.tlsRoot, dir), { recursive: true, force: true });
    await fs.rm(path.join(this.metaRoot, dir), { recursive: true, force: true });
  }

  /** Reads contexts/meta/<dir>; undefined when the folder holds no meta.json. */
  private readEntry(dir: string, mayHaveTls: boolean): DockerContext | BrokenContext | undefined {
    const metaPath = path.join(this.metaRoot, dir);
    const metaFile = path.join(metaPath, 'meta.json');
    let text: string;
    try {
      text = readFileSync(metaFile, 'utf8');
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return { dirName: dir, metaFile, error: l10n.t('Cannot read {0}: {1}', metaFile, errorMessage(e)) };
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
    const tlsPath = path.join(this.tlsRoot, dir);
    const docker = meta.Endpoints?.docker ?? undefined;
    return {
      name: meta.Name,
      description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : '',
      host: typeof docker?.Host === 'string' ? docker.Host : '',
      skipTlsVerify: docker?.SkipTLSVerify === true,
      tls: mayHaveTls ? readTlsFiles(path.join(tlsPath, 'docker')) : {},
      isDefault: false,
      meta,
      storage: { metaPath, tlsPath },
    };
  }
}

function parseMeta(text: string): ContextMeta {
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(l10n.t('it does not hold a JSON object'));
  const meta = parsed as ContextMeta;
  if (typeof meta.Name !== 'string' || meta.Name === '') throw new Error(l10n.t('it has no "Name"'));
  if (meta.Endpoints !== undefined && (meta.Endpoints === null || typeof meta.Endpoints !== 'object')) {
    throw new Error(l10n.t('"Endpoints" is not an object'));
  }
  return meta;
}

function readTlsFiles(dir: string): TlsFiles {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    return {};
  }
  const files: TlsFiles = {};
  for (const kind of TLS_FILES) {
    if (names.has(`${kind}.pem`)) files[kind] = path.join(dir, `${kind}.pem`);
  }
  return files;
}

async function readDirNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new ContextError('store-unreadable', l10n.t('Cannot read {0}: {1}', dir, errorMessage(e)));
  }
}
