import * as assert from 'assert';
import { existsSync, linkSync, lstatSync, readFileSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Duplex } from 'stream';
import { LocalDoor } from '../../../src/core/door/localDoor';
import { isContextError } from '../../../src/core/errors';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

type DoorPlace = Parameters<typeof LocalDoor.open>[0]['place'];

/** A door whose every engine stream answers "engine" and ends. */
function openDoor(place: DoorPlace, tmpDir: string): Promise<LocalDoor> {
  const open = () => {
    const [mine, engines] = socketPair();
    engines.end('engine');
    return Promise.resolve(mine);
  };
  return LocalDoor.open({ name: 'fake', place, open, tmpDir });
}

/** Two ends of one in-memory stream: what one writes, the other reads. */
function socketPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const end = (other: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        other().push(chunk);
        callback();
      },
      final(callback) {
        other().push(null);
        callback();
      },
    });
  ends.push(end(() => ends[1]), end(() => ends[0]));
  return [ends[0], ends[1]];
}

function ask(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socketPath);
    let text = '';
    s.on('data', (c: Buffer) => (text += c.toString()));
    s.on('end', () => resolve(text));
    s.on('error', reject);
  });
}

/** A socket file nothing listens on: listened on, linked elsewhere, closed. */
async function staleSocket(dir: string, at: string): Promise<void> {
  const server = net.createServer();
  const first = path.join(dir, 'first.sock');
  await new Promise<void>((r) => server.listen(first, r));
  linkSync(first, at);
  await new Promise<void>((r) => server.close(() => r()));
}

describe('local door: where it listens', () => {
  let world: TempWorld;
  const doors: LocalDoor[] = [];
  beforeEach(() => (world = createTempWorld('drc-door-place-')));
  afterEach(async () => {
    await Promise.all(doors.splice(0).map((d) => d.close()));
    world.dispose();
  });

  it('a given path: the socket is made 0600 there, answers, and is removed on close (its folder stays)', async () => {
    const file = path.join(world.root, 'engine.sock');
    const door = await openDoor({ kind: 'socket', path: file }, world.root);
    doors.push(door);
    assert.strictEqual(door.endpoint, `unix://${file}`);
    assert.strictEqual(lstatSync(file).mode & 0o777, 0o600);
    assert.strictEqual(await ask(file), 'engine');
    await door.close();
    assert.ok(!existsSync(file));
    assert.ok(existsSync(world.root));
  });

  it('a path that holds a regular file is refused, and the file is left as it is', async () => {
    const file = path.join(world.root, 'notes.txt');
    writeFileSync(file, 'keep me');
    await assert.rejects(openDoor({ kind: 'socket', path: file }, world.root), (e: unknown) => isContextError(e, 'file-exists') && /is not a socket: it is left as it is/.test(e.message));
    assert.strictEqual(readFileSync(file, 'utf8'), 'keep me');
  });

  it('a socket something listens on is refused and keeps listening; a stale one of ours is replaced', async () => {
    const live = path.join(world.root, 'live.sock');
    const server = net.createServer((s) => s.on('error', () => undefined).end('the other one'));
    await new Promise<void>((r) => server.listen(live, r));
    try {
      await assert.rejects(openDoor({ kind: 'socket', path: live }, world.root), (e: unknown) => isContextError(e, 'in-use') && /Something already listens on/.test(e.message));
      assert.strictEqual(await ask(live), 'the other one');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    const stale = path.join(world.root, 'stale.sock');
    await staleSocket(world.root, stale);
    const door = await openDoor({ kind: 'socket', path: stale }, world.root);
    doors.push(door);
    assert.strictEqual(await ask(stale), 'engine');
  });

  it('a socket path too long for the system is refused before anything is made', async () => {
    const file = path.join(world.root, 'x'.repeat(120), 'docker.sock');
    await assert.rejects(openDoor({ kind: 'socket', path: file }, world.root), (e: unknown) => isContextError(e, 'invalid-argument') && /too long for a socket/.test(e.message));
  });

  it('a port: 127.0.0.1 only, any free one for 0; a taken port is refused and says which', async () => {
    const door = await openDoor({ kind: 'tcp', port: 0 }, world.root);
    doors.push(door);
    const port = Number(/^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(door.endpoint)?.[1]);
    assert.ok(port > 0, door.endpoint);
    await assert.rejects(openDoor({ kind: 'tcp', port }, world.root), (e: unknown) => isContextError(e, 'in-use') && e.message.includes(`Port ${port} of 127.0.0.1 is taken`));
  });
});
