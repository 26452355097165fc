import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { ContextError, errorCode, errorMessage } from '../errors';
import { ensureDir, writeFileAtomic } from './atomicWrite';
import { currentContextOf, readConfigFile, updateConfigKey } from './configFile';
import { DEFAULT_CONTEXT, contextDirName, contextNameProblem } from './contextName';
import { defaultContext } from './defaultContext';
import { DockerEnvironment, dockerConfigDir } from './dockerConfigDir';
import { BrokenContext, ContextListing, ContextMeta, CurrentContext, DockerContext, TlsFiles } from './types';

const TLS_FILES = ['ca', 'cert', 'key'] as const;
const collator = new Intl.Collator('en', { numeric: true });

/** Sorts the way `docker context ls` does: natural order of names. */
export function compareContextNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

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
    const read = await Promise.all(dirs.map((dir) => this.readEntry(dir, withTls.has(dir))));
    for (const entry of read) {
      if (!entry) continue;
      if ('error' in entry) broken.push(entry);
      else contexts.push(entry);
    }
    contexts.sort((a, b) => compareContextNames(a.name, b.name));
    broken.sort((a, b) => a.dirName.localeCompare(b.dirName));
    return { contexts, broken };
  }

  /** One context by name; throws `not-found`, or the entry's error when it is broken. */
  async get(name: string): Promise<DockerContext> {
    if (name === DEFAULT_CONTEXT) return this.defaultContext();
    const entry = await this.readEntry(contextDirName(name), true);
    if (!entry) {
      throw new ContextError('not-found', `There is no Docker context named "${name}".`);
    }
    if ('error' in entry) throw new ContextError('store-unreadable', entry.error);
    return entry;
  }

  exists(name: string): boolean {
    return name === DEFAULT_CONTEXT || existsSync(path.join(this.metaRoot, contextDirName(name), 'meta.json'));
  }

  /** Which context is in effect, and what decided it (the docker CLI's precedence). */
  async current(): Promise<CurrentContext> {
    const env = this.environment.env;
    const config = await readConfigFile(this.configDir);
    const chosen = env.DOCKER_CONTEXT || currentContextOf(config);
    if (env.DOCKER_HOST) {
      return { name: DEFAULT_CONTEXT, source: 'DOCKER_HOST', overridden: chosen && chosen !== DEFAULT_CONTEXT ? chosen : undefined };
    }
    if (env.DOCKER_CONTEXT) return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
    const configured = currentContextOf(config);
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
      throw new ContextError('not-found', `There is no Docker context named "${name}".`);
    }
    await updateConfigKey(this.configDir, 'currentContext', name === DEFAULT_CONTEXT ? undefined : name);
  }

  /**
   * `docker context rm NAME`. The context recorded in config.json is removed only with
   * `force`, and the configuration then goes back to `default`.
   */
  async remove(name: string, options: { force?: boolean } = {}): Promise<{ wasCurrent: boolean }> {
    if (name === DEFAULT_CONTEXT) {
      throw new ContextError('reserved-name', 'The "default" context comes from DOCKER_HOST and cannot be removed.');
    }
    const dir = contextDirName(name);
    if (!existsSync(path.join(this.metaRoot, dir))) {
      throw new ContextError('not-found', `There is no Docker context named "${name}".`);
    }
    const wasCurrent = (await this.configuredContext()) === name;
    if (wasCurrent && !options.force) {
      throw new ContextError('in-use', `"${name}" is the current context. Remove it with force to switch back to "default".`);
    }
    if (wasCurrent) await updateConfigKey(this.configDir, 'currentContext', undefined);
    await this.removeDir(dir);
    return { wasCurrent };
  }

  /** Removes a broken entry by its folder name. */
  async removeBroken(dirName: string): Promise<void> {
    if (dirName === '' || dirName === '.' || dirName === '..' || dirName !== path.basename(dirName)) {
      throw new ContextError('not-found', `"${dirName}" is not an entry of the context store.`);
    }
    await this.removeDir(dirName);
  }

  /**
   * Writes a context as the docker CLI does: meta folder 0755 and meta.json 0644; TLS
   * folders 0700 and files 0600; each file through a temporary file and a rename.
   */
  async write(meta: ContextMeta, tls?: { endpoint: string; files: Partial<Record<keyof TlsFiles, string | Uint8Array>> }): Promise<void> {
    const problem = contextNameProblem(meta.Name);
    if (problem) throw new ContextError(meta.Name === DEFAULT_CONTEXT ? 'reserved-name' : 'invalid-name', problem);
    const dir = contextDirName(meta.Name);
    if (tls) {
      const tlsDir = path.join(this.tlsRoot, dir, tls.endpoint);
      await ensureDir(path.join(this.tlsRoot, dir), 0o700);
      await ensureDir(tlsDir, 0o700);
      for (const kind of TLS_FILES) {
        const data = tls.files[kind];
        if (data !== undefined) await writeFileAtomic(path.join(tlsDir, `${kind}.pem`), data, 0o600);
      }
    }
    const metaDir = path.join(this.metaRoot, dir);
    await ensureDir(metaDir, 0o755);
    await writeFileAtomic(path.join(metaDir, 'meta.json'), JSON.stringify(meta), 0o644);
  }

  defaultContext(): DockerContext {
    return defaultContext(this.environment, this.configDir, existsSync);
  }

  private async removeDir(dir: string): Promise<void> {
    await fs.rm(path.join(this.tlsRoot, dir), { recursive: true, force: true });
    await fs.rm(path.join(this.metaRoot, dir), { recursive: true, force: true });
  }

  /** Reads contexts/meta/<dir>; undefined when the folder holds no meta.json. */
  private async readEntry(dir: string, mayHaveTls: boolean): Promise<DockerContext | BrokenContext | undefined> {
    const metaPath = path.join(this.metaRoot, dir);
    const metaFile = path.join(metaPath, 'meta.json');
    let text: string;
    try {
      text = await fs.readFile(metaFile, 'utf8');
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      return { dirName: dir, metaFile, error: `Cannot read ${metaFile}: ${errorMessage(e)}` };
    }
    let meta: ContextMeta;
    try {
      meta = parseMeta(text);
    } catch (e) {
      return { dirName: dir, metaFile, error: `${metaFile} is damaged: ${errorMessage(e)}` };
    }
    if (contextDirName(meta.Name) !== dir) {
      return {
        dirName: dir,
        name: meta.Name,
        metaFile,
        error: `The folder ${dir} holds the context "${meta.Name}", whose folder should be ${contextDirName(meta.Name)}.`,
      };
    }
    const tlsPath = path.join(this.tlsRoot, dir);
    const docker = meta.Endpoints?.docker ?? undefined;
    return {
      name: meta.Name,
      description: typeof meta.Metadata?.Description === 'string' ? meta.Metadata.Description : '',
      host: typeof docker?.Host === 'string' ? docker.Host : '',
      skipTlsVerify: docker?.SkipTLSVerify === true,
      tls: mayHaveTls ? await readTlsFiles(path.join(tlsPath, 'docker')) : {},
      isDefault: false,
      meta,
      storage: { metaPath, tlsPath },
    };
  }
}

function parseMeta(text: string): ContextMeta {
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('it does not hold a JSON object');
  const meta = parsed as ContextMeta;
  if (typeof meta.Name !== 'string' || meta.Name === '') throw new Error('it has no "Name"');
  if (meta.Endpoints !== undefined && (meta.Endpoints === null || typeof meta.Endpoints !== 'object')) {
    throw new Error('"Endpoints" is not an object');
  }
  return meta;
}

async function readTlsFiles(dir: string): Promise<TlsFiles> {
  const names = new Set(await readDirNames(dir));
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
    throw new ContextError('store-unreadable', `Cannot read ${dir}: ${errorMessage(e)}`);
  }
}
