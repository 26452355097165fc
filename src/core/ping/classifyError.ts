import { errorCode, errorMessage } from '../errors';
import { SshConfigError } from '../ssh/sshConfig';
import { PingError, PingFailure } from './pingTypes';
import * as l10n from '@vscode/l10n';

/** Where a ping was going, for messages that name it. */
export interface PingTarget {
  readonly transport: 'unix' | 'npipe' | 'tcp' | 'ssh';
  /** What to call the address in a message: host:port, a socket path, user@host. */
  readonly address: string;
  readonly tls: boolean;
  /** What is at a unix socket path, when the connection to it failed (see socketPathKind). */
  readonly pathKind?: SocketPathKind;
}

/** What a unix socket path turned out to be. */
export type SocketPathKind = 'socket' | 'file' | 'directory' | 'other' | 'missing' | 'unknown';

/** A TLS record (handshake or alert) where an HTTP status line was expected: the port speaks TLS. */
/** The failure of a unix socket path that is a regular file, a folder or another non-socket. */
function notASocket(target: PingTarget): PingError | undefined {
  const hint = l10n.t('Point the context at the socket dockerd listens on (usually /var/run/docker.sock), or start Docker so that it creates the socket there.');
  switch (target.pathKind) {
    case 'file':
      return { kind: 'socket-not-found', message: l10n.t('{0} is a regular file, not a socket: no Docker engine listens there.', target.address), hint };
    case 'directory':
      return { kind: 'socket-not-found', message: l10n.t('{0} is a folder, not a socket: no Docker engine listens there.', target.address), hint };
    case 'other':
      return { kind: 'socket-not-found', message: l10n.t('{0} is not a socket: no Docker engine listens there.', target.address), hint };
    default:
      return undefined;
  }
}

