import * as assert from 'assert';
import { parseEngineFacts, securityOptionName } from '../../../src/core/engine/engineDetails';
import { engineHeadline, engineLines, formatBytes, shortWarning } from '../../../src/core/engine/engineSummary';
import { PingFailure } from '../../../src/core/ping/pingTypes';
import { engineFixture } from '../../support/engineFixtures';

const VERSION = engineFixture('dockerd-20.10-version.json');
const INFO = engineFixture('dockerd-20.10-info.json');
const INFO_PLAIN_TCP = engineFixture('dockerd-20.10-info-plain-tcp.json');

/** The info fixture with some fields changed, as another engine would answer. */
function infoWith(changes: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(INFO) as Record<string, unknown>), ...changes });
}

describe('engine details: reading /version and /info', () => {
  it('reads what a real dockerd answers', () => {
    const facts = parseEngineFacts('rig', VERSION, INFO);
    assert.deepStrictEqual(
      { ...facts, memoryBytes: undefined, kernelVersion: undefined, name: undefined, id: undefined },
      {
        serverVersion: '20.10.24+dfsg1',
        apiVersion: '1.41',
        minApiVersion: '1.12',
        platform: undefined,
        components: [
          { name: 'Engine', version: '20.10.24+dfsg1' },
          { name: 'containerd', version: '1.6.20~ds1' },
          { name: 'runc', version: '1.1.5+ds1' },
          { name: 'docker-init', version: '0.19.0' },
        ],
        os: 'linux',
        operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
        osVersion: '12',
        architecture: 'x86_64',
        kernelVersion: undefined,
        cpus: 2,
        memoryBytes: undefined,
        containers: { total: 0, running: 0, paused: 0, stopped: 0 },
        images: 0,
        storageDriver: 'vfs',
        rootless: false,
        securityOptions: ['name=seccomp,profile=default'],
        swarm: { state: 'inactive', nodeId: undefined, manager: false, managers: undefined, nodes: undefined, error: undefined },
        warnings: [],
        name: undefined,
        id: undefined,
        experimental: false,
      },
    );
    assert.strictEqual(facts.memoryBytes, 25276157952);
    assert.strictEqual(facts.kernelVersion, '6.18.44-fc-v1272');
    assert.match(facts.id ?? '', /^[A-Z0-9]{4}(:[A-Z0-9]{4}){11}$/);
  });

  it('puts each of the engine’s warnings on one line, as dockerd writes them for a terminal', () => {
    const facts = parseEngineFacts('rig', VERSION, INFO_PLAIN_TCP);
    assert.strictEqual(facts.warnings.length, 1);
    assert.match(facts.warnings[0], /^WARNING: API is accessible on http:\/\/127\.0\.0\.1:\d+ without encryption\. Access to the remote API is equivalent to root access on the host\. Refer to the 'Docker daemon attack surface' section/);
    assert.ok(!facts.warnings[0].includes('\n'));
    assert.ok(!/\s{2}/.test(facts.warnings[0]));
  });

  it('knows a rootless engine by its security options, and reads an active swarm', () => {
    const facts = parseEngineFacts(
      'rig',
      VERSION,
      infoWith({
        SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'],
        Swarm: { NodeID: 'n1', LocalNodeState: 'active', ControlAvailable: true, Managers: 1, Nodes: 3, Error: '' },
      }),
    );
    assert.strictEqual(facts.rootless, true);
    assert.deepStrictEqual(facts.swarm, { state: 'active', nodeId: 'n1', manager: true, managers: 1, nodes: 3, error: undefined });
    assert.deepStrictEqual(facts.securityOptions.map(securityOptionName), ['seccomp', 'rootless', 'cgroupns']);
  });

  it('takes an engine that answers little (an old engine, Podman’s Docker API) without inventing facts', () => {
    const facts = parseEngineFacts('podman', '{"Version":"4.9.3","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}', '{"Containers":3,"Swarm":null,"Warnings":"no"}');
    assert.strictEqual(facts.serverVersion, '4.9.3');
    assert.strictEqual(facts.architecture, 'amd64');
    assert.strictEqual(facts.os, 'linux');
    assert.deepStrictEqual(facts.containers, { total: 3, running: undefined, paused: undefined, stopped: undefined });
    assert.deepStrictEqual(facts.warnings, []);
    assert.strictEqual(facts.swarm.state, 'inactive');
    assert.strictEqual(facts.cpus, undefined);
  });

  it('refuses an answer that is not JSON, naming the context, what was asked and what came back', () => {
    assert.throws(
      () => parseEngineFacts('build-box', VERSION, '<html>Bad gateway</html>'),
      (e: unknown) => e instanceof PingFailure && e.kind === 'not-docker' && e.message === 'The engine of "build-box" answered GET /info with something other than JSON: "<html>Bad gateway</html>"',
    );
    assert.throws(
      () => parseEngineFacts('build-box', '[1,2]', INFO),
      (e: unknown) => e instanceof PingFailure && e.kind === 'not-docker' && /"build-box" answered GET \/version with JSON that is not an object/.test(e.message),
    );
  });
});

