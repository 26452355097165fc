import { chmodSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { SshServer, startSshServer } from '../rig/sshServer';
import { ConnectivityWorld } from './connectivityWorld';
import { rig } from './rigFixture';

/** sshds whose remote side fails in its own way: no docker CLI, a socket the user may not open, no engine. */
export interface FaultyRemotes {
  readonly noDocker: SshServer;
  readonly deniedSocket: SshServer;
  readonly noEngine: SshServer;
}

/**
 * Registers, in the calling `describe`, the "on the remote host" setup both SSH clients' failure
 * suites use: a socket only root may open (for a user in the docker group), and an sshd for each
 * remote failure, all stopped after the suite.
 */
export function faultyRemotes(): FaultyRemotes {
  const c0 = new ConnectivityWorld();
  let servers: SshServer[] = [];
  let guarded: net.Server | undefined;
  before(async () => {
    const socket = path.join(c0.serverDir('guarded'), 'root-only.sock');
    const server = net.createServer((s) => s.destroy());
    guarded = server;
    await new Promise<void>((r) => server.listen(socket, r));
    chmodSync(socket, 0o600);
    servers = await Promise.all([
      // SetEnv takes several variables on one line: this session's PATH holds no docker.
      startSshServer({ dir: c0.serverDir('sshd-nodocker'), dockerHost: `${rig().docker.unixHost} PATH=/nonexistent` }),
      startSshServer({ dir: c0.serverDir('sshd-denied'), dockerHost: `unix://${socket}` }),
      startSshServer({ dir: c0.serverDir('sshd-noengine'), dockerHost: 'unix:///nonexistent/docker.sock' }),
    ]);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await new Promise<void>((r) => (guarded ? guarded.close(() => r()) : r()));
    c0.dispose();
  });
  return {
    get noDocker() {
      return servers[0];
    },
    get deniedSocket() {
      return servers[1];
    },
    get noEngine() {
      return servers[2];
    },
  };
}
