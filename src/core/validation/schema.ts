import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';

/**
 * A small checker for values that come from outside (a command's argument, a caller of the
 * core): each schema reads an `unknown` into a typed value or says, for the field at fault, what
 * it must be. The editor turns its error into "dockerContexts.renewClientCertificate: days must
 * be a whole number from 1 to 36500."; the core uses the same schemas for its own limits.
 */
export interface Schema<T> {
  /** What a value must be, in words ("a whole number from 1 to 36500"); asked late, so it is in the display language. */
  readonly describe: () => string;
  /** The value as T, or throws a `Mismatch` naming `field`. */
  readonly read: (value: unknown, field: string) => T;
}

/** A value that is not what its field must be. `message` names the field and what it must be. */
export class ArgumentError extends ContextError {
  constructor(
    message: string,
    /** The field at fault: `days`, `existingCa.cert`, `ips[0]`; '' for the whole argument. */
    readonly field: string,
    /** What the field must be, in words. */
    readonly expected: string,
  ) {
    super('invalid-argument', message);
    this.name = 'ArgumentError';
  }
}

/** Why a value was refused, before `check` says who refused it. */
class Mismatch extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    /** `missing`: a required field is absent; `unknown`: a field nobody asked for; `wrong`: present but not right. */
    readonly reason: 'missing' | 'unknown' | 'wrong',
    readonly detail?: string,
  ) {
    super(`${field}: ${expected}`);
  }
}

/**
 * Reads `value` with `schema`, or throws an ArgumentError whose message starts with `subject`
 * (a command id) and names the field and what it must be.
 */
export function check<T>(schema: Schema<T>, value: unknown, subject: string): T {
  try {
    return schema.read(value, '');
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    throw new ArgumentError(messageFor(e, schema, subject), e.field, e.expected);
  }
}

/** Whether `schema` takes `value`. */
export function accepts<T>(schema: Schema<T>, value: unknown): value is T {
  try {
    schema.read(value, '');
    return true;
  } catch (e) {
    if (e instanceof Mismatch) return false;
    throw e;
  }
}

function messageFor(m: Mismatch, schema: Schema<unknown>, subject: string): string {
  if (m.field === '') return l10n.t('{0} takes {1}.', subject, schema.describe()) + (m.detail ? ` ${m.detail}` : '');
  if (m.reason === 'unknown') return l10n.t('{0}: {1} is not an argument it takes; it takes {2}.', subject, m.field, schema.describe());
  return l10n.t('{0}: {1} must be {2}.', subject, m.field, m.expected) + (m.detail ? ` ${m.detail}` : '');
}

function schema<T>(describe: () => string, read: (value: unknown, field: string) => T): Schema<T> {
  return { describe, read };
}

function wrong(field: string, describe: () => string, detail?: string): Mismatch {
  return new Mismatch(field, describe(), 'wrong', detail);
}

/** Any string, empty included. */
export function text(describe: () => string = () => l10n.t('a string')): Schema<string> {
  return schema(describe, (v, field) => {
    if (typeof v !== 'string') throw wrong(field, describe);
    return v;
  });
}

/** A string with something in it besides white space. */
export function nonEmptyText(describe: () => string = () => l10n.t('a non-empty string')): Schema<string> {
  return satisfying(text(describe), describe, (v) => (v.trim() ? undefined : l10n.t('It is empty.')));
}

export const flag: Schema<boolean> = schema(
  () => l10n.t('true or false'),
  (v, field) => {
    if (typeof v !== 'boolean') throw wrong(field, flag.describe);
    return v;
  },
);

/** A whole number from `min` to `max`, both included. */
export function wholeNumber(min: number, max: number): Schema<number> {
  const describe = () => l10n.t('a whole number from {0} to {1}', String(min), String(max));
  return schema(describe, (v, field) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw wrong(field, describe);
    return v;
  });
}

/** One of a few exact values. */
export function oneOf<T extends string | number>(values: readonly T[]): Schema<T> {
  const describe = () => l10n.t('one of {0}', values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v))).join(', '));
  return schema(describe, (v, field) => {
    if (!values.includes(v as T)) throw wrong(field, describe);
    return v as T;
  });
}

/** An absolute path of the machine the extension runs on. */
export function absolutePath(describe: () => string = () => l10n.t('an absolute path')): Schema<string> {
  return satisfying(text(describe), describe, (v) => (path.isAbsolute(v) ? undefined : l10n.t('"{0}" is not an absolute path.', v)));
}

