import { promises as fs } from 'fs';
import * as path from 'path';
import { ContextError, errorCode, errorMessage } from '../errors';
import { writeFileAtomic } from './atomicWrite';
import { withTopLevelString } from './configText';
import * as l10n from '@vscode/l10n';
import { FILE_LIMITS, readUserText } from '../userFile';

export type ConfigJson = Record<string, unknown>;

export function configFilePath(configDir: string): string {
  return path.join(configDir, 'config.json');
}

/**
 * Reads config.json. A missing file is an empty configuration; a file that does not parse
 * as a JSON object is an error, so that nothing ever writes over it.
 */
export async function readConfigFile(configDir: string): Promise<ConfigJson> {
  const file = configFilePath(configDir);
  let text: string;
  try {
    text = await readUserText(file, configFileOptions());
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return {};
    throw e;
  }
  return parseConfig(file, text);
}

function parseConfig(file: string, text: string): ConfigJson {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ContextError(
      'config-unreadable',
      l10n.t('{0} is not valid JSON ({1}). Fix or move the file; it was left as it is.', file, errorMessage(e)),
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ContextError('config-unreadable', l10n.t('{0} does not hold a JSON object. Fix or move the file; it was left as it is.', file));
  }
  return parsed as ConfigJson;
}

/** The `currentContext` recorded in config.json, if any. */
export function currentContextOf(config: ConfigJson): string | undefined {
  const value = config.currentContext;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Sets `currentContext` in config.json (`undefined` removes it) by changing only that value in the
 * file's text: every other byte stays as it was, keys the docker CLI does not know included, and
 * so do the file's mode and a symlink (the link's target is what gets rewritten). A file that is
 * missing is created. Written as the docker CLI writes it: a temporary file, then a rename.
 */
export async function updateConfigKey(configDir: string, key: 'currentContext', value: string | undefined): Promise<void> {
  const file = configFilePath(configDir);
  const target = await resolveTarget(file);
  let text: string | undefined;
  try {
    text = await readUserText(target, configFileOptions());
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  const config = text === undefined ? {} : parseConfig(file, text);
  if (value === undefined ? !(key in config) : config[key] === value) return;
  const updated = withTopLevelString(text ?? '', key, value);
  let mode = 0o600;
  try {
    mode = (await fs.stat(target)).mode & 0o7777;
  } catch {
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  }
  await writeFileAtomic(target, updated, mode);
}

/** Follows a symlinked config.json to the file it names, dangling links included. */
async function resolveTarget(file: string): Promise<string> {
  let current = file;
  for (let hops = 0; hops < 32; hops++) {
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'EINVAL' || code === 'ENOENT' || code === 'UNKNOWN') return current;
      throw e;
    }
    current = path.resolve(path.dirname(current), link);
  }
  throw new ContextError('config-unreadable', l10n.t('{0} is a chain of too many symbolic links.', file));
}

/** config.json is read as any file a person may have replaced: a regular file, bounded. */
function configFileOptions() {
  return { what: l10n.t('docker CLI configuration'), maxBytes: FILE_LIMITS.dockerConfig, kind: 'config-unreadable' as const };
}
