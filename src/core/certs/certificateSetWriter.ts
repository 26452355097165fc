import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode } from '../errors';
import { PlannedFile, existingFiles } from '../fileSet';
import { restrictToCurrentUser } from '../windowsAcl';
import { cannotWrite } from '../writeProblem';
import { readUserText } from '../userFile';

/**
 * Writes a certificate set so that replacing one is all or nothing, even when the process is
 * killed at any moment:
 *
 * 1. every new file is written, with its mode, into a staging folder `.certs-staging-<id>` beside
 *    its target, together with `set.json` (the set's folders and files);
 * 2. the commit point: `.certs-commit-<id>` appears (atomically, by a rename) in the set's first
 *    folder;
 * 3. the staged files are renamed over their targets, the staging folders removed, then the mark.
 *
 * Before the mark the old set is untouched, and the next write into one of these folders removes
 * the staging folders; after it, the next write finishes the renames. So after any kill, the
 * next generation (or `completeInterruptedSets`) leaves the folders holding the whole old set or
 * the whole new one, and nothing of ours beside it.
 */
export async function writeCertificateSet(
  files: readonly PlannedFile[],
  options: {
    overwrite?: boolean;
    dirMode: number;
    signal?: AbortSignal;
    /** Files of the old set that the new one has no place for (a CA key beside another CA's certificate): removed at the commit. */
    removes?: readonly string[];
  },
): Promise<string[]> {
  const dirs = [...new Set(files.map((f) => path.dirname(f.path)))];
  await completeInterruptedSets(dirs);
  const present = existingFiles(files);
  if (present.length && !options.overwrite) {
    throw new ContextError('file-exists', l10n.t('These files exist already and were left as they are: {0}. Choose another folder, or allow overwriting them.', present.join(', ')));
  }
  const id = randomBytes(6).toString('hex');
  const removes = (options.removes ?? []).filter((f) => dirs.includes(path.dirname(f)));
  const set: SetRecord = { id, pid: process.pid, dirs, files: files.map((f) => path.relative(path.dirname(f.path), f.path)), removes };
  active.add(id);
  const created: string[] = [];
  let committed = false;
  // The person's file a failure is about, for a message that names it rather than our staging folder.
  let current = files[0]?.path ?? '';
  try {
    for (const dir of dirs) {
      current = files.find((f) => path.dirname(f.path) === dir)!.path;
      created.push(...(await makeFolders(dir, options.dirMode)));
      const stage = stagingOf(dir, id);
      await fs.mkdir(stage, { mode: 0o700 });
      await writeDurably(path.join(stage, SET_RECORD), JSON.stringify(set), 0o600);
    }
    for (const f of files) {
      options.signal?.throwIfAborted();
      current = f.path;
      const staged = path.join(stagingOf(path.dirname(f.path), id), path.basename(f.path));
      await writeDurably(staged, f.data, f.mode);
      // A file no one else may read (a key): on Windows its ACL must say so.
      if ((f.mode & 0o077) === 0) await restrictToCurrentUser(staged);
    }
    options.signal?.throwIfAborted();
    const mark = markOf(dirs[0], id);
    await writeDurably(`${mark}.tmp`, JSON.stringify(set), 0o600);
    await fs.rename(`${mark}.tmp`, mark);
    committed = true;
    await rollForward(set);
    return files.map((f) => f.path);
  } catch (e) {
    if (!committed) {
      for (const dir of dirs) await fs.rm(stagingOf(dir, id), { recursive: true, force: true }).catch(() => undefined);
      await fs.rm(`${markOf(dirs[0], id)}.tmp`, { force: true }).catch(() => undefined);
      for (const dir of created.reverse()) await fs.rmdir(dir).catch(() => undefined);
    }
    throw cannotWrite(current, e);
  } finally {
    active.delete(id);
  }
}

/**
 * Finishes or undoes what a killed write left in these folders: a set past its commit point is
 * completed, one before it removed. Sets still being written (by this process or another live
 * one) are left alone.
 */