/** `base`, and then `problem` (a sentence, or undefined when the value is fine). */
export function satisfying<T>(base: Schema<T>, describe: () => string, problem: (value: T) => string | undefined): Schema<T> {
  return schema(describe, (v, field) => {
    let value: T;
    try {
      value = base.read(v, field);
    } catch (e) {
      // Not even of the base's type: say what the value must be in this schema's words.
      throw e instanceof Mismatch && e.field === field ? wrong(field, describe) : e;
    }
    const why = problem(value);
    if (why !== undefined) throw wrong(field, describe, why);
    return value;
  });
}

/** `base`, its value turned into another shape (a name into `{ name }`). */
export function convert<A, B>(base: Schema<A>, into: (value: A) => B, describe: () => string = base.describe): Schema<B> {
  return schema(describe, (v, field) => into(base.read(v, field)));
}

/** A list whose every item `item` takes (null included: an item is never skipped). */
export function listOf<T>(item: Schema<T>): Schema<T[]> {
  const describe = () => l10n.t('a list (each item {0})', item.describe());
  return schema(describe, (v, field) => {
    if (!Array.isArray(v)) throw wrong(field, describe);
    return v.map((x: unknown, i) => item.read(x, `${field}[${i}]`));
  });
}

/** Marks a field of a `record` that may be left out (undefined); null is still a wrong value. */
export interface Optional<T> {
  readonly optional: Schema<T>;
}

export function optional<T>(of: Schema<T>): Optional<T> {
  return { optional: of };
}

type Fields<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? Optional<Exclude<T[K], undefined>> : Schema<T[K]> };
type FieldSpec = Schema<unknown> | Optional<unknown>;
type Required<F> = { [K in keyof F as F[K] extends Optional<unknown> ? never : K]: F[K] extends Schema<infer T> ? T : never };
type Left<F> = { [K in keyof F as F[K] extends Optional<unknown> ? K : never]?: F[K] extends Optional<infer T> ? T : never };
/** The type a `record` of these fields reads. */
export type RecordOf<F> = Required<F> & Left<F>;

/**
 * An object with exactly these fields: a field it does not list is refused by name, so that a
 * mistyped option (`day` for `days`) is not silently left out. Described as `{ a, b? }`.
 */
export function record<F extends Record<string, FieldSpec>>(fields: F): Schema<RecordOf<F>>;
export function record<T extends object>(fields: Fields<T>): Schema<T>;
export function record<T extends object>(fields: Fields<T>): Schema<T> {
  const entries: [string, FieldSpec][] = Object.entries<FieldSpec>(fields as Record<string, FieldSpec>);
  const describe = () => `{ ${entries.map(([k, f]) => ('optional' in f ? `${k}?` : k)).join(', ')} }`;
  return schema(describe, (v, field) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrong(field, describe);
    const given = v as Record<string, unknown>;
    const at = (key: string) => (field ? `${field}.${key}` : key);
    for (const key of Object.keys(given)) {
      if (!(key in fields) && given[key] !== undefined) throw new Mismatch(at(key), describe(), 'unknown');
    }
    const out: Record<string, unknown> = {};
    for (const [key, f] of entries) {
      const value = given[key];
      if ('optional' in f) {
        if (value !== undefined) out[key] = f.optional.read(value, at(key));
      } else if (value === undefined) {
        throw new Mismatch(at(key), f.describe(), 'missing');
      } else {
        out[key] = f.read(value, at(key));
      }
    }
    return out as T;
  });
}

/**
 * The first of `schemas` that takes the value. When none does, the complaint about a field that
 * is there but wrong wins, then one about a field none of them takes; a value that matches no
 * alternative in shape is refused as a whole.
 */
export function anyOf<T>(...schemas: Schema<T>[]): Schema<T> {
  const describe = () => {
    const forms = schemas.map((s) => s.describe());
    return forms.length < 2 ? forms.join('') : l10n.t('{0} or {1}', forms.slice(0, -1).join(', '), forms[forms.length - 1]);
  };
  return schema(describe, (v, field) => {
    const misses: Mismatch[] = [];
    for (const s of schemas) {
      try {
        return s.read(v, field);
      } catch (e) {
        if (!(e instanceof Mismatch)) throw e;
        misses.push(e);
      }
    }
    const telling = misses.find((m) => m.reason === 'wrong' && m.field !== field) ?? misses.find((m) => m.reason === 'unknown');
    throw telling ?? wrong(field, describe);
  });
}