describe('engine details: the lines a person reads', () => {
  it('says what the engine is, runs and holds, in a line each', () => {
    const lines = engineLines(parseEngineFacts('rig', VERSION, INFO));
    const byKind = Object.fromEntries(lines.map((l) => [l.kind, l.value]));
    assert.deepStrictEqual(
      lines.map((l) => l.key),
      ['server', 'os', 'kernel', 'resources', 'containers', 'images', 'storage', 'rootless', 'security', 'swarm'],
    );
    assert.deepStrictEqual(byKind, {
      server: '20.10.24+dfsg1 · API 1.41',
      os: 'Debian GNU/Linux 12 (bookworm) · linux/x86_64',
      kernel: '6.18.44-fc-v1272',
      resources: '2 CPUs · 23.5 GiB',
      containers: '0 running · 0 paused · 0 stopped',
      images: '0',
      storage: 'vfs',
      rootless: 'no',
      security: 'seccomp (profile=default)',
      swarm: 'inactive',
    });
    assert.strictEqual(lines[0].label, 'Server');
    assert.strictEqual(lines[0].detail, 'API 1.12 to 1.41 · containerd 1.6.20~ds1, runc 1.1.5+ds1, docker-init 0.19.0');
  });

  it('puts the engine’s warnings first, short, with the whole text for a hover', () => {
    const lines = engineLines(parseEngineFacts('rig', VERSION, INFO_PLAIN_TCP));
    assert.strictEqual(lines[0].kind, 'warning');
    assert.strictEqual(lines[0].key, 'warning-0');
    assert.match(lines[0].label, /^API is accessible on http:\/\/127\.0\.0\.1:\d+ without encryption\.$/);
    assert.match(lines[0].detail ?? '', /Docker daemon attack surface/);
    assert.strictEqual(lines[1].kind, 'server');
  });

  it('leaves out what the engine did not say', () => {
    const lines = engineLines(parseEngineFacts('podman', '{"Version":"4.9.3"}', '{}'));
    assert.deepStrictEqual(
      lines.map((l) => [l.kind, l.value]),
      [
        ['server', '4.9.3'],
        ['rootless', 'no'],
        ['security', 'none'],
        ['swarm', 'inactive'],
      ],
    );
  });

  it('says an active swarm’s role and size', () => {
    const facts = parseEngineFacts('rig', VERSION, infoWith({ Swarm: { LocalNodeState: 'active', ControlAvailable: false, Nodes: 1 } }));
    assert.strictEqual(engineLines(facts).find((l) => l.kind === 'swarm')?.value, 'active · worker · 1 node');
  });

  it('sums the engine up in one sentence', () => {
    assert.strictEqual(engineHeadline(parseEngineFacts('rig', VERSION, INFO)), 'Engine 20.10.24+dfsg1 (API 1.41) on Debian GNU/Linux 12 (bookworm), linux/x86_64');
  });

  it('shortens a warning to its first sentence without WARNING:', () => {
    assert.strictEqual(shortWarning('WARNING: No swap limit support'), 'No swap limit support');
    assert.strictEqual(shortWarning('WARNING: bridge-nf-call-iptables is disabled. Run sysctl.'), 'bridge-nf-call-iptables is disabled.');
    assert.strictEqual(shortWarning('[DEPRECATION NOTICE]: API is accessible on http://0.0.0.0:2375 without encryption.'), '[DEPRECATION NOTICE]: API is accessible on http://0.0.0.0:2375 without encryption.');
  });

  it('writes memory in binary units', () => {
    assert.deepStrictEqual([0, 1023, 1024, 8 * 1024 ** 3 - 1, 25276157952, 2 * 1024 ** 4].map(formatBytes), ['0 B', '1023 B', '1.00 KiB', '8.00 GiB', '23.5 GiB', '2.00 TiB']);
  });
});
