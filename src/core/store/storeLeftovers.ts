import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { errorCode } from '../errors';

/**
 * What an operation of ours that was killed half-way (a crash, a closed laptop) may leave behind,
 * and the one function that clears it when the store is next read. Every pattern is listed here,
 * so that a new kind of temporary file or folder is added in one place.
 *
 * Nothing is touched unless its name is one of our own patterns, and it has not changed for
 * `LEFTOVER_MIN_AGE_MS` (no operation of ours lives that long, so none can still own it). A TLS
 * folder the docker CLI could use (its context's meta.json is there) is never removed.
 */

/** How long a leftover must have been untouched before it is cleared. */
export const LEFTOVER_MIN_AGE_MS = 10 * 60 * 1000;

/** A TLS folder being built (`new`), or the one it replaces while the two are swapped (`old`). */
export type TlsStagingRole = 'new' | 'old';

/** The name of a TLS folder's staging copy: `.<hash>.new-<hex>` beside `contexts/tls/<hash>`. */
export function tlsStagingName(dir: string, role: TlsStagingRole, suffix: string): string {
  return `.${dir}.${role}-${suffix}`;
}

/** The temporary file `writeFileAtomic` writes before its rename: `.<name>.<hex>.tmp`. */
export function atomicTempName(file: string, suffix: string): string {
  return `.${file}.${suffix}.tmp`;
}

const HASH = '[0-9a-f]{64}';
const TLS_STAGING = new RegExp(`^\\.(${HASH})\\.(new|old)-[0-9a-f]{8}$`);
const atomicTemp = (file: string) => new RegExp(`^\\.${file.replace(/\./g, '\\.')}\\.[0-9a-f]{12}\\.tmp$`);
const CONTEXT_DIR = new RegExp(`^${HASH}$`);
/** Folders read at a time. */
const BATCH = 32;
/** `docker context export`'s staging folder in the system's temp folder (it holds a copy of key.pem). */
const EXPORT_STAGING = /^docker-context-export-[A-Za-z0-9]{6}$/;

/** Where leftovers are looked for, and which names there are ours. */
interface LeftoverPlace {
  readonly where: 'config' | 'tls' | 'meta-entry' | 'temp';
  readonly pattern: RegExp;
  readonly what: string;
}

/** Every leftover pattern, in one place. */
export const LEFTOVER_PATTERNS: readonly LeftoverPlace[] = [
  { where: 'config', pattern: atomicTemp('config.json'), what: 'config.json being written' },
  { where: 'tls', pattern: TLS_STAGING, what: 'TLS folder being built or swapped' },
  { where: 'meta-entry', pattern: atomicTemp('meta.json'), what: 'meta.json being written' },
  { where: 'temp', pattern: EXPORT_STAGING, what: 'export staging folder' },
];

export interface LeftoverReport {
  /** What was removed (full paths). */
  readonly removed: string[];
  /** TLS folders put back after a swap that was cut off (full paths). */
  readonly restored: string[];
}

export interface LeftoverOptions {
  readonly configDir: string;
  readonly now?: number;
  readonly minAgeMs?: number;
  /** The folder export stages in; the system's temp folder by default. */
  readonly tempDir?: string;
  /**
   * `before-list`: only what a list must not see (config.json's temporary files, the TLS folders:
   * a swap cut off is put back); `after-list`: the rest (each meta folder, the temp folder), which
   * a list ignores anyway and which costs a read of every context's folder. Both by default.
   */
  readonly only?: 'before-list' | 'after-list';
}

/**
 * Clears what killed operations left in the store: temporary files, TLS staging folders, TLS
 * folders of contexts that no longer exist, meta folders that never got their meta.json, and
 * export staging folders. A TLS swap cut off after the context's folder was moved aside is rolled
 * back (the folder is put back), so a context never loses its material. Never throws: what
 * cannot be cleared is left for the next time.
 */
