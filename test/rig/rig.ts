import { mkdtempSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DOCKER_ENGINE, OPENSSH_SERVER, OPENSSL, ensureDebianPackages } from '../support/debianPackages';
import { TempWorld } from '../support/tempWorld';
import { writeSshWrapper } from './dockerCli';
import { DockerDaemon, dockerSocketPath, startDockerDaemon } from './dockerDaemon';
import { SshServer, startSshServer } from './sshServer';
import { TlsFixtures, createTlsFixtures } from './tlsFixtures';

/**
 * Real parts for integration tests, all under one temporary folder: a dockerd listening on a
 * unix socket and on TLS, an sshd that lets a test user reach that daemon, and the TLS files.
 */
export interface Rig {
  readonly root: string;
  readonly docker: {
    readonly pid: number;
    readonly socket: string;
    /** `unix://…/docker.sock` */
    readonly unixHost: string;
    /** `tcp://127.0.0.1:PORT`, client certificates required. */
    readonly tlsHost: string;
    readonly tlsPort: number;
    readonly logFile: string;
  };
  /** ca.pem, cert.pem, key.pem for clients; server-cert.pem, server-key.pem for the daemon. */
  readonly tls: TlsFixtures;
  readonly ssh: {
    readonly pid: number;
    readonly port: number;
    readonly user: string;
    readonly keyFile: string;
    readonly knownHosts: string;
    readonly hostPublicKey: string;
    /** `ssh://drc-test@127.0.0.1:PORT` */
    readonly host: string;
    readonly logFile: string;
  };
  /** Holds `ssh`, the wrapper that keeps the docker CLI on the rig's key and known_hosts. */
  readonly binDir: string;
  /**
   * Environment for the real docker CLI in `world`: the world's HOME and DOCKER_CONFIG, no
   * DOCKER_* variables, and the ssh wrapper first on PATH. `extra` is added last.
   */
  cliEnv(world: TempWorld, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Kills every process by PID and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  ensureDebianPackages([DOCKER_ENGINE, OPENSSH_SERVER, OPENSSL]);
  // A short root: unix socket paths are limited to 108 characters.
  const root = mkdtempSync(path.join(os.tmpdir(), 'drc-rig-'));
  // The test user reads authorized_keys under it and reaches the socket through it.
  await fs.chmod(root, 0o755);
  let daemon: DockerDaemon | undefined;
  let sshd: SshServer | undefined;
  const stopAll = async () => {
    const stops = await Promise.allSettled([sshd?.stop(), daemon?.stop()]);
    await fs.rm(root, { recursive: true, force: true });
    const failed = stops.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    const tls = await createTlsFixtures(path.join(root, 'tls'));
    const dockerDir = path.join(root, 'docker');
    const [daemonResult, sshdResult] = await Promise.allSettled([
      startDockerDaemon({
        dir: dockerDir,
        tls: { ca: tls.ca, serverCert: tls.serverCert, serverKey: tls.serverKey, client: { cert: tls.cert, key: tls.key } },
      }),
      startSshServer({ dir: path.join(root, 'ssh'), dockerHost: `unix://${dockerSocketPath(dockerDir)}` }),
    ]);
    if (daemonResult.status === 'fulfilled') daemon = daemonResult.value;
    if (sshdResult.status === 'fulfilled') sshd = sshdResult.value;
    if (daemonResult.status === 'rejected') throw daemonResult.reason;
    if (sshdResult.status === 'rejected') throw sshdResult.reason;
    const binDir = await writeSshWrapper(path.join(root, 'bin'), { keyFile: sshdResult.value.keyFile, knownHosts: sshdResult.value.knownHosts });
    return assemble(root, daemonResult.value, sshdResult.value, tls, binDir, stopAll);
  } catch (e) {
    await stopAll().catch(() => undefined);
    throw e;
  }
}

function assemble(root: string, daemon: DockerDaemon, sshd: SshServer, tls: TlsFixtures, binDir: string, stopAll: () => Promise<void>): Rig {
  if (daemon.tlsHost === undefined || daemon.tlsPort === undefined) throw new Error('dockerd was started without its TLS listener.');
  let stopping: Promise<void> | undefined;
  return {
    root,
    docker: { pid: daemon.pid, socket: daemon.socket, unixHost: daemon.unixHost, tlsHost: daemon.tlsHost, tlsPort: daemon.tlsPort, logFile: daemon.logFile },
    tls,
    ssh: {
      pid: sshd.pid,
      port: sshd.port,
      user: sshd.user,
      keyFile: sshd.keyFile,
      knownHosts: sshd.knownHosts,
      hostPublicKey: sshd.hostPublicKey,
      host: sshd.host,
      logFile: sshd.logFile,
    },
    binDir,
    cliEnv(world, extra = {}) {
      return { ...world.processEnv, PATH: `${binDir}${path.delimiter}${world.processEnv.PATH ?? process.env.PATH ?? ''}`, ...extra };
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
