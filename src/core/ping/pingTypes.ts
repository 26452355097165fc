/** Why a ping failed, in kinds a person can act on. */
export type PingErrorKind =
  | 'connection-refused'
  | 'host-not-found'
  | 'timeout'
  | 'socket-not-found'
  | 'permission-denied'
  | 'tls-unknown-ca'
  | 'tls-client-cert-rejected'
  | 'tls-hostname-mismatch'
  | 'tls-cert-expired'
  | 'tls-material-missing'
  | 'tls-to-plain-port'
  | 'http-to-https'
  | 'ssh-auth-failed'
  | 'ssh-passphrase-needed'
  | 'ssh-answer-needed'
  | 'ssh-host-key-unknown'
  | 'ssh-host-key-changed'
  | 'ssh-connection-failed'
  | 'ssh-config-invalid'
  | 'remote-docker-not-found'
  | 'remote-engine-unreachable'
  | 'remote-permission-denied'
  | 'invalid-endpoint'
  | 'not-docker'
  /** A Docker engine answered the ping with an error (HTTP 500…). */
  | 'engine-error'
  | 'cancelled'
  | 'unknown';

export interface PingError {
  readonly kind: PingErrorKind;
  /** What happened, in plain words. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

/** The outcome of `GET /_ping` on a context's endpoint. */
export interface PingResult {
  readonly context: string;
  readonly host: string;
  readonly ok: boolean;
  /** Wall time of the ping, connection set-up included. */
  readonly latencyMs: number;
  readonly apiVersion?: string;
  readonly osType?: string;
  readonly experimental?: boolean;
  readonly builderVersion?: string;
  readonly swarm?: string;
  /** True when TLS verification is off for this context (SkipTLSVerify). */
  readonly insecure?: boolean;
  /** The engine's own certificate, on a TLS context that answered (verified or not). */
  readonly engineCertificate?: EngineCertificate;
  readonly error?: PingError;
}

/** The certificate a TLS engine presented in the handshake. */
export interface EngineCertificate {
  /** When it stops being valid, ISO 8601. */
  readonly notAfter: string;
  /** Its subject's common name, when it has one. */
  readonly commonName?: string;
  /** Its subjectAltName as OpenSSL prints it (`DNS:localhost, IP Address:127.0.0.1`), when it has one. */
  readonly subjectAltName?: string;
}

/** A failure with its kind, thrown inside the ping code and turned into a PingError. */
export class PingFailure extends Error {
  constructor(
    readonly kind: PingErrorKind,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'PingFailure';
  }
}
