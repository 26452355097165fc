import { DOCKER_GROUP } from './dockerDaemon';
import { mustRun, runCommand } from './processes';

/** The account the rig's sshd lets in: not root, in the `docker` group. */
export const TEST_USER = 'drc-test';

interface PasswdEntry {
  readonly home: string;
  readonly shell: string;
}

async function passwdEntry(user: string): Promise<PasswdEntry | undefined> {
  const result = await runCommand('getent', ['passwd', user]);
  if (result.code !== 0) return undefined;
  const fields = result.stdout.trim().split(':');
  return { home: fields[5] ?? '', shell: fields[6] ?? '' };
}

/**
 * Makes sure `user` exists with a home and a shell, belongs to the `docker` group, and is not
 * locked (sshd without PAM refuses a locked account, and `useradd` locks new ones). Changes
 * only what is missing, so runs that overlap do not fight over /etc/passwd.
 */
export async function ensureTestUser(user = TEST_USER): Promise<PasswdEntry> {
  await mustRun('groupadd', ['-f', DOCKER_GROUP]);
  let entry = await passwdEntry(user);
  if (!entry) {
    const created = await runCommand('useradd', ['-m', '-s', '/bin/sh', '-G', DOCKER_GROUP, user]);
    // 9: another run created it meanwhile.
    if (created.code !== 0 && created.code !== 9) throw new Error(`useradd ${user} failed: ${created.stderr.trim()}`);
    entry = await passwdEntry(user);
    if (!entry) throw new Error(`useradd ${user} did not create the account.`);
  }
  if (/(nologin|false)$/.test(entry.shell) || entry.shell === '') {
    await mustRun('usermod', ['-s', '/bin/sh', user]);
    entry = { ...entry, shell: '/bin/sh' };
  }
  const groups = (await mustRun('id', ['-nG', user])).trim().split(/\s+/);
  if (!groups.includes(DOCKER_GROUP)) await mustRun('usermod', ['-aG', DOCKER_GROUP, user]);
  const shadow = await runCommand('getent', ['shadow', user]);
  const password = shadow.stdout.split(':')[1] ?? '';
  if (password.startsWith('!') || password === '') await mustRun('usermod', ['-p', '*', user]);
  return entry;
}
