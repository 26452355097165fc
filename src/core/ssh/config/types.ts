/** How to reach one SSH host, after ~/.ssh/config has had its say. */
export interface SshHostSettings {
  /** The name as written (an alias from ~/.ssh/config, or a host name). */
  readonly alias: string;
  readonly hostname: string;
  readonly port: number;
  readonly user: string;
  /** The identity files ssh would try, in order (its defaults when the config names none); only those that exist are tried. */
  readonly identityFiles: readonly string[];
  readonly identitiesOnly: boolean;
  /** Hops to go through first, in order (`ProxyJump a,b`), or none. */
  readonly proxyJump: readonly string[];
  readonly connectTimeoutMs?: number;
  /** The user's known_hosts files (UserKnownHostsFile); new keys are saved to the first. */
  readonly knownHostsFiles: readonly string[];
  readonly strictHostKeyChecking: 'yes' | 'no' | 'ask' | 'accept-new';
}

/** A setting the built-in SSH client cannot honour. */
export interface UnsupportedSetting {
  readonly keyword: string;
  readonly value: string;
  /** What happens instead, for a person to read. */
  readonly reason: string;
  /** True when the connection cannot work as the user meant without OpenSSH (a ProxyCommand, say). */
  readonly blocking: boolean;
}

/** Everything the config says about one host that a client needs, as ssh itself resolves it. */
export interface SshHostDetails extends SshHostSettings {
  /** GlobalKnownHostsFile (read after the user's files, never written). */
  readonly globalKnownHostsFiles: readonly string[];
  /** ProxyCommand as written (its `%` tokens not expanded), when one applies. */
  readonly proxyCommand?: string;
  /** The agent socket to use, `none` for no agent, or undefined for SSH_AUTH_SOCK. */
  readonly identityAgent?: string;
  readonly certificateFiles: readonly string[];
  readonly hashKnownHosts: boolean;
  readonly batchMode: boolean;
  /** The name to look the host key up under (HostKeyAlias), lower-cased as ssh does. */
  readonly hostKeyAlias?: string;
  readonly pubkeyAuthentication: boolean;
  readonly passwordAuthentication: boolean;
  readonly kbdInteractiveAuthentication: boolean;
  /** PreferredAuthentications, when set. */
  readonly preferredAuthentications?: readonly string[];
  readonly serverAliveIntervalMs?: number;
  readonly serverAliveCountMax: number;
  /** Settings the built-in client cannot honour, each with what it does instead. */
  readonly unsupported: readonly UnsupportedSetting[];
}

/** Where ssh runs: whose home, which account, which files. */
export interface SshSurroundings {
  readonly homeDir: string;
  /** The local user, for User when neither the address nor the config names one. */
  readonly localUser: string;
  /** A config file to read instead of ~/.ssh/config, as `ssh -F`: the system file is then not read. */
  readonly configFile?: string;
  /** The system-wide file read after the user's: /etc/ssh/ssh_config unless given; null for none. */
  readonly systemConfigFile?: string | null;
  /** The environment for `${VAR}` (and ssh's); process.env unless given. */
  readonly env?: NodeJS.ProcessEnv;
  /** The folder relative paths in the config are relative to; process.cwd() unless given. */
  readonly cwd?: string;
  /** This machine's name (`%l`, `%L`, `%C`); os.hostname() unless given. */
  readonly localHostname?: string;
  /** The local user id (`%i`); process.getuid() unless given. */
  readonly uid?: number;
  /** The ssh program for `ssh -G`: found on PATH unless given; null to use the built-in parser. */
  readonly sshPath?: string | null;
}

/** What `ssh -G` prints, keyword (lower case) to values: repeated keywords keep each value, one-line lists are split. */
export type SshGValues = ReadonlyMap<string, readonly string[]>;
