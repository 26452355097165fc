import { PingFailure } from '../ping/pingTypes';
import * as l10n from '@vscode/l10n';

const CHECK_PORT = () => l10n.t('Check the port of the context (in its address, or Port in ~/.ssh/config): it must be the port sshd listens on, usually 22.');

/** A port that answered, but not as an SSH server speaks (both SSH clients). */
export function notSsh(hostPort: string, detail: string): PingFailure {
  return new PingFailure('ssh-connection-failed', l10n.t('{0} answered, but not as an SSH server speaks ({1}).', hostPort, detail), CHECK_PORT());
}

/** A port that accepted the connection and hung up before the SSH greeting. */
export function closedWithoutGreeting(hostPort: string): PingFailure {
  return new PingFailure(
    'ssh-connection-failed',
    l10n.t('{0} accepted the connection and closed it without an SSH greeting.', hostPort),
    l10n.t('{0} sshd also does this when it refuses a client (MaxStartups, a TCP wrapper): see its log.', CHECK_PORT()),
  );
}
