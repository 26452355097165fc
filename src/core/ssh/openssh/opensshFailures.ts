import * as l10n from '@vscode/l10n';
import { sshConfigFailure } from '../../ping/classifyError';
import { PingFailure } from '../../ping/pingTypes';
import { SshConfigError } from '../sshConfig';
import { remoteFailure } from '../dialStdio';
import { closedWithoutGreeting, notSsh } from '../sshPortFailures';

/** Where the failing connection went, for messages: `user@host:port` as the endpoint names it. */
export interface SshWhere {
  readonly where: string;
  /** The name ssh looked up, for `ssh-keygen -R`. */
  readonly hostname: string;
  readonly port?: number;
}

/** ssh's own messages, without its `-v` debug lines. */
export function sshMessages(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !/^debug\d: /.test(l))
    .join('\n');
}

/**
 * Reads why `ssh … docker system dial-stdio` ended before the engine answered, from its exit status
 * and stderr, in the same kinds the built-in client reports. ssh exits with 255 for its own errors;
 * any other status is the remote command's.
 */
export function opensshFailure(stderr: string, exitCode: number | undefined, at: SshWhere, askedNobody: boolean): PingFailure {
  const said = sshMessages(stderr);
  const quoted = said ? ' ' + l10n.t('ssh said: "{0}"', said.split('\n').slice(-3).join(' ').slice(0, 400)) : '';
  const name = at.port === undefined || at.port === 22 ? at.hostname : `[${at.hostname}]:${at.port}`;
  if (exitCode !== 255 && exitCode !== undefined) return remoteFailure(said, exitCode, at.where);
  // ssh stops before connecting on a configuration it refuses, and says where (file: line N: …).
  if (/terminating, \d+ bad configuration option|Bad configuration option|line \d+: |include nesting depth exceeded|Bad owner or permissions on/i.test(said)) {
    const problems = said.split('\n').filter((l) => !/terminating, \d+ bad configuration option/i.test(l));
    return sshConfigFailure(new SshConfigError(problems.join('; '), problems.length ? problems : [said]), at.hostname);
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed|host key .* has changed/i.test(said)) {
    return new PingFailure(
      'ssh-host-key-changed',
      l10n.t('WARNING: the host key of {0} has changed. Someone may be intercepting the connection, or the host was reinstalled.', name),
      l10n.t('If you know the host was reinstalled, remove the old key (ssh-keygen -R "{0}") and connect again to review the new one.', name),
    );
  }
  if (/REVOKED HOST KEY|revoked key/i.test(said)) {
    return new PingFailure(
      'ssh-host-key-changed',
      l10n.t('WARNING: the host key of {0} has been revoked. Someone may be intercepting the connection, or the host was reinstalled.', name),
      l10n.t('Do not connect to this host until its administrator issues a new key.'),
    );
  }
  if (/No .* host key is known for|Host key verification failed|authenticity of host .* can't be established/i.test(said)) {
    return new PingFailure(
      'ssh-host-key-unknown',
      l10n.t('The host key of {0} is not in known_hosts.', name),
      askedNobody
        ? l10n.t('Ping the context from its row to review and trust the host key, or run: ssh {0}', sshCommandFor(at))
        : l10n.t("Check the fingerprint with the host's administrator, then ping again and trust it, or run: ssh {0}", sshCommandFor(at)),
    );
  }
  if (/Could not resolve hostname|Name or service not known|nodename nor servname|No such host is known|Temporary failure in name resolution/i.test(said)) {
    return new PingFailure('host-not-found', l10n.t('The host name of {0} could not be resolved.{1}', at.where, quoted), l10n.t('Check the host name (and HostName in ~/.ssh/config) and your DNS.'));
  }
  // A port that is not sshd's: ssh names the address it reached ("Connection to HOST port N").
  const reached = /Connection to (\S+) port (\d+)/.exec(said);
  const hostPort = reached ? `${reached[1]}:${reached[2]}` : at.where;
  if (/banner line contains invalid characters|invalid format|Bad packet length|message authentication code incorrect|Protocol major versions differ|Bad remote protocol version/i.test(said)) {
    return notSsh(hostPort, said.split('\n').slice(-2).join(' ').slice(0, 200));
  }
  if (/kex_exchange_identification: (Connection closed by remote host|read: Connection reset by peer)/i.test(said)) return closedWithoutGreeting(hostPort);
  if (/Connection refused/i.test(said)) {
    return new PingFailure(
      'connection-refused',
      l10n.t('Nothing accepts SSH connections at {0}.', at.where),
      l10n.t('Check that sshd runs on the host and that the port is right (Port in ~/.ssh/config or in the address).'),
    );
  }
  if (/timed out|Connection timed out|Operation timed out/i.test(said)) {
    return new PingFailure('timeout', l10n.t('{0} did not answer SSH in time.{1}', at.where, quoted), l10n.t('Check that the host is up and that SSH reaches it (a firewall that drops packets looks like this).'));
  }
  if (/Permission denied|Too many authentication failures|No more authentication methods/i.test(said)) {
    const acceptedKey = /Server accepts key: (\S+)/.exec(stderr)?.[1];
    if (askedNobody && acceptedKey) {
      return new PingFailure(
        'ssh-passphrase-needed',
        l10n.t('{0} is encrypted, and this ping could not ask for its passphrase.', acceptedKey),
        l10n.t('Ping the context from its row to enter the passphrase, or load the key into the SSH agent (ssh-add).'),
      );
    }
    const methods = /Permission denied \(([^)]*)\)/.exec(said)?.[1] ?? '';
    if (askedNobody && /password|keyboard-interactive/.test(methods)) {
      return new PingFailure(
        'ssh-answer-needed',
        l10n.t('{0} asks for a password or a code, and this ping could not ask you.', at.where),
        l10n.t('Ping the context from its row to answer the prompt, or set up key-based login.'),
      );
    }
    return new PingFailure(
      'ssh-auth-failed',
      l10n.t('SSH authentication at {0} failed.{1}', at.where, quoted),
      l10n.t('Add your public key to ~/.ssh/authorized_keys on the host, load the right key into the agent (ssh-add), or set IdentityFile for this host in ~/.ssh/config.'),
    );
  }
  return new PingFailure(
    'ssh-connection-failed',
    l10n.t('ssh could not connect to {0}{1}.{2}', at.where, exitCode !== undefined ? ` (exit ${exitCode})` : '', quoted),
    l10n.t('Run "ssh {0}" in a terminal to see the problem.', sshCommandFor(at)),
  );
}

function sshCommandFor(at: SshWhere): string {
  return at.port !== undefined && at.port !== 22 ? `-p ${at.port} ${at.where.replace(/:\d+$/, '')}` : at.where.replace(/:\d+$/, '');
}
