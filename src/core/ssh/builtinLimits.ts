import { existsSync } from 'fs';
import { PingFailure } from '../ping/pingTypes';
import { SshHostDetails, UnsupportedSetting } from './config/types';
import * as l10n from '@vscode/l10n';

/**
 * Why the built-in client (ssh2) must not connect to `host` as configured, or undefined when it
 * may: a setting it cannot honour that would change the connection (a ProxyCommand, a login
 * without public keys, a `Match exec` it could not run to decide the settings), or a user
 * certificate to offer (ssh2 cannot sign with one). Decided before any connection is opened, so
 * the host is never reached by another route than the one configured.
 */
export function builtinRefusal(host: Pick<SshHostDetails, 'alias' | 'unsupported' | 'certificateFiles'>, fileExists: (file: string) => boolean = existsSync): PingFailure | undefined {
  const setting = host.unsupported.find(changesTheConnection);
  if (setting) return new PingFailure('ssh-connection-failed', refusalMessage(host.alias, setting), opensshHint(setting.keyword));
  const certificate = host.certificateFiles.find(fileExists);
  if (certificate) {
    return new PingFailure(
      'ssh-connection-failed',
      l10n.t('{0} logs in with the user certificate {1} (CertificateFile), which the built-in SSH client cannot offer.', host.alias, certificate),
      opensshHint('CertificateFile'),
    );
  }
  return undefined;
}

/** The hint for a setting only OpenSSH honours. */
export function opensshHint(keyword: string): string {
  return l10n.t('This host uses {0}: install OpenSSH 8.4 or later, or set dockerContexts.sshClient to openssh.', keyword);
}

/** Blocking settings, and a `Match exec` left unrun (without OpenSSH its command decides nothing). */
function changesTheConnection(u: UnsupportedSetting): boolean {
  return u.blocking || (u.keyword === 'Match' && /^exec\b/i.test(u.value));
}

function refusalMessage(alias: string, u: UnsupportedSetting): string {
  switch (u.keyword) {
    case 'ProxyCommand':
      return l10n.t('{0} is reached through ProxyCommand {1}, which the built-in SSH client cannot run.', alias, u.value);
    case 'PubkeyAuthentication':
    case 'PreferredAuthentications':
      return l10n.t('{0} logs in without a public key ({1} {2}), which the built-in SSH client cannot do.', alias, u.keyword, u.value);
    case 'Match':
      return l10n.t('The SSH config decides the settings of {0} with Match {1}, a command the built-in SSH client does not run.', alias, u.value);
    default:
      return l10n.t('{0} needs {1} {2}, which the built-in SSH client cannot honour.', alias, u.keyword, u.value);
  }
}
