/** What the SSH code asks of a person; the editor answers with prompts, tests with fixed answers. */
export interface SshInteraction {
  /** An unknown host key: trust it for this connection, trust it and save it to known_hosts, or refuse. */
  confirmHostKey(question: HostKeyQuestion): Promise<'once' | 'save' | 'reject'>;
  /** The passphrase of an encrypted key, or undefined to skip the key. `attempt` counts from 1. */
  askPassphrase(keyFile: string, attempt: number): Promise<string | undefined>;
}

export interface HostKeyQuestion {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  /** `SHA256:…`, as `ssh` prints it. */
  readonly fingerprint: string;
  /** Where "save" writes the key. */
  readonly knownHostsFile: string;
}

/** How SSH connections behave where no person is asked (a command called with an argument). */
export interface SshPolicy {
  /** Accept (for this connection only) a host key that known_hosts does not list. */
  readonly acceptUnknownHostKey?: boolean;
}
