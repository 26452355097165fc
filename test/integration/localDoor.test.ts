import * as assert from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';
import { LocalDoor, exposeEngine } from '../../src/core/door/localDoor';
import { SshClientSetting, SshTransports } from '../../src/core/ssh/sshTransports';
import { draftContext } from '../../src/core/store/newContexts';
import { DockerContext } from '../../src/core/store/types';
import { REPO_ROOT } from '../host/harness/codeServer';
import { docker } from '../rig/dockerCli';
import { runCommand } from '../rig/processes';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { waitUntil } from '../support/waitUntil';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { EventsStream, RawConnection, answerHead, importCatImage, socketOf } from './doorFixture';
import { rig } from './rigFixture';

const alive = (pid: number) => existsSync(`/proc/${pid}`);

/**
 * A local door to the rig's engine, reached over SSH (OpenSSH and the built-in client) and over
 * TLS (the door doing the mutual TLS), used by the real docker CLI through DOCKER_HOST=unix://…:
 * plain requests, a stream that lasts, attached and upgraded connections, the end of an input.
 */
describe('Local door: the docker CLI through a door to the rig’s engine', function () {
  this.timeout(120000);
  let world: TempWorld;
  let image: string;
  let c: ConnectivityWorld;
  let transports: SshTransports | undefined;
  let doors: LocalDoor[] = [];
  let cleanups: Array<() => unknown> = [];

  const direct = () => rig().cliEnv(world, { DOCKER_HOST: rig().docker.unixHost });
  before(async () => {
    world = createTempWorld('drc-door-img-');
    image = await importCatImage(direct(), world.root);
  });
  after(async () => {
    await runCommand('docker', ['image', 'rm', '-f', image], { env: direct() });
    world.dispose();
  });
  beforeEach(() => {
    c = new ConnectivityWorld();
    const s = rig().ssh;
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: s.port, user: s.user, identityFile: s.keyFile, knownHosts: s.knownHosts }));
  });
  afterEach(async () => {
    for (const f of cleanups.reverse()) await f();
    cleanups = [];
    await Promise.all(doors.map((d) => d.close()));
    doors = [];
    await transports?.dispose();
    transports = undefined;
    c.dispose();
  });

  /** SSH transports reading the test's ~/.ssh/config; an idle time far shorter than a test, which a door's streams outlive. */
  function sshThrough(setting: SshClientSetting): SshTransports {
    const surroundings = c.surroundings();
    transports = new SshTransports({
      setting,
      surroundings: { ...surroundings, env: surroundings.env ?? {} },
      platform: process.platform,
      idleMs: 100,
      askpass: { helperMain: path.join(REPO_ROOT, 'out', 'src', 'askpass', 'askpassMain.js'), nodePath: process.execPath },
      agent: undefined,
      log: (m) => c.logs.push(m),
    });
    return transports;
  }

  const routes: Array<[string, () => { context: DockerContext; transports?: SshTransports }]> = [
    ['OpenSSH', () => ({ context: draftContext('door', 'ssh://rig', undefined), transports: sshThrough('openssh') })],
    ['the built-in SSH client', () => ({ context: draftContext('door', 'ssh://rig', undefined), transports: sshThrough('builtin') })],
    ['TLS, done by the door', () => ({ context: draftContext('door', rig().docker.tlsHost, { ca: rig().tls.ca, cert: rig().tls.cert, key: rig().tls.key }) })],
  ];

  async function open(route: (typeof routes)[number][1]): Promise<{ door: LocalDoor; env: NodeJS.ProcessEnv; transports?: SshTransports }> {
    const { context, transports: t } = route();
    const door = await exposeEngine({
      context,
      place: { kind: 'socket' },
      ssh: t && ((endpoint, signal, pause) => t.openEngineStream(endpoint, undefined, {}, signal, pause)),
      timeoutMs: 20000,
      log: (m) => c.logs.push(m),
    });
    doors.push(door);
    return { door, env: rig().cliEnv(c.world, { DOCKER_HOST: door.endpoint }), transports: t };
  }

  for (const [name, route] of routes) {
    it(`${name}: docker version and info answer; run -i and exec -i carry their input, its end and their output`, async () => {
      const { door, env } = await open(route);
      assert.match(door.endpoint, /^unix:\/\/.+\/docker\.sock$/);
      assert.match((await docker(env, ['version', '--format', '{{.Server.APIVersion}}'])).trim(), /^\d+\.\d+$/);
      assert.strictEqual((await docker(env, ['info', '--format', '{{.Driver}}'])).trim(), 'vfs');
      // An attached container whose input ends: cat exits only if the end of stdin got through.
      const echoed = await runCommand('docker', ['run', '-i', '--rm', '--network', 'none', image, '/bin/cat'], { env, input: 'hello through the door\n' });
      assert.strictEqual(echoed.code, 0, echoed.stderr);
      assert.strictEqual(echoed.stdout, 'hello through the door\n');
      const id = (await docker(env, ['run', '-d', '-i', '--network', 'none', image, '/bin/cat'])).trim();
      cleanups.push(() => runCommand('docker', ['rm', '-f', id], { env: direct() }));
      const exec = await runCommand('docker', ['exec', '-i', id, '/bin/cat'], { env, input: 'exec too\n' });
      assert.deepStrictEqual([exec.code, exec.stdout], [0, 'exec too\n'], exec.stderr);
      await waitUntil('every connection of the CLI to end', () => door.connections === 0, { describe: () => String(door.connections) });
    });

    it(`${name}: docker events streams through the door; closing the door cuts it, removes the socket and leaves no ssh process`, async () => {
      const { door, env, transports: t } = await open(route);
      const events = new EventsStream(env, Math.floor(Date.now() / 1000) - 1);
      cleanups.push(() => events.stop());
      const volume = `drc-door-${Date.now()}`;
      await docker(env, ['volume', 'create', volume]);
      await events.waitFor('create', volume);
      // The stream is live now: the next event comes while it is open, past the idle time of the SSH connection.
      await docker(direct(), ['volume', 'rm', volume]);
      await events.waitFor('destroy', volume);
      const sshPids = t?.processIds ?? [];
      if (name === 'OpenSSH') assert.ok(sshPids.length > 0, 'the stream rides on an ssh process');
      await door.close();
      assert.notStrictEqual(await events.ended(), 0, 'docker events lost its engine');
      assert.ok(!existsSync(socketOf(door.endpoint)) && !existsSync(path.dirname(socketOf(door.endpoint))), 'the socket and its folder are gone');
      await waitUntil('every ssh process of the door to end', () => (t?.processIds ?? []).length === 0 && !sshPids.some(alive), {
        describe: () => JSON.stringify({ known: t?.processIds, seen: sshPids.filter(alive) }),
      });
    });

    it(`${name}: an upgraded connection comes back byte for byte as the engine sends it, and its half-close ends the container’s input`, async () => {
      const { door } = await open(route);
      // Two containers: a stdin attached once is the container's for good, so the engine's own answer comes from the other.
      const [id, other] = await Promise.all([1, 2].map(async () => (await docker(direct(), ['create', '-i', '--network', 'none', image, '/bin/cat'])).trim()));
      cleanups.push(() => runCommand('docker', ['rm', '-f', id, other], { env: direct() }));
      const attach = (container: string) =>
        `POST /containers/${container}/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\n`;
      const straight = new RawConnection(rig().docker.socket);
      cleanups.push(() => straight.close());
      straight.write(attach(other));
      const expected = answerHead(await straight.waitFor('\r\n\r\n'));
      const through = new RawConnection(socketOf(door.endpoint));
      cleanups.push(() => through.close());
      through.write(attach(id));
      const head = answerHead(await through.waitFor('\r\n\r\n'));
      assert.strictEqual(head, expected);
      assert.match(head, /^HTTP\/1\.1 101 UPGRADED\r\n/);
      await docker(direct(), ['start', id]);
      through.write('ping over the upgraded stream\n');
      // stdout comes framed: one byte for the stream, three zeros, the length, then the bytes.
      const payload = Buffer.from('ping over the upgraded stream\n');
      const frame = Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.alloc(4), payload]);
      frame.writeUInt32BE(payload.length, 4);
      await through.waitFor(frame, head.length);
      through.socket.end();
      await through.waitForEnd();
      assert.strictEqual((await docker(direct(), ['wait', id])).trim(), '0', 'cat saw the end of its input and exited');
    });
  }
});
