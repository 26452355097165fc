import * as l10n from '@vscode/l10n';
import { CommandId } from '../../constants/commands';
import { contextName } from '../../core/store/contextName';
import { ArgumentError, Schema, anyOf, check, convert } from '../../core/validation/schema';
import { ContextsNode } from '../../tree/contextNodes';

/** How a command was called: by a person with nothing (it asks), from a row of the view, or with an argument. */
export type Invocation<T> =
  | { readonly kind: 'interactive' }
  | { readonly kind: 'node'; readonly node: ContextsNode }
  | { readonly kind: 'argument'; readonly value: T };

const INTERACTIVE = { kind: 'interactive' } as const;

export function isTreeNode(arg: unknown): arg is ContextsNode {
  const kind = (arg as { kind?: unknown } | null)?.kind;
  return typeof arg === 'object' && arg !== null && (kind === 'context' || kind === 'broken') && 'id' in arg;
}

/** Whether a caller (an API user, a link) passed an argument, rather than a person or a menu. */
export function isProgrammatic(arg: unknown): boolean {
  return arg !== undefined && !isTreeNode(arg);
}

/**
 * The parser of a command that names a context: nothing (it asks), a row of the view, the
 * context's name, or `options` (an object with `name` and the command's options). A name alone is
 * the same as `{ name }`.
 */
export function namesContext<T extends { readonly name: string }>(command: CommandId, options: Schema<T>): (arg: unknown) => Invocation<T> {
  const byName = convert(contextName, (name) => ({ name }) as T, () => l10n.t('a context name'));
  const form = anyOf<T>(byName, options);
  return (arg) => {
    if (arg === undefined) return INTERACTIVE;
    if (isTreeNode(arg)) return { kind: 'node', node: arg };
    return { kind: 'argument', value: check(form, arg, command) };
  };
}

/** The parser of a command that takes an options object, or nothing (then it asks; a row of the view counts as nothing). */
export function takesOptions<T>(command: CommandId, options: Schema<T>): (arg: unknown) => Invocation<T> {
  return (arg) => (arg === undefined || isTreeNode(arg) ? INTERACTIVE : { kind: 'argument', value: check(options, arg, command) });
}

/** The parser of a command that takes no argument (a row of the view, passed by a menu, is ignored). */
export function takesNothing(command: CommandId): (arg: unknown) => Invocation<never> {
  return (arg) => {
    if (arg === undefined || isTreeNode(arg)) return INTERACTIVE;
    throw new ArgumentError(l10n.t('{0} takes no argument.', command), '', l10n.t('no argument'));
  };
}
