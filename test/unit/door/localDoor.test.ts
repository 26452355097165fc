import * as assert from 'assert';
import { createHash, randomBytes } from 'crypto';
import { existsSync, statSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { Duplex } from 'stream';
import { LocalDoor } from '../../../src/core/door/localDoor';
import { engineRoute } from '../../../src/core/door/engineRoute';
import { draftContext } from '../../../src/core/store/newContexts';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { waitUntil } from '../../support/waitUntil';

/** A stand-in engine on a unix socket: each connection is handed to `serve`; `sockets` are its side of them. */
async function fakeEngine(dir: string, serve: (s: net.Socket) => void): Promise<{ host: string; sockets: net.Socket[]; close(): Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    serve(s);
  });
  const file = path.join(dir, 'engine.sock');
  await new Promise<void>((r) => server.listen(file, r));
  return {
    host: `unix://${file}`,
    sockets,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Everything a socket receives until its end, and whether it ended cleanly. */
function readAll(s: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('end', () => resolve(Buffer.concat(chunks)));
    s.once('error', reject);
  });
}

/** Resolves once `s` has seen its peer's end or has closed (a cut unix socket reads as the end). */
function ended(s: net.Socket): Promise<void> {
  if (s.readableEnded || s.destroyed) return Promise.resolve();
  s.resume();
  return new Promise((resolve) => {
    s.once('end', resolve);
    s.once('close', resolve);
  });
}

function connectTo(door: LocalDoor): Promise<net.Socket> {
  const file = door.endpoint.slice('unix://'.length);
  return new Promise((resolve, reject) => {
    const s = net.connect({ path: file, allowHalfOpen: true }, () => resolve(s));
    s.once('error', reject);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('local door: one engine stream per connection, joined byte for byte', function () {
  this.timeout(30000);
  let world: TempWorld;
  let engine: Awaited<ReturnType<typeof fakeEngine>> | undefined;
  let door: LocalDoor | undefined;
  /** The door's streams to the engine, as they were opened. */
  let opened: Duplex[] = [];

  beforeEach(() => (world = createTempWorld('drc-door-unit-')));
  afterEach(async () => {
    await door?.close();
    await engine?.close();
    door = engine = undefined;
    opened = [];
    world.dispose();
  });

  async function openDoor(serve: (s: net.Socket) => void): Promise<LocalDoor> {
    engine = await fakeEngine(world.root, serve);
    const route = await engineRoute(draftContext('fake', engine.host, undefined), undefined);
    const open = (signal: AbortSignal) => route.open(signal).then((stream) => (opened.push(stream), stream));
    door = await LocalDoor.open({ name: 'fake', place: { kind: 'socket' }, open, tmpDir: world.root });
    return door;
  }

  it('passes a client’s end on to the engine, and the engine’s answer still comes back (half-close)', async () => {
    const d = await openDoor((s) => void readAll(s).then((got) => s.end(`got ${got.length} bytes`)));
    const client = await connectTo(d);
    client.end('stdin, then its end');
    assert.strictEqual((await readAll(client)).toString(), 'got 19 bytes');
  });

  it('passes the engine’s end on to the client, and the client’s bytes still reach the engine (the other half)', async () => {
    let heard: Promise<Buffer> | undefined;
    const d = await openDoor((s) => {
      heard = readAll(s);
      s.end('the output ends here');
    });
    const client = await connectTo(d);
    assert.strictEqual((await readAll(client)).toString(), 'the output ends here');
    client.end('input after the output ended');
    const engineHeard = await waitUntil('the engine to have the connection', () => heard);
    assert.strictEqual(engineHeard.toString(), 'input after the output ended');
  });

  it('carries 32 MiB each way intact, with backpressure, on a long connection', async () => {
    const d = await openDoor((s) => s.pipe(s));
    const client = await connectTo(d);
    const data = randomBytes(32 * 1024 * 1024);
    const back = readAll(client);
    client.end(data);
    assert.strictEqual(sha(await back), sha(data));
  });

  it('an engine stream that fails cuts its client, a client that leaves ends its engine stream, and the door keeps serving', async () => {
    const d = await openDoor((s) => s.on('data', () => s.write('still here')));
    const failing = await connectTo(d);
    failing.write('hello');
    await waitUntil('the first connection to reach the engine', () => engine!.sockets.length === 1);
    await new Promise((r) => failing.once('data', r));
    // The door's stream to the engine fails: its client is cut (on a unix socket that reads as the end).
    opened[0].destroy(new Error('the engine stream broke'));
    await ended(failing);
    await waitUntil('the cut connection to be counted out', () => d.connections === 0);
    const leaving = await connectTo(d);
    await waitUntil('the second connection to reach the engine', () => engine!.sockets.length === 2);
    leaving.destroy();
    await ended(engine!.sockets[1]);
    const fine = await connectTo(d);
    const answer = new Promise<string>((r) => fine.once('data', (c: Buffer) => r(c.toString())));
    fine.write('hello');
    assert.strictEqual(await answer, 'still here');
  });

  it('close cuts every connection and engine stream, and removes the socket and its 0700 folder', async () => {
    const d = await openDoor(() => undefined);
    const file = d.endpoint.slice('unix://'.length);
    assert.strictEqual(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.strictEqual(statSync(file).mode & 0o777, 0o600);
    const clients = await Promise.all([connectTo(d), connectTo(d)]);
    for (const c of clients) c.on('error', () => undefined);
    await waitUntil('both connections to reach the engine', () => engine!.sockets.length === 2 && d.connections === 2);
    await d.close();
    assert.strictEqual(d.connections, 0);
    assert.ok(!existsSync(file) && !existsSync(path.dirname(file)), 'the socket and its folder are gone');
    await Promise.all([...clients, ...engine!.sockets].map(ended));
  });

  it('a connection whose engine stream cannot be opened is closed, and the door stays open', async () => {
    engine = await fakeEngine(world.root, (s) => s.end('answer'));
    const route = await engineRoute(draftContext('fake', engine.host, undefined), undefined);
    let calls = 0;
    const logs: string[] = [];
    door = await LocalDoor.open({
      name: 'fake',
      place: { kind: 'socket' },
      tmpDir: world.root,
      open: (signal) => (++calls === 1 ? Promise.reject(new Error('the engine is away')) : route.open(signal)),
      log: (m) => logs.push(m),
    });
    await ended(await connectTo(door));
    assert.ok(logs.some((l) => l.includes('the engine is away')), logs.join('\n'));
    assert.strictEqual((await readAll(await connectTo(door))).toString(), 'answer');
  });
});
