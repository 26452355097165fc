import { existsSync } from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError } from '../errors';
import { PlannedFile, existingFiles } from '../fileSet';
import { CertificateRequest, checkRequest } from './certificateInputs';
import { DIR_MODE, Placement, gitignoreFor, planCertificateFiles } from './certificateFiles';
import { completeInterruptedSets, writeCertificateSet } from './certificateSetWriter';
import { ExistingCa } from './existingCa';
import { issueCertificates } from './issueCertificates';
import { KeyPool } from './keyPool';

export interface GenerateOptions {
  readonly placement: Placement;
  /** Keys made ahead of time (a wizard starts them when it opens); a pool of the request's size is made otherwise. */
  readonly keys?: KeyPool;
  readonly existingCa?: ExistingCa;
  /** Replace files that exist; without it, existing files make the whole operation fail and nothing is written. */
  readonly overwrite?: boolean;
  /** Add a .gitignore that keeps the folder out of git (for a folder inside a workspace). */
  readonly gitignore?: boolean;
  /** Cancels the generation: it then rejects with the signal's reason (an AbortError) and leaves nothing behind. */
  readonly signal?: AbortSignal;
  /** Reports each stage, for a progress notification. */
  readonly progress?: (stage: string) => void;
}

/**
 * Generates a CA, server and client set and writes it all or nothing: keys 0400, certificates
 * 0444, new folders 0700. Replacing an existing set (`overwrite`) is all or nothing too, even if
 * the process is killed: the next generation into the same folder finishes or undoes a write
 * that was cut short (see certificateSetWriter). Every argument is checked with the generator's
 * rules first (an ArgumentError names the field). Returns the paths written.
 */
export async function generateCertificates(request: CertificateRequest, options: GenerateOptions): Promise<string[]> {
  request = checkRequest(request);
  const plan = (set: Parameters<typeof planCertificateFiles>[0]) => planCertificateFiles(set, options.placement);
  // What the set will hold, to refuse existing files before spending time on keys.
  // With an existing CA the set has no CA key: an old one where a new CA would keep its key
  // belongs to another CA, so it counts as a file in the way and goes with the old set.
  const names = plan({ 'ca.pem': '', 'ca-key.pem': '', 'server-cert.pem': '', 'server-key.pem': '', 'cert.pem': '', 'key.pem': '' });
  const staleCaKeys = options.existingCa ? existingFiles(names.filter((f) => path.basename(f.path) === 'ca-key.pem')) : [];
  await completeInterruptedSets([...new Set(names.map((f) => path.dirname(f.path)))]);
  const present = existingFiles(names);
  if (present.length && !options.overwrite) {
    throw new ContextError('file-exists', l10n.t('These files exist already and were left as they are: {0}. Choose another folder, or allow overwriting them.', present.join(', ')));
  }
  options.signal?.throwIfAborted();
  const pool = options.keys && options.keys.size === request.keySize ? options.keys : new KeyPool(request.keySize, options.existingCa ? 2 : 3);
  options.progress?.(l10n.t('Generating {0}-bit RSA keys', request.keySize));
  const set = await issueCertificates(request, () => pool.take(), options.existingCa, options.signal);
  options.signal?.throwIfAborted();
  options.progress?.(l10n.t('Writing the files'));
  const files: PlannedFile[] = plan(set);
  if (options.gitignore && options.placement.kind === 'folder') {
    const ignore = gitignoreFor(options.placement.dir);
    if (!existsSync(ignore.path)) files.push(ignore);
  }
  return writeCertificateSet(files, { overwrite: options.overwrite, dirMode: DIR_MODE, signal: options.signal, removes: staleCaKeys });
}
