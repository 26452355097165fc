import { FSWatcher, existsSync, readdirSync, statSync, watch } from 'fs';
import * as path from 'path';

/**
 * Watches the docker CLI's store for changes made by anyone (the CLI in a terminal, another
 * window, this extension) and calls `onChange` once per burst, after `debounceMs`.
 *
 * Watches `config.json` (through its folder, since the CLI replaces the file by a rename) and
 * `contexts/meta`: recursively while the store is small, so an edit inside a context's folder
 * shows too; past `maxRecursive` contexts only the folder itself (contexts added and removed),
 * because a recursive watch costs a watch per folder up front (about 35 ms per 1,000). A folder
 * that does not exist yet is waited for by watching its nearest existing ancestor, so a store
 * that appears later is picked up without polling.
 */
export class StoreWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly recursive = new Map<string, boolean>();
  /** The folder each watch is on (device, inode, birth time): a folder deleted and made again is another one. */
  private readonly identity = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly configDir: string,
    private readonly onChange: () => void,
    private readonly debounceMs = 100,
    private readonly maxRecursive = 200,
  ) {
    this.arm();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /** Folders being watched now (for tests and the log). */
  get watched(): string[] {
    return [...this.watchers.keys()];
  }

  /** Whether `dir` is watched with its subfolders. */
  isRecursive(dir: string): boolean {
    return this.recursive.get(dir) === true;
  }

  private arm(): void {
    if (this.disposed) return;
    const metaRoot = path.join(this.configDir, 'contexts', 'meta');
    const wanted = new Map<string, boolean>();
    if (existsSync(this.configDir)) {
      wanted.set(this.configDir, false);
      if (existsSync(metaRoot)) wanted.set(metaRoot, entryCount(metaRoot) <= this.maxRecursive);
      else wanted.set(nearestExisting(metaRoot), false);
    } else {
      wanted.set(nearestExisting(this.configDir), false);
    }
    for (const [dir, w] of this.watchers) {
      // A watch stays on the folder it started on: once that is deleted it sees nothing more,
      // even when a folder of the same name is made again.
      if (!wanted.has(dir) || this.recursive.get(dir) !== wanted.get(dir) || this.identity.get(dir) !== identityOf(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, recursive] of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { recursive, persistent: false }, (_event, name) => {
          // contexts/ (or meta/) itself replaced: watch the new one even if it looks the same.
          if (dir === this.configDir && name === 'contexts') this.identity.set(metaRoot, '');
          this.changed();
        });
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
          this.changed();
        });
        this.watchers.set(dir, w);
        this.recursive.set(dir, recursive);
        this.identity.set(dir, identityOf(dir));
      } catch {
        // The folder vanished between the check and the watch: the parent's event re-arms.
      }
    }
  }

  private changed(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.arm();
      this.onChange();
    }, this.debounceMs);
  }
}

function identityOf(dir: string): string {
  try {
    // The inode of a deleted folder is soon reused; its birth time tells the two apart.
    const st = statSync(dir);
    return `${st.dev}:${st.ino}:${st.birthtimeMs}`;
  } catch {
    return '';
  }
}

function entryCount(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}
