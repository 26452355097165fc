import * as l10n from '@vscode/l10n';
import { execFile } from 'child_process';

/**
 * On Windows, file modes do not protect anything: a private key is kept from other users by
 * its ACL. These are the icacls arguments that drop inherited entries and leave the current user
 * alone with read access (write too when `writable`).
 */
export function icaclsArgs(file: string, user: string, writable = false): string[] {
  return [file, '/inheritance:r', '/grant:r', `${user}:${writable ? '(R,W)' : '(R)'}`];
}

/** Restricts `file` to the current Windows user; does nothing elsewhere. */
export function restrictToCurrentUser(file: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (platform !== 'win32') return Promise.resolve();
  const user = env.USERDOMAIN ? `${env.USERDOMAIN}\\${env.USERNAME ?? ''}` : (env.USERNAME ?? '');
  return new Promise((resolve, reject) => {
    execFile('icacls', icaclsArgs(file, user), (err, _out, stderr) => (err ? reject(new Error(l10n.t('Could not restrict {0} to {1}: {2}', file, user, stderr || err.message))) : resolve()));
  });
}
