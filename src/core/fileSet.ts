import { existsSync } from 'fs';

/** A file to write, with the exact mode it must end up with. */
export interface PlannedFile {
  readonly path: string;
  readonly data: string | Uint8Array;
  readonly mode: number;
}

/** The planned files that already exist. */
export function existingFiles(files: readonly PlannedFile[]): string[] {
  return files.filter((f) => existsSync(f.path)).map((f) => f.path);
}
