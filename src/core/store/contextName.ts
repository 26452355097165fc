import { createHash } from 'crypto';
import * as l10n from '@vscode/l10n';
import { Schema, nonEmptyText, satisfying, text } from '../validation/schema';

/** The context that is never stored: it is made from DOCKER_HOST and friends. */
export const DEFAULT_CONTEXT = 'default';

/** The docker CLI's rule for context names. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

/**
 * Why `name` cannot name a new context, or undefined when it can.
 * The same text serves as the error message and as the input box's validation message.
 */
export function contextNameProblem(name: string): string | undefined {
  if (name.length === 0) return l10n.t('A context needs a name.');
  if (name === DEFAULT_CONTEXT) return l10n.t('"default" is reserved for the context made from DOCKER_HOST; choose another name.');
  if (!NAME_PATTERN.test(name)) {
    return l10n.t('"{0}" is not a valid context name: use at least two characters, starting with a letter or digit, then letters, digits, "_", ".", "+" or "-".', name);
  }
  return undefined;
}

/** The folder name the docker CLI's store uses for a context: the hex SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** An argument that names a context to create: the docker CLI's rule, "default" refused. */
export const newContextName: Schema<string> = satisfying(text(), () => l10n.t('a new context name'), contextNameProblem);

/** An argument that names a context that exists (default included); the store says when it does not. */
export const contextName: Schema<string> = nonEmptyText(() => l10n.t('a context name'));
