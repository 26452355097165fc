import { promises as fs } from 'fs';
import * as path from 'path';
import { errorCode } from '../errors';
import { ConfigLine, parseText } from './config/lexer';
import { tildeExpand } from './config/expand';
import { FILE_LIMITS, readUserText } from '../userFile';

/** One config file as read from disk, with the files each of its Include lines names. */
export interface ConfigNode {
  readonly path: string;
  readonly lines: readonly ConfigLine[];
  /** Why ssh would refuse this file (bad owner or permissions, unreadable); the file then counts as an error. */
  readonly error?: string;
  /** For each Include line (by line number): the files each of its arguments names, in order. */
  readonly includes: ReadonlyMap<number, ReadonlyArray<readonly ConfigNode[]>>;
}

export interface LoadOptions {
  /** The folder `~` means in an Include (ssh's glob takes it from $HOME). */
  readonly includeHome: string;
  /** The folder relative Includes of system files live in. */
  readonly systemDir: string;
  /** Stop reading after this many distinct files. */
  readonly maxFiles?: number;
}

/** Reading more files than this through Include is refused instead of going on. */
const MAX_FILES = 512;

/**
 * Reads a config file and, through its Include lines, every file it includes, whether or not
 * the Include applies to a host (ssh reads them all: an error in any of them stops it). Each
 * file is read once; a file that includes itself is read once too, and the evaluation, which
 * follows includes as ssh does, stops at ssh's nesting limit. Resolves undefined when the
 * file does not exist (or, for the user's own config, cannot be opened: ssh skips it then).
 */
export async function loadConfigTree(
  file: string,
  kind: { userConf: boolean; checkPerm: boolean; mustExist: boolean },
  options: LoadOptions,
): Promise<ConfigNode | undefined> {
  const loader = new Loader(options);
  const root = await loader.load(file, kind.userConf, kind.checkPerm, kind.mustExist ? 'error' : 'skip');
  return root;
}

/** A config file given as text (no Include is followed: there is no folder to look in). */
export function configNodeFromText(text: string, file = '<text>'): ConfigNode {
  return { path: file, lines: parseText(text), includes: new Map() };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class Loader {
  private readonly nodes = new Map<string, ConfigNode>();

  constructor(private readonly options: LoadOptions) {}

  async load(file: string, userConf: boolean, checkPerm: boolean, onOpenError: 'skip' | 'error' | 'skip-missing'): Promise<ConfigNode | undefined> {
    const key = `${userConf ? 'u' : 's'}:${file}`;
    const known = this.nodes.get(key);
    if (known) return known;
    if (this.nodes.size >= (this.options.maxFiles ?? MAX_FILES)) {
      return { path: file, lines: [], includes: new Map(), error: `more than ${this.options.maxFiles ?? MAX_FILES} configuration files are included` };
    }
    let text: string;
    let problem: string | undefined;
    try {
      const stat = await fs.stat(file);
      text = stat.isDirectory() ? '' : await readUserText(file, { what: 'SSH configuration file', maxBytes: FILE_LIMITS.sshConfig, kind: 'unreadable-file' });
      if (checkPerm && typeof process.getuid === 'function' && ((stat.uid !== 0 && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0)) {
        problem = `Bad owner or permissions on ${file}`;
      }
    } catch (e) {
      const code = errorCode(e);
      if (onOpenError === 'skip' || (onOpenError === 'skip-missing' && code === 'ENOENT')) return undefined;
      return { path: file, lines: [], includes: new Map(), error: `Can't open user config file ${file}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : String(code)}` };
    }
    const node: Mutable<ConfigNode> & { includes: Map<number, Array<readonly ConfigNode[]>> } = { path: file, lines: parseText(text), includes: new Map(), error: problem };
    this.nodes.set(key, node);
    for (const line of node.lines) {
      if (!('keyword' in line) || line.keyword !== 'include') continue;
      const perArg: Array<readonly ConfigNode[]> = [];
      for (const arg of line.args) {
        const files: ConfigNode[] = [];
        if (arg !== '' && !(arg.startsWith('~') && !userConf)) {
          for (const found of await glob(this.anchor(arg, userConf))) {
            const child = await this.load(found, userConf, true, 'skip-missing');
            if (child) files.push(child);
          }
        }
        perArg.push(files);
      }
      node.includes.set(line.lineNo, perArg);
    }
    return node;
  }

  /** An Include argument as a full pattern: relative ones live in ~/.ssh (user files) or /etc/ssh (system files). */
  private anchor(arg: string, userConf: boolean): string {
    const home = this.options.includeHome;
    if (arg.startsWith('~')) return arg === '~' || arg.startsWith('~/') ? tildeExpand(arg, home) : arg;
    if (path.isAbsolute(arg)) return arg;
    return userConf ? path.join(home, '.ssh', arg) : path.join(this.options.systemDir, arg);
  }
}

const MAGIC = /[*?[]/;

function componentMatcher(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = part.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** The paths a glob pattern names, sorted as ssh's glob(3) sorts them; the path itself when it has no wildcard and exists. */
async function glob(pattern: string): Promise<string[]> {
  if (!MAGIC.test(pattern)) {
    try {
      await fs.lstat(pattern);
      return [pattern];
    } catch {
      return [];
    }
  }
  const root = path.parse(pattern).root;
  let found = [root];
  const parts = pattern.slice(root.length).split(/[\\/]+/).filter(Boolean);
  for (const part of parts) {
    if (!MAGIC.test(part)) {
      found = found.map((dir) => path.join(dir, part));
      continue;
    }
    const matcher = componentMatcher(part);
    const next: string[] = [];
    for (const dir of found) {
      const names = await fs.readdir(dir).catch(() => [] as string[]);
      for (const name of names) if (matcher.test(name) && (!name.startsWith('.') || part.startsWith('.'))) next.push(path.join(dir, name));
    }
    found = next;
  }
  const existing: string[] = [];
  for (const f of found) if (await fs.lstat(f).then(() => true, () => false)) existing.push(f);
  return existing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
