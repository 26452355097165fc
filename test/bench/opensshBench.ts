import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { setTimeout as sleep } from 'timers/promises';
import { performance } from 'perf_hooks';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { pingContext } from '../../src/core/ping/pingContext';
import { findOpenSsh } from '../../src/core/ssh/openssh/findOpenSsh';
import { OpenSshConnections } from '../../src/core/ssh/openssh/opensshConnections';
import { ContextStore } from '../../src/core/store/contextStore';
import { draftContext } from '../../src/core/store/newContexts';
import { ConnectivityWorld, hostBlock } from '../integration/connectivityWorld';
import { Rig, startRig } from '../rig/rig';
import { BenchRow } from './benchRow';
import { median, medianOf, row, run, runPartAsMain } from './measure';

/**
 * Ping over SSH through the system's OpenSSH client, cold (a new ssh process: handshake included)
 * and warm (the kept process) 1 s, 10 s and 50 s after the ping before it, inside the idle timeout,
 * beside `docker --context X version` over the same sshd in the same run; the built-in client and
 * the engine's own unix socket after the same idle times beside them, and the machine's own
 * floor: 100 bytes through as many idle processes as SSH adds to the path (ssh, the sshd session,
 * `docker system dial-stdio`), each a `cat`.
 */
export async function opensshBenchmarks(existing?: Rig): Promise<BenchRow[]> {
  const client = await findOpenSsh({ platform: process.platform, env: process.env });
  if (!client) throw new Error('No OpenSSH client of 8.4 or later: the OpenSSH rows need one.');
  const rig = existing ?? (await startRig());
  const c = new ConnectivityWorld();
  const open: OpenSshConnections[] = [];
  try {
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: rig.ssh.port, user: rig.ssh.user, identityFile: rig.ssh.keyFile, knownHosts: rig.ssh.knownHosts }));
    await new ContextStore(c.world.environment).write({ Name: 'b-ssh', Endpoints: { docker: { Host: rig.ssh.host, SkipTLSVerify: false } } });
    const connections = () => {
      const conns = new OpenSshConnections({ client, env: { ...process.env, HOME: c.world.home }, idleMs: 60000, configFile: path.join(c.sshDir, 'config') });
      open.push(conns);
      return conns;
    };
    const ping = async (conns: OpenSshConnections) => {
      const r = await pingContext(draftContext('b-ssh', 'ssh://rig', undefined), { timeoutMs: 20000, ssh: conns.dialer(undefined) });
      if (!r.ok) throw new Error(`ping over OpenSSH failed: ${r.error?.message}`);
    };
    const cold = await median(5, async () => {
      const conns = connections();
      await ping(conns);
      conns.closeAll();
    });
    const viaCli = await median(5, () => run('docker', ['--context', 'b-ssh', 'version', '--format', '{{.Server.APIVersion}}'], rig.cliEnv(c.world)));
    const rows = [row('ping SSH (OpenSSH), cold', cold, viaCli, 'docker --context b-ssh version')];
    // Each series: the median of three pings, each this long after the one before on the same kept
    // connection. The built-in client and the engine's own unix socket (the floor: whatever the engine
    // and the machine take to wake up) are measured the same way, one series after the other.
    const afterIdle = async (afterS: number, ping: () => Promise<unknown>) => {
      await ping();
      return medianOf(3, async () => {
        await sleep(afterS * 1000);
        const started = performance.now();
        await ping();
        return performance.now() - started;
      });
    };
    const ref = 'docker --context b-ssh version';
    for (const afterS of [1, 10, 50]) {
      const conns = connections();
      rows.push(row(`ping SSH (OpenSSH), warm ${afterS} s after`, await afterIdle(afterS, () => ping(conns)), viaCli, ref));
      conns.closeAll();
      const pool = c.pool({ idleMs: 600000 });
      const builtin = () => c.ping('ssh://rig', { pool, timeoutMs: 20000 }).then((r) => assert.ok(r.ok, r.error?.message));
      rows.push(row(`ping SSH (built-in), warm ${afterS} s after`, await afterIdle(afterS, builtin), viaCli, ref));
      pool.closeAll();
      const agents = new EngineAgents(600000);
      const unix = () => pingContext(draftContext('b-unix', rig.docker.unixHost, undefined), { timeoutMs: 20000, agents });
      rows.push(row(`floor: ping over the engine's unix socket, kept alive, ${afterS} s after`, await afterIdle(afterS, unix), viaCli, ref));
      agents.destroy();
      const chain = pipeChain(3);
      rows.push(row(`floor: 100 bytes through 3 idle processes piped (cat | cat | cat), ${afterS} s after`, await afterIdle(afterS, chain.roundTrip), viaCli, ref));
      chain.close();
    }
    return rows;
  } finally {
    for (const conns of open) conns.closeAll();
    c.dispose();
    if (!existing) await rig.stop();
  }
}

/** `n` cat processes piped one into the next: what waking that many idle processes costs here. */
function pipeChain(n: number): { roundTrip: () => Promise<void>; close: () => void } {
  const child = spawn('sh', ['-c', Array<string>(n).fill('cat').join(' | ')], { stdio: ['pipe', 'pipe', 'ignore'] });
  let arrived: (() => void) | undefined;
  child.stdout.on('data', () => arrived?.());
  return {
    roundTrip: () =>
      new Promise<void>((resolve) => {
        arrived = resolve;
        child.stdin.write('x'.repeat(100));
      }),
    close: () => child.stdin.end(),
  };
}

if (require.main === module) runPartAsMain(() => opensshBenchmarks());
