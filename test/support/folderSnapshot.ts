import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'fs';
import * as path from 'path';

/**
 * Every folder, file and link under `dir` with its mode and content, keyed by its path relative to
 * `dir`: what "byte for byte unchanged" compares. A folder reads `rel/`: its mode; a file its mode
 * and bytes (base64); a link where it points. A missing `dir` is empty.
 */
export function folderSnapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      const stat = lstatSync(p);
      const mode = (stat.mode & 0o7777).toString(8);
      const rel = path.relative(dir, p);
      if (stat.isDirectory()) {
        out[`${rel}/`] = mode;
        walk(p);
      } else if (stat.isSymbolicLink()) out[rel] = `-> ${readlinkSync(p)}`;
      else out[rel] = `${mode} ${readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}
