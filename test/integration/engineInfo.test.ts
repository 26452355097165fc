import * as assert from 'assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineInfoResult } from '../../src/core/engine/engineDetails';
import { fetchEngineInfo } from '../../src/core/engine/engineInfo';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { pingContext } from '../../src/core/ping/pingContext';
import { draftContext } from '../../src/core/store/newContexts';
import { TlsFilePaths } from '../../src/core/tls/tlsMaterial';
import { docker } from '../rig/dockerCli';
import { startDockerDaemon } from '../rig/dockerDaemon';
import { mustRun } from '../rig/processes';
import { ConnectivityWorld, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/** What `docker info --format '{{json .}}'` prints, the fields compared. */
interface CliInfo {
  ID: string;
  Name: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  OSType: string;
  OperatingSystem: string;
  OSVersion: string;
  Architecture: string;
  KernelVersion: string;
  NCPU: number;
  MemTotal: number;
  SecurityOptions: string[] | null;
  Swarm: { LocalNodeState: string };
  Warnings: string[] | null;
}

/** What `docker version --format '{{json .Server}}'` prints, the fields compared. */
interface CliServerVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  Components: Array<{ Name: string; Version: string }>;
}

/** The facts both sides give, from our result. */
function ours(r: EngineInfoResult) {
  assert.ok(r.ok, JSON.stringify(r));
  return {
    serverVersion: r.serverVersion,
    apiVersion: r.apiVersion,
    minApiVersion: r.minApiVersion,
    components: r.components,
    os: r.os,
    operatingSystem: r.operatingSystem,
    osVersion: r.osVersion,
    architecture: r.architecture,
    kernelVersion: r.kernelVersion,
    cpus: r.cpus,
    memoryBytes: r.memoryBytes,
    containers: r.containers,
    images: r.images,
    storageDriver: r.storageDriver,
    securityOptions: r.securityOptions,
    rootless: r.rootless,
    swarm: r.swarm.state,
    warnings: r.warnings,
    name: r.name,
    id: r.id,
  };
}

/** The same facts, from what the docker CLI prints (warnings on one line each, as ours are). */
function theirs(info: CliInfo, version: CliServerVersion): ReturnType<typeof ours> {
  const securityOptions = info.SecurityOptions ?? [];
  return {
    serverVersion: version.Version,
    apiVersion: version.ApiVersion,
    minApiVersion: version.MinAPIVersion,
    components: version.Components.map((c) => ({ name: c.Name, version: c.Version })),
    os: info.OSType,
    operatingSystem: info.OperatingSystem,
    osVersion: info.OSVersion,
    architecture: info.Architecture,
    kernelVersion: info.KernelVersion,
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    containers: { total: info.Containers, running: info.ContainersRunning, paused: info.ContainersPaused, stopped: info.ContainersStopped },
    images: info.Images,
    storageDriver: info.Driver,
    securityOptions,
    rootless: securityOptions.includes('name=rootless'),
    swarm: info.Swarm.LocalNodeState,
    warnings: (info.Warnings ?? []).map((w) => w.replace(/\s*\n\s*/g, ' ').trim()),
    name: info.Name,
    id: info.ID,
  };
}

