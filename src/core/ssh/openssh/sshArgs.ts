/** What the docker CLI passes to ssh for an `ssh://` endpoint. */
export interface SshEndpointParts {
  readonly user?: string;
  readonly hostname: string;
  readonly port?: number;
  readonly socketPath?: string;
}

export interface SshArgsOptions {
  /** Background pings: never prompt (BatchMode), never add a host key (StrictHostKeyChecking=yes), and say why in the log (-v). */
  readonly askNobody?: boolean;
  /** `-F file`: a config file other than ~/.ssh/config (tests; the docker CLI passes none). */
  readonly configFile?: string;
  /**
   * Accept an unknown host key for this connection only (a command's `acceptUnknownHostKey`): ssh
   * adds it to `scratch`, a throwaway file read first, and still checks the host against the user's
   * own files, so a changed or revoked key is refused as ever.
   */
  readonly acceptOnce?: { readonly scratch: string; readonly knownHostsFiles: readonly string[] };
}

/**
 * The arguments of `ssh` for a connection to the engine, exactly as the docker CLI builds them
 * (`-o ConnectTimeout=30 -T [-l user] [-p port] -- host docker [--host unix://socket] system
 * dial-stdio`), with our options for pings that may ask nobody placed before theirs.
 */
export function dialStdioArgs(endpoint: SshEndpointParts, options: SshArgsOptions = {}): string[] {
  const remote = ['docker', ...(endpoint.socketPath ? ['--host', `unix://${endpoint.socketPath}`] : []), 'system', 'dial-stdio'];
  return sshArgs(endpoint, options, remote);
}

/** The arguments of `ssh` that run `remote` (words ssh joins with spaces for the remote shell) on the endpoint's host, as for dial-stdio. */
export function sshArgs(endpoint: SshEndpointParts, options: SshArgsOptions, remote: readonly string[]): string[] {
  const args: string[] = options.configFile ? ['-F', options.configFile] : [];
  if (options.askNobody) args.push('-o', 'BatchMode=yes', '-o', `StrictHostKeyChecking=${options.acceptOnce ? 'accept-new' : 'yes'}`, '-v');
  if (options.acceptOnce) {
    const files = [options.acceptOnce.scratch, ...options.acceptOnce.knownHostsFiles].map((f) => `"${f}"`).join(' ');
    args.push('-o', `UserKnownHostsFile=${files}`);
  }
  // One argument, as the docker CLI passes it.
  args.push('-o ConnectTimeout=30', '-T');
  if (endpoint.user) args.push('-l', endpoint.user);
  if (endpoint.port !== undefined) args.push('-p', String(endpoint.port));
  args.push('--', endpoint.hostname, ...remote);
  return args;
}
