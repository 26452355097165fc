import { errorCode } from '../errors';
import { PingFailure } from '../ping/pingTypes';
import { opensshHint } from './builtinLimits';
import { AuthLog } from './sshAuth';
import { closedWithoutGreeting, notSsh } from './sshPortFailures';
import { ResolvedSshHost } from './sshResolve';
import * as l10n from '@vscode/l10n';

/** What the built-in client knew when its connection to one hop failed before it was ready. */
export interface HandshakeState {
  /** `user@host[:port]`, for messages. */
  readonly where: string;
  readonly hop: Pick<ResolvedSshHost, 'user' | 'hostname' | 'port'>;
  /** Whether the key exchange had finished: before it, a failure to parse means the peer does not speak SSH. */
  readonly handshaken: boolean;
  /** Why our host key check refused the server, when it did. */
  readonly hostKeyFailure: PingFailure | undefined;
  readonly log: AuthLog;
  /** Whether someone could be asked (a passphrase, a host key). */
  readonly interaction: unknown;
}

/** Turns an error of ssh2's Client before 'ready' into a failure a person can act on. */
export function handshakeFailure(err: Error & { level?: string }, s: HandshakeState): Error {
  const { where, hop, log } = s;
  if (s.hostKeyFailure) return s.hostKeyFailure;
  if (err.level === 'client-authentication' && log.locked.length && !s.interaction) {
    // Asked nothing (a background ping): the key is probably fine, it only needs its passphrase.
    return new PingFailure(
      'ssh-passphrase-needed',
      l10n.t('{0} is encrypted, and this ping could not ask for its passphrase.', log.locked[0]),
      l10n.t('Ping the context from its row to enter the passphrase, or load the key into the SSH agent (ssh-add).'),
    );
  }
  if (err.level === 'client-authentication' && log.certificates.length) {
    // ssh would have offered the certificate beside the key as well; it may be what the host trusts.
    return new PingFailure(
      'ssh-auth-failed',
      l10n.t('SSH authentication as {0} failed. Tried: {1}. The user certificate {2} was not offered: the built-in SSH client cannot use OpenSSH user certificates.', where, log.tried.join('; '), log.certificates[0]),
      opensshHint(l10n.t('a user certificate')),
    );
  }
  if (err.level === 'client-authentication') {
    return new PingFailure(
      'ssh-auth-failed',
      log.tried.length ? l10n.t('SSH authentication as {0} failed. Tried: {1}.', where, log.tried.join('; ')) : l10n.t('SSH authentication as {0} failed: no agent runs and no identity file was found.', where),
      l10n.t('Add your public key to ~/.ssh/authorized_keys of {0} on the host, load the right key into the agent (ssh-add), or set IdentityFile for this host in ~/.ssh/config.', hop.user),
    );
  }
  if (err.level === 'client-timeout') {
    return handshakeTimeout(where);
  }
  if (errorCode(err) === 'ECONNREFUSED') {
    return new PingFailure(
      'connection-refused',
      l10n.t('Nothing accepts SSH connections at {0}:{1}.', hop.hostname, hop.port),
      l10n.t('Check that sshd runs on the host and that the port is right (Port in ~/.ssh/config or in the address).'),
    );
  }
  // ssh2 throws its parser's errors without a level, and marks a lost banner 'protocol'.
  if (!s.handshaken && err.level === 'protocol' && /Connection lost before handshake/.test(err.message)) {
    return closedWithoutGreeting(`${hop.hostname}:${hop.port}`);
  }
  if (!s.handshaken && (err.level === undefined || err.level === 'protocol')) return notSsh(`${hop.hostname}:${hop.port}`, err.message);
  return err;
}

/** The handshake with `where` outlasted its limit (ssh2's own, or ConnectTimeout). */
export function handshakeTimeout(where: string): PingFailure {
  return new PingFailure('timeout', l10n.t('The SSH handshake with {0} did not finish in time.', where), l10n.t('Check that the host is up and that SSH reaches it.'));
}
