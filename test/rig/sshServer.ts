import { promises as fs } from 'fs';
import * as path from 'path';
import { firstBytes, freePort } from './ports';
import { mustRun, startDaemon, waitUntilReady } from './processes';
import { TEST_USER, ensureTestUser } from './testUser';

const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

export interface SshServerOptions {
  /** A folder of its own; made readable to the test user, who reads authorized_keys from it. */
  readonly dir: string;
  /**
   * DOCKER_HOST in the sessions, so the remote `docker system dial-stdio` reaches the rig's daemon.
   * Without it the sessions set none, and `docker` there reaches the system engine's socket.
   */
  readonly dockerHost?: string;
  readonly user?: string;
  readonly readyTimeoutMs?: number;
  /** A CA public key whose user certificates sshd accepts (TrustedUserCAKeys), keys not in authorized_keys. */
  readonly trustedUserCaKey?: string;
  /** Lets the test user in with this password too (the account's password is set to it). */
  readonly password?: string;
}

export interface SshServer {
  readonly pid: number;
  readonly port: number;
  readonly user: string;
  /** The user's private key (ed25519, no passphrase); its public half is in `authorizedKeys`. */
  readonly keyFile: string;
  readonly publicKeyFile: string;
  readonly authorizedKeys: string;
  /** `[127.0.0.1]:PORT ssh-ed25519 …`: the server's host key, as a client's known_hosts holds it. */
  readonly knownHosts: string;
  /** The host key line's key part (`ssh-ed25519 AAAA…`). */
  readonly hostPublicKey: string;
  /** `ssh://USER@127.0.0.1:PORT` */
  readonly host: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

async function keygen(file: string, comment: string): Promise<string> {
  await mustRun(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return (await fs.readFile(`${file}.pub`, 'utf8')).trim();
}

function sshdConfig(o: { port: number; dir: string; hostKey: string; authorizedKeys: string; user: string; dockerHost?: string; trustedUserCaKey?: string; password?: string }): string {
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKey}`,
    `PidFile ${path.join(o.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    // The keys live under /tmp, which StrictModes would reject.
    'StrictModes no',
    'UsePAM no',
    `PasswordAuthentication ${o.password ? 'yes' : 'no'}`,
    ...(o.trustedUserCaKey ? [`TrustedUserCAKeys ${o.trustedUserCaKey}`] : []),
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `AllowUsers ${o.user}`,
    'AllowTcpForwarding yes',
    'AllowStreamLocalForwarding yes',
    'PrintMotd no',
    'LogLevel VERBOSE',
    ...(o.dockerHost === undefined ? [] : [`SetEnv DOCKER_HOST=${o.dockerHost}`]),
    '',
  ].join('\n');
}

/**
 * Starts a real OpenSSH server on 127.0.0.1 with its own host key, letting in only the test
 * user with the rig's key. Resolves once it sends its banner.
 */
export async function startSshServer(options: SshServerOptions): Promise<SshServer> {
  const dir = options.dir;
  const user = options.user ?? TEST_USER;
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await fs.chmod(dir, 0o755);
  // sshd's privilege separation folder.
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const keyFile = path.join(dir, 'id_ed25519');
  const authorizedKeys = path.join(dir, 'authorized_keys');
  const knownHosts = path.join(dir, 'known_hosts');
  const configFile = path.join(dir, 'sshd_config');
  const logFile = path.join(dir, 'sshd.log');
  const [, hostLine, userLine, port] = await Promise.all([ensureTestUser(user), keygen(hostKey, 'drc-rig host'), keygen(keyFile, `${user}@drc-rig`), freePort()]);
  const hostPublicKey = hostLine.split(/\s+/).slice(0, 2).join(' ');
  await fs.writeFile(authorizedKeys, userLine + '\n', { mode: 0o644 });
  await fs.writeFile(knownHosts, `[127.0.0.1]:${port} ${hostPublicKey}\n`, { mode: 0o644 });
  if (options.password) await mustRun('chpasswd', [], { input: `${user}:${options.password}\n` });
  await fs.writeFile(configFile, sshdConfig({ port, dir, hostKey, authorizedKeys, user, dockerHost: options.dockerHost, trustedUserCaKey: options.trustedUserCaKey, password: options.password }));
  const daemon = startDaemon('sshd', SSHD, ['-D', '-e', '-f', configFile], logFile);
  try {
    await waitUntilReady(daemon, async () => (await firstBytes(port)).startsWith('SSH-'), options.readyTimeoutMs);
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  return {
    pid: daemon.pid,
    port,
    user,
    keyFile,
    publicKeyFile: `${keyFile}.pub`,
    authorizedKeys,
    knownHosts,
    hostPublicKey,
    host: `ssh://${user}@127.0.0.1:${port}`,
    logFile,
    stop: () => daemon.stop(),
  };
}
