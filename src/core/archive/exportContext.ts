import { randomBytes } from 'crypto';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ContextError } from '../errors';
import { tar } from '../lazyModules';
import { ContextStore } from '../store/contextStore';
import { DEFAULT_CONTEXT } from '../store/contextName';
import * as l10n from '@vscode/l10n';

/**
 * `docker context export NAME FILE`: a tar holding meta.json and tls/<endpoint>/<file>, that
 * `docker context import` accepts. The file is created 0600 (it may hold a private key) and an
 * existing file is replaced only with `overwrite`.
 */
export async function exportContext(store: ContextStore, name: string, file: string, options: { overwrite?: boolean } = {}): Promise<void> {
  if (name === DEFAULT_CONTEXT) {
    throw new ContextError('reserved-name', l10n.t('The "default" context is made from the environment and cannot be exported; create a named context from it first.'));
  }
  const context = await store.get(name);
  const target = path.resolve(file);
  if (!options.overwrite && existsSync(target)) {
    throw new ContextError('file-exists', l10n.t('{0} already exists. Choose another file, or allow overwriting it.', target));
  }
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'docker-context-export-'));
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.chmod(staging, 0o700);
    await fs.writeFile(path.join(staging, 'meta.json'), JSON.stringify(context.meta), { mode: 0o644 });
    const entries = ['meta.json'];
    if (context.storage && existsSync(context.storage.tlsPath)) {
      await fs.cp(context.storage.tlsPath, path.join(staging, 'tls'), { recursive: true });
      entries.push('tls');
    }
    await tar().create({ cwd: staging, file: temp, portable: true, mode: 0o600 }, entries);
    await fs.chmod(temp, 0o600);
    if (!options.overwrite && existsSync(target)) {
      throw new ContextError('file-exists', l10n.t('{0} already exists. Choose another file, or allow overwriting it.', target));
    }
    await fs.rename(temp, target);
  } finally {
    await fs.rm(temp, { force: true });
    await fs.rm(staging, { recursive: true, force: true });
  }
}
