import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { MetaJsonProblem, readMetaJson } from '../store/metaJson';
import { ContextMeta } from '../store/types';

/**
 * Reads the meta.json of an archive as `docker context import` does (see `readMetaJson`), under
 * the name chosen for the import.
 */
export function readArchiveMeta(data: Buffer, name: string): ContextMeta {
  try {
    return { ...readMetaJson(data.toString('utf8')), Name: name };
  } catch (e) {
    if (!(e instanceof MetaJsonProblem)) throw e;
    throw new ContextError('invalid-archive', l10n.t('The meta.json in the archive cannot be imported: {0}. The docker CLI could not list such a context; export it again from a working store.', e.message));
  }
}
