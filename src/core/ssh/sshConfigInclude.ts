import { promises as fs } from 'fs';
import * as path from 'path';
import { errorCode } from '../errors';

/** OpenSSH stops at this depth of nested Include, as we do. */
const MAX_DEPTH = 16;

const INCLUDE = /^\s*include(?:\s*=\s*|\s+)(.+?)\s*$/i;
const BLOCK = /^\s*(host|match)(?:\s*=\s*|\s+)/i;

/**
 * Expands OpenSSH's `Include` directives into the text of the files they name, before parsing,
 * as ssh does: `~` is the home folder, a relative path is relative to ~/.ssh, `*` and `?` match in
 * any path component (files in lexical order), missing files are skipped, nesting stops at 16.
 * An Include inside a Host or Match block applies under that block: the included text goes in
 * place, and the block's own line is repeated after it, so the lines that follow stay under it.
 */
export async function expandIncludes(text: string, homeDir: string, depth = 0): Promise<string> {
  if (depth >= MAX_DEPTH || !/^\s*include\b/im.test(text)) return text;
  const out: string[] = [];
  let block: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (BLOCK.test(line)) block = line;
    const m = INCLUDE.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    for (const pattern of splitArguments(m[1])) {
      for (const file of await expandPattern(resolveIncludePath(pattern, homeDir))) {
        out.push(await expandIncludes(await readIfFile(file), homeDir, depth + 1));
      }
    }
    if (block !== undefined) out.push(block);
  }
  return out.join('\n');
}

function resolveIncludePath(p: string, homeDir: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(homeDir, p.slice(1));
  return path.isAbsolute(p) ? p : path.join(homeDir, '.ssh', p);
}

/** Whitespace-separated arguments, double quotes keeping spaces. */
function splitArguments(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** The files a path with `*` or `?` in any component names, sorted; the path itself if it has none. */
async function expandPattern(pattern: string): Promise<string[]> {
  if (!/[*?]/.test(pattern)) return [pattern];
  const root = path.parse(pattern).root;
  let found = [root];
  for (const part of pattern.slice(root.length).split(/[\\/]+/).filter(Boolean)) {
    if (!/[*?]/.test(part)) {
      found = found.map((dir) => path.join(dir, part));
      continue;
    }
    const matcher = new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const next: string[] = [];
    for (const dir of found) {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const name of names.sort()) if (matcher.test(name) && !name.startsWith('.')) next.push(path.join(dir, name));
    }
    found = next;
  }
  return found;
}

async function readIfFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return '';
    throw e;
  }
}
