import { randomBytes } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import { ContextError } from './errors';
import { restrictToCurrentUser } from './windowsAcl';
import { cannotWrite } from './writeProblem';
import * as l10n from '@vscode/l10n';

/** A file to write, with the exact mode it must end up with. */
export interface PlannedFile {
  readonly path: string;
  readonly data: string | Uint8Array;
  readonly mode: number;
}

/** The planned files that already exist. */
export function existingFiles(files: readonly PlannedFile[]): string[] {
  return files.filter((f) => existsSync(f.path)).map((f) => f.path);
}

/**
 * Writes a set of files all or nothing. Each file is first written (with its mode, whatever
 * the umask) into a staging folder beside its target; only when every one is written are they
 * renamed into place. Existing files are replaced only with `overwrite`, and are then moved
 * aside first and put back if anything fails. Folders that must be created get `dirMode`.
 * A cancel through `signal` before the renames leaves nothing behind.
 */
export async function writeFilesAllOrNothing(
  files: readonly PlannedFile[],
  options: { overwrite?: boolean; dirMode?: number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const present = (await Promise.all(files.map(async (f) => ((await exists(f.path)) ? [f.path] : [])))).flat();
  if (present.length && !options.overwrite) {
    throw new ContextError('file-exists', l10n.t('These files exist already and were left as they are: {0}. Choose another folder, or allow overwriting them.', present.join(', ')));
  }
  const dirMode = options.dirMode ?? 0o700;
  const suffix = randomBytes(4).toString('hex');
  const createdDirs: string[] = [];
  const staging = new Map<string, string>();
  const moved: Array<{ target: string; backup?: string }> = [];
  // The file a failure is about, for a message that names it rather than our staging folder.
  let current = files[0]?.path ?? '';
  try {
    for (const dir of [...new Set(files.map((f) => path.dirname(f.path)))]) {
      current = files.find((f) => path.dirname(f.path) === dir)!.path;
      createdDirs.push(...(await makeDirs(dir, dirMode)));
      const stage = path.join(dir, `.staging-${suffix}`);
      await fs.mkdir(stage, { mode: 0o700 });
      staging.set(dir, stage);
    }
    for (const f of files) {
      options.signal?.throwIfAborted();
      current = f.path;
      const staged = path.join(staging.get(path.dirname(f.path))!, path.basename(f.path));
      await fs.writeFile(staged, f.data, { mode: 0o600, flag: 'wx' });
      await fs.chmod(staged, f.mode);
      // A file no one else may read (a key): on Windows its ACL must say so.
      if ((f.mode & 0o077) === 0) await restrictToCurrentUser(staged);
    }
    options.signal?.throwIfAborted();
    for (const f of files) {
      const staged = path.join(staging.get(path.dirname(f.path))!, path.basename(f.path));
      const entry: { target: string; backup?: string } = { target: f.path };
      current = f.path;
      if (await exists(f.path)) {
        entry.backup = `${f.path}.replaced-${suffix}`;
        await fs.rename(f.path, entry.backup);
      }
      moved.push(entry);
      await fs.rename(staged, f.path);
    }
    // Committed: the replaced files go; a failure to delete one no longer undoes the set.
    for (const m of moved) if (m.backup) await fs.rm(m.backup, { recursive: true, force: true }).catch(() => undefined);
    return files.map((f) => f.path);
  } catch (e) {
    for (const m of moved.reverse()) {
      await fs.rm(m.target, { force: true }).catch(() => undefined);
      if (m.backup) await fs.rename(m.backup, m.target).catch(() => undefined);
    }
    for (const dir of createdDirs.reverse()) await fs.rmdir(dir).catch(() => undefined);
    throw cannotWrite(current, e);
  } finally {
    for (const stage of staging.values()) await fs.rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Whether something (a file, a folder, a dangling link) is at `file`; asks the disk without blocking. */
async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Creates `dir` and any missing parents with `mode`; returns the folders it created, outermost first. */
async function makeDirs(dir: string, mode: number): Promise<string[]> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!(await exists(current))) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing) {
    await fs.mkdir(d, { mode });
    await fs.chmod(d, mode);
  }
  return missing;
}
