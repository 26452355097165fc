import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { atomicTempName } from './storeLeftovers';

/**
 * Writes `data` to `file` through a temporary file in the same folder and a rename, so a
 * reader sees the old content or the new, never half of one. `mode` is applied with chmod
 * after writing, so the umask cannot loosen it.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, atomicTempName(path.basename(file), randomBytes(6).toString('hex')));
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** Creates `dir` (and its parents) and gives `dir` itself exactly `mode`. */
export async function ensureDir(dir: string, mode: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode });
  await fs.chmod(dir, mode);
}
