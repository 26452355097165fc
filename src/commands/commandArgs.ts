import * as vscode from 'vscode';
import { ContextsNode } from '../tree/contextNodes';

/** How a command was called: from a tree row, by a person (no argument), or with an argument object. */
export type Invocation<T> =
  | { readonly kind: 'interactive' }
  | { readonly kind: 'node'; readonly node: ContextsNode }
  | { readonly kind: 'argument'; readonly value: T };

export function isTreeNode(arg: unknown): arg is ContextsNode {
  const kind = (arg as { kind?: unknown } | null)?.kind;
  return typeof arg === 'object' && arg !== null && (kind === 'context' || kind === 'broken') && 'id' in arg;
}

/**
 * Reads the argument of a command that names a context: a name, `{ name, ...options }`, or a
 * tree row. Anything else is a mistake of the caller, reported with the expected form.
 */
export function contextArgument<T extends { name: string }>(command: string, arg: unknown, form: string): Invocation<T> {
  if (arg === undefined || arg === null) return { kind: 'interactive' };
  if (isTreeNode(arg)) return { kind: 'node', node: arg };
  if (typeof arg === 'string' && arg !== '') return { kind: 'argument', value: { name: arg } as T };
  if (typeof arg === 'object' && typeof (arg as { name?: unknown }).name === 'string' && (arg as { name: string }).name !== '') {
    return { kind: 'argument', value: arg as T };
  }
  throw new ArgumentError(vscode.l10n.t('{0} takes {1}.', command, form));
}

/** A command was called with an argument of the wrong form. */
export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** The argument as an object whose fields can be checked one by one, or undefined when it is not an object. */
export function argumentObject(arg: unknown): Record<string, unknown> | undefined {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? (arg as Record<string, unknown>) : undefined;
}
