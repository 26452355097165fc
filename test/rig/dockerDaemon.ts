import { promises as fs, readFileSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as path from 'path';
import { freePort } from './ports';
import { Daemon, adoptPid, isAlive, mustRun, startDaemon, stopPid, waitUntilReady } from './processes';

const DOCKERD = '/usr/sbin/dockerd';

/** The group that may use the daemon's socket; the SSH test user is in it. */
export const DOCKER_GROUP = 'docker';

export interface DockerDaemonOptions {
  /** A short folder of its own (unix socket paths are limited to 108 characters). */
  readonly dir: string;
  /** Also listen on tcp://127.0.0.1:PORT with client certificates required. */
  readonly tls?: { readonly ca: string; readonly serverCert: string; readonly serverKey: string; readonly client: { readonly cert: string; readonly key: string } };
  readonly readyTimeoutMs?: number;
  /** Count the daemon ready when its unix socket answers, without a verified TLS ping (for a deliberately bad server certificate). */
  readonly skipTlsReadyCheck?: boolean;
  /** Also listen on tcp://127.0.0.1:PORT without TLS (dockerd then warns about it in `/info`); not with `tls`. */
  readonly plainTcp?: boolean;
}

export interface DockerDaemon {
  readonly pid: number;
  readonly socket: string;
  /** `unix://` + socket */
  readonly unixHost: string;
  /** `tcp://127.0.0.1:PORT`, when started with TLS. */
  readonly tlsHost?: string;
  readonly tlsPort?: number;
  /** `tcp://127.0.0.1:PORT` without TLS, when started with `plainTcp`. */
  readonly plainHost?: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Where a daemon started in `dir` listens: known before it starts, for sshd's DOCKER_HOST. */
export function dockerSocketPath(dir: string): string {
  return path.join(dir, 'docker.sock');
}

/** GET /_ping on the unix socket: true when the daemon answers OK. */
export function pingUnix(socket: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 && body === 'OK'));
    });
    request.on('timeout', () => request.destroy(new Error('ping timed out')));
    request.on('error', reject);
  });
}

/** GET /_ping over TLS with a client certificate: true when the daemon answers OK. */
export function pingTls(port: number, files: { ca: string; cert: string; key: string }, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/_ping',
        timeout: timeoutMs,
        ca: readFileSync(files.ca),
        cert: readFileSync(files.cert),
        key: readFileSync(files.key),
        servername: 'localhost',
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(response.statusCode === 200 && body === 'OK'));
      },
    );
    request.on('timeout', () => request.destroy(new Error('TLS ping timed out')));
    request.on('error', reject);
  });
}

/**
 * Starts a real dockerd (with its own containerd) that owns nothing outside `dir`: no iptables,
 * no bridge, vfs storage, its own daemon.json. Its socket belongs to the `docker` group.
 * Resolves once /_ping answers on every listener.
 */
export async function startDockerDaemon(options: DockerDaemonOptions): Promise<DockerDaemon> {
  const dir = options.dir;
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await fs.chmod(dir, 0o755);
  const socket = dockerSocketPath(dir);
  const configFile = path.join(dir, 'daemon.json');
  const execRoot = path.join(dir, 'x');
  const logFile = path.join(dir, 'dockerd.log');
  await fs.writeFile(configFile, '{}\n');
  const args = [
    '--config-file', configFile,
    '--iptables=false', '--ip6tables=false', '--bridge=none', '--storage-driver=vfs',
    '--data-root', path.join(dir, 'data'),
    '--exec-root', execRoot,
    '--pidfile', path.join(dir, 'dockerd.pid'),
    '--group', DOCKER_GROUP,
    '-H', `unix://${socket}`,
  ];
  let tlsPort: number | undefined;
  if (options.tls) {
    tlsPort = await freePort();
    args.push('--tlsverify', '--tlscacert', options.tls.ca, '--tlscert', options.tls.serverCert, '--tlskey', options.tls.serverKey, '-H', `tcp://127.0.0.1:${tlsPort}`);
  }
  const plainPort = options.plainTcp && !options.tls ? await freePort() : undefined;
  if (plainPort !== undefined) args.push('-H', `tcp://127.0.0.1:${plainPort}`);
  const daemon = startDaemon('dockerd', DOCKERD, args, logFile);
  const stop = () => stopDockerDaemon(daemon, dir, execRoot);
  try {
    const tls = options.tls;
    await waitUntilReady(
      daemon,
      async () => (await pingUnix(socket)) && (tls === undefined || tlsPort === undefined || options.skipTlsReadyCheck === true || (await pingTls(tlsPort, { ca: tls.ca, ...tls.client }))),
      options.readyTimeoutMs,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const containerdPid = readPid(containerdPidFile(execRoot));
  if (containerdPid !== undefined) adoptPid(containerdPid);
  return {
    pid: daemon.pid,
    socket,
    unixHost: `unix://${socket}`,
    tlsHost: tlsPort === undefined ? undefined : `tcp://127.0.0.1:${tlsPort}`,
    tlsPort,
    plainHost: plainPort === undefined ? undefined : `tcp://127.0.0.1:${plainPort}`,
    logFile,
    stop,
  };
}

/**
 * Stops dockerd, then its containerd by PID should dockerd have left it behind, then unmounts
 * what it left mounted under `dir` (it bind-mounts its data root onto itself, and a daemon that
 * failed to start does not undo that), so the folder can be removed.
 */
async function stopDockerDaemon(daemon: Daemon, dir: string, execRoot: string): Promise<void> {
  const containerdPid = readPid(containerdPidFile(execRoot));
  await daemon.stop();
  if (containerdPid !== undefined && isAlive(containerdPid)) await stopPid(containerdPid);
  for (const mountPoint of mountsUnder(dir)) await mustRun('umount', [mountPoint]);
}

/** Mount points at or under `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => (line.split(' ')[1] ?? '').replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8))))
    .filter((mountPoint) => mountPoint === dir || mountPoint.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

function containerdPidFile(execRoot: string): string {
  return path.join(execRoot, 'containerd', 'containerd.pid');
}

/** The PID a pidfile holds, or undefined when it is missing or holds none. */
export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
