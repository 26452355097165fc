import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { ContextError } from '../errors';
import { updateConfigKey } from './configFile';
import { DEFAULT_CONTEXT, contextDirName, contextNameProblem } from './contextName';
import { configuredContext, currentContext } from './currentContext';
import { defaultContext } from './defaultContext';
import { compareNatural } from './naturalOrder';
import { DockerEnvironment, dockerConfigDir } from './dockerConfigDir';
import { readDirNames, readEntry, writeMeta } from './metadataStore';
import { LeftoverReport, clearLeftovers } from './storeLeftovers';
import { TLS_FILES, TlsFilesByEndpoint, installTls } from './tlsStore';
import { BrokenContext, ContextListing, ContextMeta, CurrentContext, DockerContext, TlsFiles } from './types';
import * as l10n from '@vscode/l10n';

export type { TlsFilesByEndpoint } from './tlsStore';
/** Sorts the way `docker context ls` does. */
export const compareContextNames = compareNatural;
/** Entries read between two turns of the event loop: the reads are synchronous, so a large store still leaves the extension host responsive. */
const READ_BATCH = 250;

/**
 * The docker CLI's context store under the config folder, read and written the way the CLI
 * does it, so that both always agree.
 */
export class ContextStore {
  readonly configDir: string;
  readonly metaRoot: string;
  readonly tlsRoot: string;
  private beforeList: Promise<LeftoverReport> | undefined;
  private cleared: Promise<LeftoverReport> | undefined;

  constructor(
    readonly environment: DockerEnvironment,
    private readonly options: { readonly leftoverMinAgeMs?: number } = {},
  ) {
    this.configDir = dockerConfigDir(environment);
    this.metaRoot = path.join(this.configDir, 'contexts', 'meta');
    this.tlsRoot = path.join(this.configDir, 'contexts', 'tls');
  }

  /**
   * Every context, `default` included, in `docker context ls` order, and the broken entries.
   * The first read of a store clears what killed operations left in it (`clearLeftovers`): what
   * the list must not see before it, the rest beside it.
   */
  async list(): Promise<ContextListing> {
    await this.clearedBeforeList();
    void this.leftoversCleared();
    const [dirs, withTls] = await Promise.all([readDirNames(this.metaRoot), readDirNames(this.tlsRoot).then((names) => new Set(names), () => undefined)]);
    const contexts: DockerContext[] = [this.defaultContext()];
    const broken: BrokenContext[] = [];
    for (let i = 0; i < dirs.length; i += READ_BATCH) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const entries = await Promise.all(dirs.slice(i, i + READ_BATCH).map((dir) => readEntry(this, dir, withTls?.has(dir) ?? true)));
      for (const entry of entries) {
        if (entry && 'error' in entry) broken.push(entry);
        else if (entry) contexts.push(entry);
      }
    }
    contexts.sort((a, b) => compareContextNames(a.name, b.name));
    broken.sort((a, b) => a.dirName.localeCompare(b.dirName));
    return { contexts, broken };
  }

  private clearedBeforeList(): Promise<LeftoverReport> {
    return (this.beforeList ??= clearLeftovers({ configDir: this.configDir, minAgeMs: this.options.leftoverMinAgeMs, only: 'before-list' }));
  }

  /** What the first read of this store cleared of killed operations' leftovers, once all is cleared. Never rejects. */
  leftoversCleared(): Promise<LeftoverReport> {
    return (this.cleared ??= (async () => {
      const first = await this.clearedBeforeList();
      const rest = await clearLeftovers({ configDir: this.configDir, minAgeMs: this.options.leftoverMinAgeMs, only: 'after-list' });
      return { removed: [...first.removed, ...rest.removed], restored: [...first.restored, ...rest.restored] };
    })());
  }

  /** One context by name; rejects with `not-found`, or the entry's error when it is broken. */
  async get(name: string): Promise<DockerContext> {
    if (name === DEFAULT_CONTEXT) return this.defaultContext();
    const entry = await readEntry(this, contextDirName(name), true);
    if (!entry) throw new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', name));
    if ('error' in entry) throw new ContextError('store-unreadable', entry.error);
    return entry;
  }

  exists(name: string): boolean {
    return name === DEFAULT_CONTEXT || existsSync(path.join(this.metaRoot, contextDirName(name), 'meta.json'));
  }

  /** Which context is in effect, and what decided it (the docker CLI's precedence). */
  current(): Promise<CurrentContext> {
    return currentContext(this.environment, this.configDir);
  }

  /** The context recorded in config.json, as `docker context use` sets it. */
  configuredContext(): Promise<string> {
    return configuredContext(this.configDir);
  }

  /**
   * `docker context use NAME`: records it in config.json; `default` removes the key. Like the
   * docker CLI, refuses a context it cannot read (after the switch every docker command would fail).
   */
  async use(name: string): Promise<void> {
    await this.checkUsable(name);
    await updateConfigKey(this.configDir, 'currentContext', name === DEFAULT_CONTEXT ? undefined : name);
  }

  /** Rejects unless `name` is a context the docker CLI can use: it exists and its entry reads. */
  async checkUsable(name: string): Promise<void> {
    if (name === DEFAULT_CONTEXT) return;
    const entry = await readEntry(this, contextDirName(name), true);
    if (!entry) throw new ContextError('not-found', l10n.t('There is no Docker context named "{0}".', name));
    if ('error' in entry) {
      throw new ContextError('store-unreadable', l10n.t('The context "{0}" is damaged and was not switched to: {1} Fix it, or remove it and create it again.', name, entry.error));
    }
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
      // Always: a TLS folder an older context of this name left behind is never adopted.
      await this.installTls(dir, tls ?? {});
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

  private writeMeta(meta: ContextMeta): Promise<void> {
    return writeMeta(this.metaRoot, meta);
  }

  private installTls(dir: string, tls: TlsFilesByEndpoint): Promise<void> {
    return installTls(this.tlsRoot, dir, tls);
  }

  defaultContext(): DockerContext {
    return defaultContext(this.environment, this.configDir, existsSync);
  }

  /** meta.json first, as the docker CLI does: once it is gone nobody sees the context, whatever happens to its TLS folder. */
  private async removeDir(dir: string): Promise<void> {
    await fs.rm(path.join(this.metaRoot, dir), { recursive: true, force: true });
    await fs.rm(path.join(this.tlsRoot, dir), { recursive: true, force: true });
  }
}