export async function completeInterruptedSets(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const staging = /^\.certs-staging-([0-9a-f]{12})$/.exec(name);
      const mark = /^\.certs-commit-([0-9a-f]{12})(\.tmp)?$/.exec(name);
      const id = staging?.[1] ?? mark?.[1];
      if (id === undefined || active.has(id)) continue;
      if (mark?.[2]) {
        await fs.rm(path.join(dir, name), { force: true });
        continue;
      }
      const set = staging ? await readSetRecord(path.join(dir, name, SET_RECORD), id) : await readSetRecord(path.join(dir, name), id);
      if (set && isRunning(set.pid)) continue;
      if (set && (await exists(markOf(set.dirs[0], id)))) await rollForward(set);
      else if (staging) for (const d of set?.dirs ?? [dir]) await fs.rm(stagingOf(d, id), { recursive: true, force: true });
      else await fs.rm(path.join(dir, name), { force: true });
    }
  }
}

interface SetRecord {
  readonly id: string;
  readonly pid: number;
  readonly dirs: readonly string[];
  /** Each file's path relative to its folder (a name). */
  readonly files: readonly string[];
  /** Files of the old set removed at the commit, absolute paths in `dirs`. */
  readonly removes?: readonly string[];
}

const SET_RECORD = 'set.json';
/** Sets this process is writing now. */
const active = new Set<string>();

const stagingOf = (dir: string, id: string) => path.join(dir, `.certs-staging-${id}`);
const markOf = (dir: string, id: string) => path.join(dir, `.certs-commit-${id}`);

/** Renames every staged file still there over its target; then removes the staging folders and the mark. Safe to repeat. */
async function rollForward(set: SetRecord): Promise<void> {
  for (const dir of set.dirs) {
    const stage = stagingOf(dir, set.id);
    for (const name of set.files) {
      try {
        await fs.rename(path.join(stage, name), path.join(dir, name));
      } catch (e) {
        if (errorCode(e) !== 'ENOENT') throw e;
      }
    }
  }
  for (const file of set.removes ?? []) await fs.rm(file, { force: true });
  for (const dir of set.dirs) await fs.rm(stagingOf(dir, set.id), { recursive: true, force: true });
  await fs.rm(markOf(set.dirs[0], set.id), { force: true });
}

/** A set record, or undefined when it is missing, partly written or not ours. */
async function readSetRecord(file: string, id: string): Promise<SetRecord | undefined> {
  try {
    const r = JSON.parse(await readUserText(file, { what: 'set record', maxBytes: 64 * 1024, kind: 'unreadable-file' })) as Partial<SetRecord>;
    const names = (a: unknown): a is string[] => Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === 'string');
    if (r.id !== id || typeof r.pid !== 'number' || !names(r.dirs) || !names(r.files)) return undefined;
    // Only plain names in absolute folders: a record never sends a rename elsewhere.
    if (!r.dirs.every((d) => path.isAbsolute(d)) || !r.files.every((f) => f === path.basename(f) && f !== '.' && f !== '..')) return undefined;
    const removes: unknown = r.removes ?? [];
    if (!Array.isArray(removes) || !removes.every((f) => typeof f === 'string' && r.dirs!.includes(path.dirname(f)) && path.basename(f) !== '..')) return undefined;
    return r as SetRecord;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Writes a new file with exactly `mode` (whatever the umask) and flushes it to the disk. */
async function writeDurably(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates `dir` and its missing parents with `mode`; returns the folders it created, outermost first. */
async function makeFolders(dir: string, mode: number): Promise<string[]> {
  const first = await fs.mkdir(dir, { recursive: true, mode }).catch((e: unknown) => {
    // A recursive mkdir meets EEXIST only where a file stands in place of a folder.
    throw errorCode(e) === 'EEXIST' ? Object.assign(new Error(`${dir}: not a folder`), { code: 'ENOTDIR' }) : e;
  });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    created.unshift(d);
    if (d === path.resolve(first) || path.dirname(d) === d) break;
  }
  for (const d of created) await fs.chmod(d, mode);
  return created;
}
