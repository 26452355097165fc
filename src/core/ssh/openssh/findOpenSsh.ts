import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';

/** An OpenSSH client found on this machine. */
export interface OpenSshClient {
  readonly file: string;
  /** As `ssh -V` prints it, e.g. `OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024`. */
  readonly banner: string;
  readonly major: number;
  readonly minor: number;
}

/** `SSH_ASKPASS_REQUIRE`, which lets prompts come to the editor without a terminal, came in OpenSSH 8.4. */
export const MINIMUM_OPENSSH = { major: 8, minor: 4 } as const;

export interface FindOpenSshOptions {
  readonly platform: NodeJS.Platform;
  /** PATH, and on Windows SystemRoot, as the process sees them. */
  readonly env: NodeJS.ProcessEnv;
  /** How long `ssh -V` may take. */
  readonly timeoutMs?: number;
}

/** The version in an `ssh -V` banner, or undefined when it is not OpenSSH's. */
export function parseOpenSshBanner(banner: string): { major: number; minor: number } | undefined {
  const m = /OpenSSH[_\w]*?_(\d+)\.(\d+)/.exec(banner);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function isRecentEnough(v: { major: number; minor: number }): boolean {
  return v.major > MINIMUM_OPENSSH.major || (v.major === MINIMUM_OPENSSH.major && v.minor >= MINIMUM_OPENSSH.minor);
}

/** Where to look for `ssh`: the PATH's folders in order, and on Windows the system's OpenSSH first. */
export function sshCandidates(options: FindOpenSshOptions): string[] {
  const windows = options.platform === 'win32';
  const pathValue = options.env.PATH ?? options.env.Path ?? '';
  const dirs = pathValue.split(windows ? ';' : ':').filter((d) => d !== '');
  const names = windows ? ['ssh.exe'] : ['ssh'];
  const found = dirs.flatMap((d) => names.map((n) => (windows ? path.win32 : path.posix).join(d, n)));
  if (windows) {
    const root = options.env.SystemRoot ?? options.env.SYSTEMROOT ?? 'C:\\Windows';
    found.unshift(path.win32.join(root, 'System32', 'OpenSSH', 'ssh.exe'));
  }
  return found;
}

/**
 * Finds the OpenSSH client the docker CLI would run (`ssh` on the PATH; on Windows the system's
 * own first), and reads its version. Undefined when there is none, or only one older than 8.4.
 */
export async function findOpenSsh(options: FindOpenSshOptions): Promise<OpenSshClient | undefined> {
  for (const file of sshCandidates(options)) {
    if (!(await isExecutableFile(file, options.platform))) continue;
    const banner = await sshVersion(file, options.timeoutMs ?? 5000);
    const version = banner === undefined ? undefined : parseOpenSshBanner(banner);
    if (banner !== undefined && version && isRecentEnough(version)) return { file, banner, ...version };
    // The first ssh on the PATH is the one the docker CLI runs: an old or foreign one ends the search.
    return undefined;
  }
  return undefined;
}

/** Whether `file` is a regular file this user may run (on Windows: a regular file). */
export async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') await fs.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function sshVersion(file: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = execFile(file, ['-V'], { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      const text = `${stderr}${stdout}`.trim();
      resolve(error && !text ? undefined : text.split(/\r?\n/)[0]);
    });
    child.stdin?.end();
  });
}
