/**
 * How OpenSSH 9.2 splits a line of ssh_config (readconf.c and misc.c), reproduced so that a
 * line means here exactly what it means to ssh: the keyword is cut by `strdelim` (whitespace,
 * one `=`, double quotes), the arguments by `argv_split` (single and double quotes, backslash
 * escapes, a `#` at the start of an argument ends the line).
 */

const WHITESPACE = ' \t\r\n';

function isSpace(c: string | undefined): boolean {
  return c !== undefined && WHITESPACE.includes(c);
}

/** One token off the front of `s` and what remains (null at the end), as ssh's strdelim; undefined for an unmatched quote. */
export function strdelim(s: string | null): { token: string; rest: string | null } | undefined {
  if (s === null) return undefined;
  let i = 0;
  while (i < s.length && !isSpace(s[i]) && s[i] !== '"' && s[i] !== '=') i++;
  if (i === s.length) return { token: s, rest: null };
  if (s[i] === '"') {
    const close = s.indexOf('"', i + 1);
    if (close < 0) return undefined;
    let j = close + 1;
    while (isSpace(s[j])) j++;
    return { token: s.slice(0, i) + s.slice(i + 1, close), rest: s.slice(j) };
  }
  const equals = s[i] === '=';
  let j = i + 1;
  while (isSpace(s[j])) j++;
  if (!equals && s[j] === '=') {
    j++;
    while (isSpace(s[j])) j++;
  }
  return { token: s.slice(0, i), rest: s.slice(j) };
}

/** The arguments of a line as ssh's argv_split (terminating on comments) sees them; undefined for unmatched quotes. */
export function argvSplit(s: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === ' ' || s[i] === '\t') continue;
    if (s[i] === '#') break;
    let quote = '';
    let arg = '';
    for (; i < s.length; i++) {
      const c = s[i];
      const next = s[i + 1];
      if (c === '\\') {
        if (next === "'" || next === '"' || next === '\\' || (quote === '' && next === ' ')) {
          i++;
          arg += next;
        } else {
          arg += c;
        }
      } else if (quote === '' && (c === ' ' || c === '\t')) {
        break;
      } else if (quote === '' && (c === '"' || c === "'")) {
        quote = c;
      } else if (quote !== '' && c === quote) {
        quote = '';
      } else {
        arg += c;
      }
    }
    out.push(arg);
    if (i >= s.length) {
      if (quote !== '') return undefined;
      break;
    }
  }
  return out;
}

/** A line of a config file, split as ssh splits it. */
export type ConfigLine =
  | { readonly lineNo: number; readonly keyword: string; readonly rest: string; readonly args: readonly string[] }
  | { readonly lineNo: number; readonly error: string };

/** Splits one line; undefined for a blank line or a comment. */
export function parseLine(raw: string, lineNo: number): ConfigLine | undefined {
  if (raw.length === 0) return undefined;
  // Trailing whitespace (and form feeds) go, down to the first character as ssh leaves it.
  let end = raw.length - 1;
  while (end > 0 && (isSpace(raw[end]) || raw[end] === '\f')) end--;
  const line = raw.slice(0, end + 1);
  let first = strdelim(line);
  if (!first) return undefined;
  if (first.token === '') first = strdelim(first.rest);
  if (!first || first.token === '' || first.token[0] === '\n' || first.token[0] === '#') return undefined;
  const keyword = first.token.toLowerCase();
  let rest = first.rest;
  if (rest !== null) rest = rest.replace(/^[ \t\r\n]+/, '');
  if (rest === null || rest === '') return { lineNo, error: `no argument after keyword "${keyword}"` };
  const args = argvSplit(rest);
  if (!args) return { lineNo, error: 'invalid quotes' };
  return { lineNo, keyword, rest, args };
}

/** The lines of a file's text, numbered from 1 as ssh numbers them. */
export function parseText(text: string): ConfigLine[] {
  const out: ConfigLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseLine(lines[i], i + 1);
    if (parsed) out.push(parsed);
  }
  return out;
}
