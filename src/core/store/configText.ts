/**
 * Edits one top-level key of a JSON object in its text, leaving every other byte as it was: the
 * docker CLI's config.json holds keys we do not know (big integers, `1.50`, escapes, duplicate
 * keys) that a parse and a re-serialisation would change. The text must already be valid JSON
 * holding an object (the caller checks with JSON.parse).
 */

interface Member {
  /** The key as JSON reads it (escapes decoded). */
  readonly key: string;
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

interface ObjectText {
  readonly open: number;
  readonly close: number;
  readonly members: readonly Member[];
}

/**
 * `text` with the top-level `key` set to the JSON string `value`, or removed when `value` is
 * undefined. With duplicate keys the last one is the one JSON readers (the docker CLI's Go
 * included) take: setting changes that one, removing removes them all. A key nested in another
 * object is never touched. An absent key is added first, indented like the first member.
 */
export function withTopLevelString(text: string, key: string, value: string | undefined): string {
  if (text.trim() === '') return value === undefined ? text : `{\n\t${JSON.stringify(key)}: ${JSON.stringify(value)}\n}\n`;
  const object = scanObject(text);
  const matching = object.members.filter((m) => m.key === key);
  if (value !== undefined) {
    const last = matching[matching.length - 1];
    if (last) return text.slice(0, last.valueStart) + JSON.stringify(value) + text.slice(last.valueEnd);
    const first = object.members[0];
    const entry = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    if (!first) return text.slice(0, object.open + 1) + entry + text.slice(object.open + 1);
    const indent = text.slice(object.open + 1, first.keyStart);
    return text.slice(0, object.open + 1) + indent + entry + ',' + text.slice(object.open + 1);
  }
  let result = text;
  // From the end, so earlier offsets stay valid.
  for (const member of [...matching].reverse()) {
    const members = scanObject(result).members;
    const index = members.findIndex((m) => m.keyStart === member.keyStart);
    const next = members[index + 1];
    const previous = members[index - 1];
    if (next) result = result.slice(0, member.keyStart) + result.slice(next.keyStart);
    else if (previous) result = result.slice(0, previous.valueEnd) + result.slice(member.valueEnd);
    else result = result.slice(0, member.keyStart) + result.slice(member.valueEnd);
  }
  return result;
}

function scanObject(text: string): ObjectText {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') throw new Error('not a JSON object');
  const open = i;
  const members: Member[] = [];
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return { open, close: i, members };
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') throw new Error('expected ":"');
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = skipValue(text, valueStart);
    members.push({ key, keyStart, valueStart, valueEnd });
    i = skipSpace(text, valueEnd);
    if (text[i] === '}') return { open, close: i, members };
    if (text[i] !== ',') throw new Error('expected ","');
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** The end of the string starting at `i` (after its closing quote). */
function skipString(text: string, i: number): number {
  if (text[i] !== '"') throw new Error('expected a string');
  for (i++; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new Error('unterminated string');
}

/** The end of the JSON value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = skipString(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new Error('unterminated value');
  }
  // A number or a literal: up to the next delimiter.
  while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
  return i;
}
