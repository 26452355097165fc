import * as assert from 'assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DoorPlace, LocalDoor, exposeEngine } from '../../src/core/door/localDoor';
import { draftContext } from '../../src/core/store/newContexts';
import { docker } from '../rig/dockerCli';
import { TEST_USER } from '../rig/testUser';
import { runAsUnprivilegedUser, runsAsRoot } from '../support/asUnprivilegedUser';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { socketOf } from './doorFixture';
import { rig } from './rigFixture';

/** What another user gets from connecting to `socket`: node's error code, or "connected". */
async function otherUserConnects(socket: string): Promise<string> {
  const script = `require('net').connect(process.argv[1]).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); });`;
  const outcome = await runAsUnprivilegedUser(process.execPath, ['-e', script, socket]);
  if (!outcome.ran) throw new Error(outcome.why);
  assert.strictEqual(outcome.code, 0, outcome.stderr);
  return outcome.stdout.trim();
}

/** What another user's curl gets from `GET /_ping` through `socket`: its exit code and body. */
async function otherUserCurls(socket: string): Promise<{ code: number; body: string }> {
  const outcome = await runAsUnprivilegedUser('curl', ['-sS', '--max-time', '10', '--unix-socket', socket, 'http://door/_ping']);
  if (!outcome.ran) throw new Error(outcome.why);
  return { code: outcome.code, body: outcome.stdout };
}

/** Who may use a door, and where it listens: the rig's engine behind it, the docker CLI and another user in front. */
describe('Local door: who may use it, and where it listens', function () {
  this.timeout(60000);
  let world: TempWorld;
  let doors: LocalDoor[] = [];
  let folders: string[] = [];

  beforeEach(function () {
    world = createTempWorld('drc-door-access-');
  });
  afterEach(async () => {
    await Promise.all(doors.map((d) => d.close()));
    doors = [];
    for (const f of folders) rmSync(f, { recursive: true, force: true });
    folders = [];
    world.dispose();
  });

  async function open(place: DoorPlace): Promise<LocalDoor> {
    const door = await exposeEngine({ context: draftContext('door', rig().docker.unixHost, undefined), place, timeoutMs: 10000 });
    doors.push(door);
    return door;
  }

  it(`a private socket: a 0700 folder of its own, the socket 0600, both gone on close; ${TEST_USER} cannot connect, the owner can`, async function () {
    if (!runsAsRoot()) this.skip();
    const door = await open({ kind: 'socket' });
    const socket = socketOf(door.endpoint);
    const folder = path.dirname(socket);
    assert.strictEqual(statSync(folder).mode & 0o777, 0o700);
    assert.strictEqual(statSync(socket).mode & 0o777, 0o600);
    assert.strictEqual(statSync(socket).uid, process.getuid!());
    assert.strictEqual(await otherUserConnects(socket), 'EACCES');
    const curl = await otherUserCurls(socket);
    assert.strictEqual(curl.code, 7, `curl could not connect: ${JSON.stringify(curl)}`);
    assert.match(await docker(rig().cliEnv(world, { DOCKER_HOST: door.endpoint }), ['version', '--format', '{{.Server.Os}}']), /^linux/);
    await door.close();
    assert.ok(!existsSync(socket) && !existsSync(folder));
  });

  it(`a socket at a given path in a folder anyone may enter is 0600 from the start: ${TEST_USER} cannot connect until the mode allows it`, async function () {
    if (!runsAsRoot()) this.skip();
    const open0755 = mkdtempSync(path.join(os.tmpdir(), 'drc-door-open-'));
    folders.push(open0755);
    chmodSync(open0755, 0o755);
    const socket = path.join(open0755, 'docker.sock');
    const door = await open({ kind: 'socket', path: socket });
    assert.strictEqual(door.endpoint, `unix://${socket}`);
    assert.strictEqual(statSync(socket).mode & 0o777, 0o600);
    assert.strictEqual(await otherUserConnects(socket), 'EACCES');
    // The control: with the mode opened, the same user reaches the engine through the door.
    chmodSync(socket, 0o666);
    assert.deepStrictEqual(await otherUserCurls(socket), { code: 0, body: 'OK' });
    await door.close();
    assert.ok(!existsSync(socket), 'the socket is removed');
    assert.ok(existsSync(open0755), 'the folder that was there stays');
  });

  it('a port of 127.0.0.1: the docker CLI goes through tcp://127.0.0.1:PORT; a second door on that port is refused and says so', async () => {
    const door = await open({ kind: 'tcp', port: 0 });
    assert.match(door.endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    assert.match(await docker(rig().cliEnv(world, { DOCKER_HOST: door.endpoint }), ['info', '--format', '{{.Driver}}']), /^vfs/);
    const port = Number(door.endpoint.split(':').pop());
    await assert.rejects(open({ kind: 'tcp', port }), new RegExp(`Port ${port} of 127\\.0\\.0\\.1 is taken`));
  });
});
