import * as path from 'path';

/**
 * The last block of every ~/.ssh/config a test writes for the extension's OpenSSH client. ssh
 * takes ~ from the account's passwd entry, not from $HOME: the extension points it at the test
 * home's config with -F, and this block keeps the defaults (known_hosts, identity files, agent) in
 * that home too, so the runner's own ~/.ssh is never read or written.
 */
export function sshHomeDefaults(home: string): string {
  const ssh = path.join(home, '.ssh');
  return ['Host *', `  UserKnownHostsFile ${path.join(ssh, 'known_hosts')}`, `  IdentityFile ${path.join(ssh, 'id_ed25519')}`, '  IdentityAgent SSH_AUTH_SOCK', ''].join('\n');
}
