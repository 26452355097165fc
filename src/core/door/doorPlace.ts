import { randomBytes } from 'crypto';
import { promises as fs, lstatSync, rmSync, unlinkSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ContextError, errorCode, errorMessage } from '../errors';

/** Where a door listens: a unix socket (a named pipe on Windows), or a TCP port of 127.0.0.1 (0: any free one). */
export type DoorPlace = { readonly kind: 'socket'; readonly path?: string } | { readonly kind: 'tcp'; readonly port: number };

/** A server listening at its place. */
export interface BoundDoor {
  /** What DOCKER_HOST takes: `unix:///…/docker.sock`, `npipe:////./pipe/…` or `tcp://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Removes what binding made (the socket file and its folder), and nothing else. Synchronous: it runs on deactivation too. */
  readonly removeFiles: () => void;
}

export interface BindOptions {
  readonly platform: NodeJS.Platform;
  /** Where the folder of a socket without a given path is made. */
  readonly tmpDir: string;
  /** The user that may replace a stale socket at a given path (its owner); undefined on Windows. */
  readonly uid: number | undefined;
}

/** The longest unix socket path the system takes, in bytes (sun_path less its NUL). */
function socketPathLimit(platform: NodeJS.Platform): number {
  return platform === 'linux' ? 107 : 103;
}

/**
 * Makes `server` listen at `place`, reachable by this user alone where the system allows it: a
 * socket without a path goes in a new 0700 folder of the temporary folder, a socket at a given
 * path is made 0600 in a private folder beside it before it appears there (so no one can connect
 * in between), and a port is bound on 127.0.0.1 only. A path that exists is refused (and left as
 * it is) unless it is a stale socket of this user that nothing listens on; a taken port or pipe is
 * refused too.
 */
export async function bindDoor(server: net.Server, place: DoorPlace, options: BindOptions): Promise<BoundDoor> {
  if (place.kind === 'tcp') return bindPort(server, place.port);
  if (options.platform === 'win32') return bindPipe(server, place.path ?? `\\\\.\\pipe\\drc-door-${randomBytes(8).toString('hex')}`);
  return place.path === undefined ? bindPrivateSocket(server, options) : bindSocketAt(server, place.path, options);
}

async function bindPort(server: net.Server, port: number): Promise<BoundDoor> {
  try {
    await listen(server, { host: '127.0.0.1', port });
  } catch (e) {
    if (errorCode(e) === 'EADDRINUSE') throw new ContextError('in-use', l10n.t('Port {0} of 127.0.0.1 is taken: choose another, or 0 for any free port.', port));
    throw new ContextError('in-use', l10n.t('Cannot listen on port {0} of 127.0.0.1: {1}', port, errorMessage(e)));
  }
  const address = server.address() as net.AddressInfo;
  return { endpoint: `tcp://127.0.0.1:${address.port}`, removeFiles: () => undefined };
}

async function bindPipe(server: net.Server, pipe: string): Promise<BoundDoor> {
  try {
    await listen(server, pipe);
  } catch (e) {
    if (errorCode(e) === 'EADDRINUSE') throw new ContextError('in-use', l10n.t('The pipe {0} is taken: choose another name.', pipe));
    throw e;
  }
  return { endpoint: `npipe://${pipe.replace(/\\/g, '/')}`, removeFiles: () => undefined };
}

async function bindPrivateSocket(server: net.Server, options: BindOptions): Promise<BoundDoor> {
  const dir = await fs.mkdtemp(path.join(options.tmpDir, 'drc-door-'));
  const removeFiles = () => rmSync(dir, { recursive: true, force: true });
  try {
    await fs.chmod(dir, 0o700);
    const socket = path.join(dir, 'docker.sock');
    checkLength(socket, options.platform);
    await listen(server, socket);
    await fs.chmod(socket, 0o600);
    return { endpoint: `unix://${socket}`, removeFiles };
  } catch (e) {
    removeFiles();
    throw e;
  }
}

async function bindSocketAt(server: net.Server, file: string, options: BindOptions): Promise<BoundDoor> {
  checkLength(file, options.platform);
  await clearStaleSocket(file, options.uid);
  // Made 0600 where no one else can reach it, then linked into place: link never replaces a file
  // that appeared meanwhile.
  const privateDir = await fs.mkdtemp(path.join(path.dirname(file), '.drc'));
  try {
    const temporary = path.join(privateDir, 's');
    checkLength(temporary, options.platform);
    await listen(server, temporary);
    await fs.chmod(temporary, 0o600);
    try {
      await fs.link(temporary, file);
    } catch (e) {
      if (errorCode(e) === 'EEXIST') throw new ContextError('in-use', l10n.t('{0} appeared while the door was being opened: it is left as it is.', file));
      throw e;
    }
    const made = lstatSync(file);
    return {
      endpoint: `unix://${file}`,
      removeFiles: () => {
        // Only the socket made here: a file put there since stays.
        try {
          const now = lstatSync(file);
          if (now.ino === made.ino && now.dev === made.dev) unlinkSync(file);
        } catch {
          // Gone already.
        }
      },
    };
  } finally {
    await fs.rm(privateDir, { recursive: true, force: true });
  }
}

/** Refuses a path that holds anything but a stale socket of `uid`; removes that one. */
async function clearStaleSocket(file: string, uid: number | undefined): Promise<void> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  if (!stat.isSocket()) throw new ContextError('file-exists', l10n.t('{0} exists and is not a socket: it is left as it is. Choose another path for the socket.', file));
  if (await answers(file)) throw new ContextError('in-use', l10n.t('Something already listens on {0}: choose another path, or stop what listens there.', file));
  if (uid !== undefined && stat.uid !== uid) throw new ContextError('in-use', l10n.t('{0} is a socket of another user: it is left as it is. Choose another path.', file));
  await fs.unlink(file);
}

/** Whether something accepts connections on the socket `file`; a refused connection means a stale socket. */
function answers(file: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.connect({ path: file });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (e) => {
      if (errorCode(e) === 'ECONNREFUSED') resolve(false);
      else reject(new ContextError('in-use', l10n.t('Cannot tell whether something listens on {0} ({1}): it is left as it is. Choose another path.', file, errorMessage(e))));
    });
  });
}

function checkLength(file: string, platform: NodeJS.Platform): void {
  const limit = socketPathLimit(platform);
  if (Buffer.byteLength(file) > limit) {
    throw new ContextError('invalid-argument', l10n.t('{0} is too long for a socket: this system takes at most {1} bytes. Choose a shorter path.', file, limit));
  }
}

function listen(server: net.Server, where: string | net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: Error) => {
      server.off('listening', done);
      reject(e);
    };
    const done = () => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', done);
    server.listen(where);
  });
}
