/** Quotes a word for a POSIX shell: `'…'`, with each `'` written as `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** How a script runs on the host: as the SSH user, as root already, or through sudo (without or with a password). */
export type RunAs = 'user' | 'root' | 'sudo' | 'sudo-password';

/**
 * A script to run on a remote host, and what follows it on its stdin. The command line holds only
 * a one-line launcher that reads the script from stdin (`head -c` reads exactly its length), so
 * whatever the account's login shell is (sh, bash, zsh, fish, csh) it parses nothing but that
 * line, nothing of the script shows in the host's process list, and no key ever sits in an
 * argument. Under sudo with a password, the password is stdin's first line: sudo -S reads exactly
 * that line, and -k makes it ask even when the account has a cached sudo ticket.
 */
export interface RemoteScript {
  /** The command line for ssh. */
  readonly command: string;
  /** What to write to stdin first: [the sudo password line], the script, then `data`. */
  readonly input: string;
}

export function remoteScript(script: string, args: readonly string[], runAs: RunAs, options: { sudoPassword?: string; data?: string } = {}): RemoteScript {
  const length = Buffer.byteLength(script, 'utf8');
  const launcher = ['sh', '-c', shellQuote(`eval "$(head -c ${length})"`), 'drc', ...args.map(shellQuote)].join(' ');
  const sudo = runAs === 'sudo' ? 'sudo -n ' : runAs === 'sudo-password' ? "sudo -S -k -p '' " : '';
  const password = runAs === 'sudo-password' ? passwordLine(options.sudoPassword) : '';
  return { command: sudo + launcher, input: password + script + (options.data ?? '') };
}

function passwordLine(password: string | undefined): string {
  if (password === undefined) throw new Error('A sudo password is needed to run this as root.');
  if (/[\r\n]/.test(password)) throw new Error('A sudo password cannot hold a line break.');
  return password + '\n';
}
