import type { Rig } from '../../rig/rig';

/** The environment variable that hands the host suites the rig the runner started. */
export const RIG_ENV = 'DRC_HOST_RIG';

/** What the host suites may use of the runner's rig: addresses and files, no live objects. */
export interface HostRig {
  readonly dockerSocket: string;
  readonly unixHost: string;
  readonly tlsHost: string;
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string };
  readonly ssh: { readonly host: string; readonly port: number; readonly user: string; readonly keyFile: string; readonly knownHosts: string };
}

export function describeRig(rig: Rig): HostRig {
  return {
    dockerSocket: rig.docker.socket,
    unixHost: rig.docker.unixHost,
    tlsHost: rig.docker.tlsHost,
    tls: { ca: rig.tls.ca, cert: rig.tls.cert, key: rig.tls.key },
    ssh: { host: rig.ssh.host, port: rig.ssh.port, user: rig.ssh.user, keyFile: rig.ssh.keyFile, knownHosts: rig.ssh.knownHosts },
  };
}

/** The rig of this host run: a real dockerd and sshd, started by test/host/runHostTests.ts. */
export function hostRig(): HostRig {
  const text = process.env[RIG_ENV];
  if (!text) throw new Error(`${RIG_ENV} is not set: run the host suites with node out/test/host/runHostTests.js, which starts the rig.`);
  return JSON.parse(text) as HostRig;
}
