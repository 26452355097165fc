import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ContextStore } from '../../src/core/store/contextStore';
import { launchBrowser } from '../host/harness/browser';
import { startCodeServer } from '../host/harness/codeServer';
import { hostBlock } from '../integration/connectivityWorld';
import { Rig, startRig } from '../rig/rig';
import { sshHomeDefaults } from '../support/sshHome';
import { createTempWorld } from '../support/tempWorld';
import { waitUntil } from '../support/waitUntil';
import { BenchRow } from './benchRow';
import type { HostPingSample } from './hostPingProbe';
import { median, row, run, runPartAsMain } from './measure';

const middle = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Pings measured where users feel them: through `dockerContexts.ping` in a real extension host
 * (code-server), whose http stack VS Code patches for its proxy support, against the rig's engine
 * over SSH (the default client, OpenSSH here) and TLS, beside the docker CLI. The command's wall
 * time must stay within 10 ms of the ping's own latency (the row names both).
 */
export async function hostPingBenchmarks(existing?: Rig): Promise<BenchRow[]> {
  const rig = existing ?? (await startRig());
  const world = createTempWorld('drc-bench-hostping-');
  try {
    const ssh = path.join(world.home, '.ssh');
    mkdirSync(ssh, { recursive: true, mode: 0o700 });
    writeFileSync(
      path.join(ssh, 'config'),
      hostBlock('rig', { hostname: '127.0.0.1', port: rig.ssh.port, user: rig.ssh.user, identityFile: rig.ssh.keyFile, knownHosts: rig.ssh.knownHosts }) + sshHomeDefaults(world.home),
      { mode: 0o600 },
    );
    const store = new ContextStore(world.environment);
    const read = (f: string) => readFileSync(f);
    await store.write({ Name: 'b-ssh', Endpoints: { docker: { Host: 'ssh://rig', SkipTLSVerify: false } } });
    await store.write(
      { Name: 'b-tls', Endpoints: { docker: { Host: rig.docker.tlsHost, SkipTLSVerify: false } } },
      { endpoint: 'docker', files: { ca: read(rig.tls.ca), cert: read(rig.tls.cert), key: read(rig.tls.key) } },
    );
    const resultFile = path.join(world.root, 'host-ping.json');
    const server = await startCodeServer(world, { DRC_TEST_RESULT_FILE: resultFile });
    const browser = await launchBrowser(path.join(world.root, 'chromium'));
    let samples: HostPingSample[];
    try {
      const workspace = path.join(world.root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      await browser.page.goto(server.workbenchUrl(workspace, path.join(__dirname, 'hostPingProbe.js')));
      await waitUntil('the ping probe’s report', () => existsSync(resultFile), { timeoutMs: 180000 });
      samples = await waitUntil('a complete report', () => {
        try {
          return JSON.parse(readFileSync(resultFile, 'utf8')) as HostPingSample[];
        } catch {
          return undefined;
        }
      });
    } finally {
      await browser.close().catch(() => undefined);
      server.stop();
    }
    // The docker CLI beside it, on the same engine, through the rig's ssh wrapper (its key and known_hosts).
    await store.write({ Name: 'cli-ssh', Endpoints: { docker: { Host: rig.ssh.host, SkipTLSVerify: false } } });
    const cliEnv = rig.cliEnv(world);
    const rows: BenchRow[] = [];
    for (const s of samples) {
      const what = s.name === 'b-ssh' ? 'SSH (OpenSSH)' : 'TLS';
      const cliContext = s.name === 'b-ssh' ? 'cli-ssh' : s.name;
      const cli = await median(5, () => run('docker', ['--context', cliContext, 'version', '--format', '{{.Server.APIVersion}}'], cliEnv));
      const ref = `docker --context ${cliContext} version`;
      rows.push(row(`ping ${what} via the command in the extension host, cold (ping's own latency ${middle(s.coldLatencyMs).toFixed(1)} ms)`, middle(s.coldWallMs), cli, ref));
      const wall = middle(s.warmWallMs);
      const latency = middle(s.warmLatencyMs);
      rows.push(row(`ping ${what} via the command in the extension host, warm (ping's own latency ${latency.toFixed(1)} ms; command overhead ${(wall - latency).toFixed(1)} ms, budget 10)`, wall, cli, ref));
    }
    return rows;
  } finally {
    world.dispose();
    if (!existing) await rig.stop();
  }
}

if (require.main === module) runPartAsMain(() => hostPingBenchmarks());
