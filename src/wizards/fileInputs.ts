import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { fileSort } from '../core/userFile';

/** Why `file` cannot serve as a file the person names (a certificate, a key), or undefined. Asks the disk without blocking. */
export async function fileProblem(file: string): Promise<string | undefined> {
  if (!file) return vscode.l10n.t('Give the path of the file.');
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) return vscode.l10n.t('{0} does not exist.', file);
  if (stat.isFile()) return undefined;
  // A FIFO or a device would never give a certificate: say what it is.
  return vscode.l10n.t('{0} is {1}, not a file. Choose the file itself.', file, fileSort(stat) ?? vscode.l10n.t('not a regular file'));
}

/** Why `dir` cannot serve as a folder that holds `needed`, or undefined. */
export async function folderProblem(dir: string, needed: readonly string[]): Promise<string | undefined> {
  if (!dir) return vscode.l10n.t('Give the folder of the certificates.');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) return vscode.l10n.t('{0} is not a folder.', dir);
  const present = await Promise.all(needed.map((f) => fs.stat(path.join(dir, f)).then((s) => s.isFile(), () => false)));
  const missing = needed.filter((_f, i) => !present[i]);
  return missing.length ? vscode.l10n.t('{0} lacks {1}.', dir, missing.join(', ')) : undefined;
}

export function absolutePathProblem(dir: string): string | undefined {
  return path.isAbsolute(dir) ? undefined : vscode.l10n.t('Give an absolute path.');
}

/** A "Browse…" for a PEM file. */
export function browseFile(): Promise<string | undefined> {
  return browse(false);
}

/** A "Browse…" for a folder. */
export function browseFolder(): Promise<string | undefined> {
  return browse(true);
}

async function browse(folder: boolean): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: !folder, canSelectFolders: folder, canSelectMany: false, filters: folder ? undefined : { PEM: ['pem', 'crt', 'key'] } });
  return picked?.[0]?.fsPath;
}