function startsLikeTls(raw: unknown): boolean {
  return Buffer.isBuffer(raw) && raw.length >= 2 && (raw[0] === 0x15 || raw[0] === 0x16) && raw[1] === 0x03;
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

const CLIENT_CERT_REJECTED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

/**
 * A configuration ssh refuses (a bad line, an Include loop, a file others may write), as a
 * failure that names the host and what ssh says, file and line included when ssh gives them;
 * `configFile` is named when the problem itself names no file.
 */
export function sshConfigFailure(e: SshConfigError, host: string, configFile?: string): PingFailure {
  const problems = e.problems.slice(0, 3).join('; ');
  const namesAFile = e.problems.some((p) => /line \d+|[/\\]/.test(p));
  return new PingFailure(
    'ssh-config-invalid',
    namesAFile || configFile === undefined
      ? l10n.t('ssh refuses the SSH configuration for {0}: {1}', host, problems)
      : l10n.t('ssh refuses the SSH configuration for {0} in {1} or a file it includes: {2}', host, configFile, problems),
    l10n.t('Correct the SSH configuration where the message says (ssh -G {0} shows the same error), then ping again.', host),
  );
}

/** Turns whatever a ping threw into a kind, a message and a hint a person can act on. */
export function classifyPingError(e: unknown, target: PingTarget, timedOut: boolean, cancelled: boolean): PingError {
  if (e instanceof PingFailure) return { kind: e.kind, message: e.message, hint: e.hint };
  if (e instanceof SshConfigError) {
    const f = sshConfigFailure(e, target.address);
    return { kind: f.kind, message: f.message, hint: f.hint };
  }
  if (cancelled) return { kind: 'cancelled', message: l10n.t('The ping was cancelled.'), hint: '' };
  if (timedOut) {
    return {
      kind: 'timeout',
      message: l10n.t('{0} did not answer in time.', target.address),
      hint:
        target.transport === 'ssh'
          ? l10n.t('Check that the host is up and that SSH reaches it (a firewall that drops packets looks like this), or raise dockerContexts.pingTimeoutMs.')
          : l10n.t('Check that the host is up and that no firewall drops traffic to the port, or raise dockerContexts.pingTimeoutMs.'),
    };
  }
  let code = errorCode(e) ?? '';
  const detail = errorMessage(e);
  // OpenSSL's reasons sometimes come only in the message of a generic EPROTO.
  if (/wrong version number|packet length too long/i.test(detail)) code = 'ERR_SSL_WRONG_VERSION_NUMBER';
  const wrongPath = target.transport === 'unix' ? notASocket(target) : undefined;
  if (wrongPath && (code === 'ECONNREFUSED' || code === 'ENOTSOCK' || code === 'ENOTDIR')) return wrongPath;
  if (code.startsWith('HPE_')) {
    // Node's HTTP parser met an answer that is not HTTP.
    if (startsLikeTls((e as { rawPacket?: unknown }).rawPacket) && !target.tls) {
      return {
        kind: 'http-to-https',
        message: l10n.t('{0} speaks TLS, but the context connects without it.', target.address),
        hint: l10n.t('Give the context TLS material (ca.pem, cert.pem, key.pem) or turn TLS on for it, or use the port where the engine listens without TLS (usually 2375).'),
      };
    }
    return {
      kind: 'not-docker',
      message: l10n.t('{0} answered, but not as a Docker engine speaks (HTTP): {1}', target.address, detail),
      hint:
        target.transport === 'ssh'
          ? l10n.t('Check what "docker system dial-stdio" prints on the remote host: something there answers in its place.')
          : l10n.t('Check the port of the context: another service listens there. Docker listens on 2376 with TLS and 2375 without.'),
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'connection-refused',
        message: l10n.t('Nothing accepts connections at {0}.', target.address),
        hint:
          target.transport === 'unix' || target.transport === 'npipe'
            ? l10n.t('Start Docker (dockerd or Docker Desktop) on this machine.')
            : l10n.t('Check that dockerd listens on this port (-H tcp://0.0.0.0:{0} or "hosts" in daemon.json) and that a firewall allows it.', target.tls ? 2376 : 2375),
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return {
        kind: 'host-not-found',
        message: l10n.t('The host name of {0} cannot be resolved.', target.address),
        hint: l10n.t('Check the spelling of the host, or use its IP address; a VPN or /etc/hosts entry may be needed.'),
      };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        kind: 'timeout',
        message: l10n.t('{0} cannot be reached ({1}).', target.address, code),
        hint: l10n.t('Check that the host is up and on a network this machine can reach.'),
      };
    case 'ENOENT':
    case 'ENOTDIR':
      return {
        kind: 'socket-not-found',
        message: l10n.t('There is no Docker socket at {0}.', target.address),
        hint: l10n.t('Start Docker on this machine, or check the socket path of the context.'),
      };
    case 'EACCES':
    case 'EPERM':
      return {
        kind: 'permission-denied',
        message: l10n.t('Permission denied on {0}.', target.address),
        hint: l10n.t('Add your user to the docker group (sudo usermod -aG docker $USER), then log in again.'),
      };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return {
        kind: 'tls-hostname-mismatch',
        message: l10n.t("The engine's certificate does not name {0}: {1}", target.address, detail),
        hint: l10n.t('Connect with a host name or IP address that the server certificate lists in its subjectAltName, or issue a server certificate that includes this one.'),
      };
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return {
        kind: 'tls-cert-expired',
        message: code === 'CERT_HAS_EXPIRED' ? l10n.t("The engine's certificate has expired.") : l10n.t("The engine's certificate is not valid yet."),
        hint: code === 'CERT_HAS_EXPIRED' ? l10n.t('Issue a new server certificate from the CA and restart dockerd.') : l10n.t('Check the clocks of this machine and of the engine host.'),
      };
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return {
        kind: 'tls-to-plain-port',
        message: l10n.t('{0} does not speak TLS.', target.address),
        hint: l10n.t('The engine listens without TLS here: check the port (2376 is for TLS, 2375 is plain), or start dockerd with --tlsverify.'),
      };
  }
  if (UNKNOWN_CA.has(code)) {
    return {
      kind: 'tls-unknown-ca',
      message: l10n.t("The engine's certificate is not signed by the context's CA ({0}).", code),
      hint: l10n.t("Use the ca.pem of the CA that signed the engine's server certificate."),
    };
  }
  if (CLIENT_CERT_REJECTED.has(code) || /alert (bad certificate|unknown ca|certificate required)/i.test(detail)) {
    return {
      kind: 'tls-client-cert-rejected',
      message: l10n.t('The engine refused the client certificate.'),
      hint: l10n.t('The engine runs with --tlsverify and accepts only client certificates signed by its own CA: use a cert.pem and key.pem issued by that CA.'),
    };
  }
  if ((code === 'ECONNRESET' || /socket hang up/i.test(detail)) && target.transport === 'ssh') {
    return {
      kind: 'ssh-connection-failed',
      message: l10n.t('The SSH connection to {0} ended before the engine answered.', target.address),
      hint: l10n.t('Ping again; if it keeps happening, run "docker --context NAME version" in a terminal to see what ssh or the remote docker says.'),
    };
  }
  if (code === 'ECONNRESET' || /socket hang up/i.test(detail)) {
    return {
      kind: target.tls ? 'tls-client-cert-rejected' : 'connection-refused',
      message: l10n.t('{0} closed the connection.', target.address),
      hint: target.tls
        ? l10n.t('The engine may have refused the client certificate: use a cert.pem and key.pem issued by the engine’s CA.')
        : l10n.t('The engine may expect TLS on this port: give the context TLS material.'),
    };
  }
  return { kind: 'unknown', message: detail, hint: l10n.t('See the Docker Remote Contexts log for details.') };
}