export async function clearLeftovers(options: LeftoverOptions): Promise<LeftoverReport> {
  const now = options.now ?? Date.now();
  const minAge = options.minAgeMs ?? LEFTOVER_MIN_AGE_MS;
  const metaRoot = path.join(options.configDir, 'contexts', 'meta');
  const tlsRoot = path.join(options.configDir, 'contexts', 'tls');
  const report: LeftoverReport = { removed: [], restored: [] };
  const uid = process.getuid?.();
  const stale = async (file: string): Promise<boolean> => {
    try {
      const st = await fs.lstat(file);
      if (uid !== undefined && st.uid !== uid) return false;
      return now - Math.max(st.mtimeMs, st.ctimeMs) >= minAge;
    } catch {
      return false;
    }
  };
  const remove = async (file: string): Promise<void> => {
    try {
      await fs.rm(file, { recursive: true, force: true });
      report.removed.push(file);
    } catch {
      // Left for the next start.
    }
  };
  const ours = (where: LeftoverPlace['where'], name: string) => LEFTOVER_PATTERNS.some((p) => p.where === where && p.pattern.test(name));

  if (options.only !== 'after-list') await clearConfigAndTls();
  if (options.only !== 'before-list') await clearEntriesAndTemp();
  return report;

  async function clearConfigAndTls(): Promise<void> {
    for (const name of await names(options.configDir)) {
      if (ours('config', name) && (await stale(path.join(options.configDir, name)))) await remove(path.join(options.configDir, name));
    }

    const tlsNames = await names(tlsRoot);
    const present = new Set(tlsNames);
    // First the swaps that were cut off: `.<hash>.old-*` without `<hash>` is the context's only material.
    for (const name of tlsNames) {
      const m = TLS_STAGING.exec(name);
      if (!m || m[2] !== 'old' || present.has(m[1]) || !(await hasMeta(metaRoot, m[1])) || !(await stale(path.join(tlsRoot, name)))) continue;
      try {
        await fs.rename(path.join(tlsRoot, name), path.join(tlsRoot, m[1]));
        present.add(m[1]);
        report.restored.push(path.join(tlsRoot, m[1]));
      } catch {
        // Left for the next start.
      }
    }
    for (const name of tlsNames) {
      const file = path.join(tlsRoot, name);
      if (report.restored.includes(path.join(tlsRoot, TLS_STAGING.exec(name)?.[1] ?? '\0'))) continue;
      if (ours('tls', name)) {
        if (await stale(file)) await remove(file);
      } else if (CONTEXT_DIR.test(name) && !(await hasMeta(metaRoot, name)) && (await stale(file))) {
        await remove(file);
      }
    }

  }

  async function clearEntriesAndTemp(): Promise<void> {
    // One read of each meta folder; a folder holding its meta.json and nothing of ours (all but a
    // few, after a crash) costs nothing more. A few folders at a time, as the list reads them.
    const clearMetaEntry = async (dir: string): Promise<void> => {
      const entry = path.join(metaRoot, dir);
      const inside = await names(entry);
      const leftovers = inside.filter((n) => ours('meta-entry', n));
      if (inside.includes('meta.json') && leftovers.length === 0) return;
      const entryStale = await stale(entry);
      for (const name of leftovers) {
        if (await stale(path.join(entry, name))) await remove(path.join(entry, name));
      }
      // A meta folder that never got its meta.json (and holds nothing else) is an interrupted create.
      if (inside.length === leftovers.length && entryStale && (await names(entry)).length === 0) {
        try {
          await fs.rmdir(entry);
          report.removed.push(entry);
        } catch {
          // Something was written into it meanwhile: not a leftover.
        }
      }
    };
    const metaDirs = (await names(metaRoot)).filter((d) => CONTEXT_DIR.test(d));
    for (let i = 0; i < metaDirs.length; i += BATCH) await Promise.all(metaDirs.slice(i, i + BATCH).map(clearMetaEntry));

    const temp = options.tempDir ?? os.tmpdir();
    for (const name of await names(temp)) {
      if (ours('temp', name) && (await stale(path.join(temp, name)))) await remove(path.join(temp, name));
    }
  }
}

async function hasMeta(metaRoot: string, dir: string): Promise<boolean> {
  try {
    await fs.lstat(path.join(metaRoot, dir, 'meta.json'));
    return true;
  } catch (e) {
    // Only a clear "not there" counts as absent: an unreadable folder may hold a live context.
    const code = errorCode(e);
    return !(code === 'ENOENT' || code === 'ENOTDIR');
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}