describe('engine details: every transport, the docker CLI as the oracle', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  let agents: EngineAgents;
  /** The docker CLI in the world's home, with the rig's ssh wrapper; `connect` are its -H and TLS flags. */
  const cli = async (connect: string[]) => {
    const env = rig().cliEnv(c.world);
    const info = JSON.parse(await docker(env, [...connect, 'info', '--format', '{{json .}}'])) as CliInfo;
    const version = JSON.parse(await docker(env, [...connect, 'version', '--format', '{{json .Server}}'])) as CliServerVersion;
    return theirs(info, version);
  };
  const details = (host: string, tls?: TlsFilePaths) =>
    fetchEngineInfo(draftContext('under-test', host, tls), { timeoutMs: 10000, ssh: c.pool().dialer(undefined, undefined), agents });

  // An image and a stopped container, so that the counts compared are not all zero; removed after.
  const unixHost = () => rig().docker.unixHost;
  before(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drc-info-image-'));
    try {
      writeFileSync(path.join(dir, 'hello'), 'hello\n');
      await mustRun('tar', ['-C', dir, '-cf', path.join(dir, 'image.tar'), 'hello']);
      await mustRun('docker', ['-H', unixHost(), 'import', path.join(dir, 'image.tar'), 'drc-info-test:1']);
      await mustRun('docker', ['-H', unixHost(), 'create', '--name', 'drc-info-test', 'drc-info-test:1', '/hello']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  after(async () => {
    await mustRun('docker', ['-H', unixHost(), 'rm', '-f', 'drc-info-test']).catch(() => undefined);
    await mustRun('docker', ['-H', unixHost(), 'rmi', '-f', 'drc-info-test:1']).catch(() => undefined);
  });
  beforeEach(() => {
    c = new ConnectivityWorld();
    agents = new EngineAgents(60000);
  });
  afterEach(() => {
    agents.destroy();
    c.dispose();
  });

  it('over the unix socket: what docker info and docker version say', async () => {
    const r = await details(unixHost());
    const expected = await cli(['-H', unixHost()]);
    assert.deepStrictEqual(ours(r), expected);
    assert.deepStrictEqual(expected.containers, { total: 1, running: 0, paused: 0, stopped: 1 });
    assert.ok((expected.images ?? 0) >= 1);
  });

  it('over TLS with the context’s client certificate: what docker --tlsverify says', async () => {
    const { ca, cert, key } = rig().tls;
    const r = await details(rig().docker.tlsHost, { ca, cert, key });
    assert.deepStrictEqual(ours(r), await cli(['--tlsverify', '--tlscacert', ca, '--tlscert', cert, '--tlskey', key, '-H', rig().docker.tlsHost]));
  });

  it('over SSH as the test user: what docker -H ssh:// says', async () => {
    const { ssh } = rig();
    c.sshConfig(hostBlock('127.0.0.1', { hostname: '127.0.0.1', port: ssh.port, user: ssh.user, identityFile: ssh.keyFile, knownHosts: ssh.knownHosts }));
    const r = await details(ssh.host);
    assert.deepStrictEqual(ours(r), await cli(['-H', ssh.host]));
  });

  it('over TLS, on the connection the ping left open, which is kept again', async () => {
    const { ca, cert, key } = rig().tls;
    const context = draftContext('under-test', rig().docker.tlsHost, { ca, cert, key });
    assert.strictEqual((await pingContext(context, { timeoutMs: 10000, agents })).ok, true);
    const pooled = () => Object.values(agents.https.freeSockets).flatMap((s) => s ?? []);
    const [socket] = pooled();
    assert.ok(socket, 'the ping’s connection was not kept');
    const [written, read] = [socket.bytesWritten, socket.bytesRead];
    const r = await fetchEngineInfo(context, { timeoutMs: 10000, agents });
    assert.strictEqual(r.ok, true, JSON.stringify(r));
    assert.ok(socket.bytesWritten > written && socket.bytesRead > read, 'both requests went over the ping’s connection');
    assert.deepStrictEqual(pooled(), [socket], 'and it is kept again, the only one');
  });

  it('an engine on plain TCP says so in its warnings, word for word as docker info prints them', async () => {
    // A daemon of its own that also listens on TCP without TLS; its folder is short, for the socket path.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drc-plain-'));
    chmodSync(dir, 0o755);
    const daemon = await startDockerDaemon({ dir, plainTcp: true });
    try {
      const host = daemon.plainHost!;
      const r = await details(host);
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(r.warnings.length, 1, JSON.stringify(r.warnings));
      assert.match(r.warnings[0], new RegExp(`API is accessible on http://${host.slice('tcp://'.length).replace(/\./g, '\\.')} without encryption\\.`));
      assert.deepStrictEqual(ours(r), await cli(['-H', host]));
    } finally {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an SSH host whose key is not known, asking nobody: one failure that says why, as the ping says it', async () => {
    const { ssh } = rig();
    c.sshConfig(hostBlock('127.0.0.1', { hostname: '127.0.0.1', port: ssh.port, user: ssh.user, identityFile: ssh.keyFile, knownHosts: path.join(c.sshDir, 'known_hosts_empty') }));
    const r = await details(ssh.host);
    assert.ok(!r.ok);
    assert.strictEqual(r.error.kind, 'ssh-host-key-unknown', JSON.stringify(r.error));
    const ping = await c.ping(ssh.host);
    assert.deepStrictEqual({ kind: r.error.kind, hint: r.error.hint }, { kind: ping.error?.kind, hint: ping.error?.hint });
  });
});
