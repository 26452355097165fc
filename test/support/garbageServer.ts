import { randomBytes } from 'crypto';
import * as net from 'net';

/** One step of what the server says on each connection it accepts. */
export type GarbageStep =
  | { readonly write: Buffer | string }
  /** Writes this many random chunks of `bytes`, `everyMs` apart (the pace of the talker, so each chunk arrives on its own), while the peer listens. */
  | { readonly spray: number; readonly bytes: number; readonly everyMs?: number }
  /** Ends the connection: `end` half-closes politely, `destroy` closes it, `reset` sends a TCP reset; without one the server keeps it open. */
  | { readonly close: 'end' | 'destroy' | 'reset' };

/** A loopback TCP server that answers every connection with the same script, for pings of ports that are not what they claim. */
export interface GarbageServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections the peer has not left yet (neither ended its side nor closed), and the script has not closed. */
  readonly open: number;
  close(): Promise<void>;
}

/** An SSH banner, then random bytes sprayed until the peer hangs up: what a confused or hostile "sshd" says. */
export function sshBannerThenGarbage(): GarbageStep[] {
  return [{ write: 'SSH-2.0-x\r\n' }, { spray: 40, bytes: 256 }, { close: 'reset' }];
}

/** Random bytes from the first byte on, in several chunks: a port that speaks some other binary protocol. */
export function randomBytesOnly(): GarbageStep[] {
  return [{ spray: 40, bytes: 256 }, { close: 'reset' }];
}

export async function startGarbageServer(script: readonly GarbageStep[]): Promise<GarbageServer> {
  const sockets = new Set<net.Socket>();
  const peerThere = new Set<net.Socket>();
  let accepted = 0;
  // A peer that goes on talking after the client has said goodbye, as a hostile one would.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    accepted++;
    sockets.add(socket);
    peerThere.add(socket);
    socket.on('error', () => undefined);
    socket.on('end', () => peerThere.delete(socket));
    socket.on('close', () => (sockets.delete(socket), peerThere.delete(socket)));
    socket.resume();
    void play(socket, script);
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    get open() {
      return peerThere.size;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(socket: net.Socket, script: readonly GarbageStep[]): Promise<void> {
  for (const step of script) {
    if (socket.destroyed) return;
    if ('write' in step) {
      socket.write(step.write);
    } else if ('spray' in step) {
      for (let i = 0; i < step.spray && !socket.destroyed && socket.writable; i++) {
        socket.write(randomBytes(step.bytes));
        await new Promise((resolve) => setTimeout(resolve, step.everyMs ?? 5));
      }
    } else if (step.close === 'end') {
      socket.end();
      return;
    } else if (step.close === 'reset') {
      socket.resetAndDestroy();
      return;
    } else {
      socket.destroy();
      return;
    }
  }
}
