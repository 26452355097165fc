import { ChildProcess, fork } from 'child_process';
import { promises as fs, mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { pingContext } from '../../src/core/ping/pingContext';
import { DockerContext } from '../../src/core/store/types';
import { WatchScheduler, realClock } from '../../src/core/watch/watchScheduler';
import { Rig, startRig } from '../rig/rig';
import { issueCertificate } from '../rig/tlsFixtures';
import { BenchRow } from './benchRow';
import { row, runPartAsMain } from './measure';

/** Contexts of each kind: 25 over a unix socket, 25 over TLS. */
const PER_KIND = 25;
/** The short interval of the scaled runs, and how long they are measured. */
const SHORT_INTERVAL_MS = 2000;
const SHORT_MEASURE_MS = 20000;
/** The default interval, measured as it runs, for two minutes. */
const DEFAULT_INTERVAL_MS = 60000;
const DEFAULT_MEASURE_MS = 120000;
/** The budget: 1% of one core, as CPU milliseconds per minute. */
const BUDGET_MS_PER_MINUTE = 0.01 * 60000;

interface ByteCounts {
  readonly toEngine: number;
  readonly fromEngine: number;
  readonly connections: number;
}

interface Measured {
  readonly pings: number;
  readonly failures: number;
  readonly cpuMs: number;
  readonly bytes: number;
  readonly connections: number;
  readonly wallMs: number;
}

/**
 * The health watch's cost: the core's scheduler and real pings against 50 contexts of the rig's
 * dockerd, each with a connection of its own as 50 engines would have (25 unix contexts through
 * sockets of their own, 25 TLS contexts with client certificates of their own, so the keep-alive
 * agents never share a connection between them). All of them go through a forwarder in a child
 * process that counts the bytes on the wire, TLS records included. CPU is this process's own
 * (process.cpuUsage), against 1% of one core:
 * - at the 60 s default with the connections kept (as by default), measured as it runs for two
 *   minutes, the contexts' schedules spread over the interval as after a while of running;
 * - at a 2 s interval, scaled to 60 s (50 × the CPU of one ping each minute), with the connections
 *   kept and with a new connection (TLS handshake included) for every ping. Pings that close
 *   together cost less each than pings a second apart, so the scaled figure is the lower one.
 */
export async function watchBenchmarks(existing?: Rig): Promise<BenchRow[]> {
  const rig = existing ?? (await startRig());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drc-watch-bench-'));
  let forwarder: ChildProcess | undefined;
  try {
    const unixListen = path.join(dir, 'fwd.sock');
    forwarder = fork(path.join(__dirname, 'byteCounter.js'), [JSON.stringify({ tcpTarget: { host: '127.0.0.1', port: rig.docker.tlsPort }, unixTarget: rig.docker.socket, unixListen })], { stdio: 'inherit' });
    const { tcpPort } = await reply<{ tcpPort: number }>(forwarder, undefined);
    const contexts = await makeContexts(dir, unixListen, tcpPort, rig);
    const what = '50 contexts (25 unix, 25 TLS)';
    const rows: BenchRow[] = [];
    const idle = await idlePerMinute();
    const atDefault = await withAgents(60000, (agents) => measure(contexts, agents, forwarder!, DEFAULT_INTERVAL_MS, DEFAULT_MEASURE_MS));
    rows.push(
      row(
        `health watch, ${what} at the 60 s default, connections kept: CPU per minute, measured for ${DEFAULT_MEASURE_MS / 60000} minutes, this process's idle ${idle.toFixed(0)} ms included (${details(atDefault)})`,
        perMinute(atDefault),
        BUDGET_MS_PER_MINUTE,
        'budget: 1% of one core',
      ),
    );
    for (const kept of [true, false]) {
      const m = await withAgents(kept ? 60000 : 0, (agents) => measure(contexts, agents, forwarder!, SHORT_INTERVAL_MS, SHORT_MEASURE_MS));
      const scaled = contexts.length * (m.cpuMs / m.pings);
      const how = kept ? 'connections kept' : 'a new connection each ping';
      rows.push(row(`health watch, ${what}, ${how}: CPU per minute at 60 s scaled from a 2 s interval (${details(m)})`, scaled, BUDGET_MS_PER_MINUTE, 'budget: 1% of one core'));
    }
    return rows;
  } finally {
    forwarder?.kill();
    await fs.rm(dir, { recursive: true, force: true });
    if (!existing) await rig.stop();
  }
}

/** What this process spends doing nothing, in CPU milliseconds per minute (measured for 30 s). */
async function idlePerMinute(): Promise<number> {
  const started = performance.now();
  const before = process.cpuUsage();
  await delay(30000);
  const cpu = process.cpuUsage(before);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 60000;
}

/** CPU milliseconds per minute of wall time. */
function perMinute(m: Measured): number {
  return (m.cpuMs / m.wallMs) * 60000;
}

function details(m: Measured): string {
  return `${(m.cpuMs / m.pings).toFixed(2)} ms CPU and ${Math.round(m.bytes / m.pings)} bytes on the wire per ping, ${m.pings} pings over ${m.connections} new connections${m.failures ? `, ${m.failures} failed` : ''}`;
}

async function withAgents<T>(idleMs: number, run: (agents: EngineAgents) => Promise<T>): Promise<T> {
  const agents = new EngineAgents(idleMs);
  try {
    return await run(agents);
  } finally {
    agents.destroy();
  }
}

/** 25 unix contexts, each through a link of its own to the forwarder's socket; 25 TLS contexts, each with a client certificate of its own. */
async function makeContexts(dir: string, unixListen: string, tcpPort: number, rig: Rig): Promise<DockerContext[]> {
  const context = (name: string, host: string, tls: DockerContext['tls'] = {}): DockerContext => ({ name, description: '', host, skipTlsVerify: false, tls, isDefault: false, meta: { Name: name } });
  const contexts: DockerContext[] = [];
  for (let i = 0; i < PER_KIND; i++) {
    const link = path.join(dir, `u${i}.sock`);
    await fs.symlink(unixListen, link);
    contexts.push(context(`watch-unix-${i}`, `unix://${link}`));
  }
  const certs = [];
  for (let i = 0; i < PER_KIND; i += 5) {
    certs.push(...(await Promise.all(Array.from({ length: 5 }, (_, j) => issueCertificate(rig.tls.authority, { dir: path.join(dir, `tls${i + j}`), certName: 'cert.pem', keyName: 'key.pem', usage: 'client', keyType: 'ec' })))));
  }
  certs.forEach((c, i) => contexts.push(context(`watch-tls-${i}`, `tcp://127.0.0.1:${tcpPort}`, { ca: rig.tls.ca, cert: c.certFile, key: c.keyFile })));
  return contexts;
}

/**
 * Runs the scheduler over `contexts` at `intervalMs` and measures `measureMs` of it, once every
 * context has answered (its connection open). Contexts join one by one at random over the first interval (at
 * most a minute), so their heartbeats are spread as after a while of running.
 */
async function measure(contexts: readonly DockerContext[], agents: EngineAgents, forwarder: ChildProcess, intervalMs: number, measureMs: number): Promise<Measured> {
  const byName = new Map(contexts.map((c) => [c.name, c]));
  let pings = 0;
  let failures = 0;
  const scheduler = new WatchScheduler({
    clock: realClock,
    random: Math.random,
    intervalMs,
    async ping(name) {
      const r = await pingContext(byName.get(name)!, { timeoutMs: 5000, agents });
      pings++;
      if (!r.ok) failures++;
      return r.ok ? { ok: true, latencyMs: r.latencyMs } : { ok: false, latencyMs: r.latencyMs, kind: r.error?.kind ?? 'unknown' };
    },
    onSample: () => undefined,
  });
  const joining: Array<ReturnType<typeof setTimeout>> = [];
  try {
    const joined: DockerContext[] = [];
    for (const c of contexts) {
      joining.push(
        setTimeout(() => {
          joined.push(c);
          scheduler.setTargets(joined.map((j) => ({ name: j.name, key: j.host })));
        }, Math.random() * intervalMs),
      );
    }
    while (!contexts.every((c) => (scheduler.history(c.name) ?? []).some((s) => s.ok))) await delay(100);
    const pingsBefore = pings;
    const failuresBefore = failures;
    const bytesBefore = await reply<ByteCounts>(forwarder, 'count');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await delay(measureMs);
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - started;
    const pingsDone = pings - pingsBefore;
    const bytesAfter = await reply<ByteCounts>(forwarder, 'count');
    return {
      pings: pingsDone,
      failures: failures - failuresBefore,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: bytesAfter.toEngine - bytesBefore.toEngine + bytesAfter.fromEngine - bytesBefore.fromEngine,
      connections: bytesAfter.connections - bytesBefore.connections,
      wallMs,
    };
  } finally {
    for (const t of joining) clearTimeout(t);
    scheduler.dispose();
  }
}

/** Sends `message` (when given) to the forwarder and resolves with its next answer. */
function reply<T>(child: ChildProcess, message: string | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error('the byte counter ended'));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve(m as T);
    });
    if (message) child.send(message);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (require.main === module) runPartAsMain(() => watchBenchmarks());
