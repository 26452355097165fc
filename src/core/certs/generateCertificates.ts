import { existsSync } from 'fs';
import { ContextError } from '../errors';
import { PlannedFile, writeFilesAllOrNothing } from '../fileSet';
import { CertificateRequest, requestProblems } from './certificateInputs';
import { DIR_MODE, Placement, gitignoreFor, planCertificateFiles } from './certificateFiles';
import { ExistingCa, issueCertificates } from './issueCertificates';
import { KeyPool } from './keyPool';
import * as l10n from '@vscode/l10n';

export interface GenerateOptions {
  readonly placement: Placement;
  /** Keys made ahead of time (a wizard starts them when it opens); a pool of the request's size is made otherwise. */
  readonly keys?: KeyPool;
  readonly existingCa?: ExistingCa;
  /** Replace files that exist; without it, existing files make the whole operation fail and nothing is written. */
  readonly overwrite?: boolean;
  /** Add a .gitignore that keeps the folder out of git (for a folder inside a workspace). */
  readonly gitignore?: boolean;
  readonly signal?: AbortSignal;
  /** Reports each stage, for a progress notification. */
  readonly progress?: (stage: string) => void;
}

/**
 * Generates a CA, server and client set and writes it all or nothing: keys 0400,
 * certificates 0444, new folders 0700. Returns the paths written.
 */
export async function generateCertificates(request: CertificateRequest, options: GenerateOptions): Promise<string[]> {
  const problems = requestProblems(request);
  if (problems.length) throw new ContextError('invalid-tls-material', problems.join(' '));
  const pool = options.keys && options.keys.size === request.keySize ? options.keys : new KeyPool(request.keySize, options.existingCa ? 2 : 3);
  options.progress?.(l10n.t('Generating {0}-bit RSA keys', request.keySize));
  const set = await issueCertificates(request, () => pool.take(), options.existingCa, options.signal);
  options.signal?.throwIfAborted();
  options.progress?.(l10n.t('Writing the files'));
  const files: PlannedFile[] = planCertificateFiles(set, options.placement);
  if (options.gitignore && options.placement.kind === 'folder') {
    const ignore = gitignoreFor(options.placement.dir);
    if (!existsSync(ignore.path)) files.push(ignore);
  }
  return writeFilesAllOrNothing(files, { overwrite: options.overwrite, dirMode: DIR_MODE, signal: options.signal });
}
