import { execFileSync, spawnSync } from 'child_process';
import { existsSync } from 'fs';

/** A Debian package the tests need, and a file that shows it is installed. */
export interface NeededPackage {
  readonly name: string;
  readonly provides: string;
}

let updated = false;

/**
 * Installs the missing packages through apt when running as root on Debian; otherwise
 * throws with the exact command a person should run. Never skips: a missing part fails.
 */
export function ensureDebianPackages(packages: readonly NeededPackage[]): void {
  const missing = packages.filter((p) => !existsSync(p.provides));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(`These tests need Debian packages that are not installed: ${names.join(', ')}. Run: sudo apt-get install -y ${names.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env, encoding: 'utf8' });
  console.log(`      installing ${names.join(', ')} with apt-get`);
  let result = install();
  if (result.status !== 0 && !updated) {
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
    updated = true;
    result = install();
  }
  const still = missing.filter((p) => !existsSync(p.provides));
  if (result.status !== 0 || still.length > 0) {
    throw new Error(`apt-get could not install ${names.join(', ')}: ${(result.stderr || result.stdout || '').trim().slice(-800)}`);
  }
}

export const DOCKER_ENGINE: NeededPackage = { name: 'docker.io', provides: '/usr/sbin/dockerd' };
export const OPENSSH_SERVER: NeededPackage = { name: 'openssh-server', provides: '/usr/sbin/sshd' };
export const OPENSSH_CLIENT: NeededPackage = { name: 'openssh-client', provides: '/usr/bin/ssh-keygen' };
export const CHROMIUM: NeededPackage = { name: 'chromium', provides: '/usr/bin/chromium' };
export const OPENSSL: NeededPackage = { name: 'openssl', provides: '/usr/bin/openssl' };
export const SUDO: NeededPackage = { name: 'sudo', provides: '/usr/bin/sudo' };
