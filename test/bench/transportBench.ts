import { EngineAgents } from '../../src/core/ping/engineAgents';
import { ContextStore } from '../../src/core/store/contextStore';
import { ConnectivityWorld, hostBlock } from '../integration/connectivityWorld';
import { Rig, startRig } from '../rig/rig';
import { BenchRow } from './benchRow';
import { median, row, run, runPartAsMain } from './measure';

/**
 * Ping per transport, cold (a new connection: handshakes included) and warm (the open
 * connection of the SSH pool or of the keep-alive agents), against `docker --context X version` and curl on the same endpoint, in one run.
 * curl has no SSH transport, so SSH is compared with the CLI only.
 */
export async function transportBenchmarks(existing?: Rig): Promise<BenchRow[]> {
  const rig = existing ?? (await startRig());
  const c = new ConnectivityWorld();
  try {
    const { ca, cert, key } = rig.tls;
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: rig.ssh.port, user: rig.ssh.user, identityFile: rig.ssh.keyFile, knownHosts: rig.ssh.knownHosts }));
    const store = new ContextStore(c.world.environment);
    await store.write({ Name: 'b-unix', Endpoints: { docker: { Host: rig.docker.unixHost, SkipTLSVerify: false } } });
    await store.write({ Name: 'b-tls', Endpoints: { docker: { Host: rig.docker.tlsHost, SkipTLSVerify: false } } }, { endpoint: 'docker', files: { ca: await read(ca), cert: await read(cert), key: await read(key) } });
    await store.write({ Name: 'b-ssh', Endpoints: { docker: { Host: rig.ssh.host, SkipTLSVerify: false } } });
    const env = rig.cliEnv(c.world);
    const cli = (context: string) => median(5, () => run('docker', ['--context', context, 'version', '--format', '{{.Server.APIVersion}}'], env));
    const must = async (host: string, how: Parameters<ConnectivityWorld['ping']>[1]) => {
      const r = await c.ping(host, how);
      if (!r.ok) throw new Error(`ping ${host} failed: ${r.error?.message}`);
    };
    const transports: Array<{ name: string; host: string; tls?: { ca: string; cert: string; key: string }; curl?: string[] }> = [
      { name: 'unix', host: rig.docker.unixHost, curl: ['-sf', '--unix-socket', rig.docker.socket, 'http://localhost/_ping'] },
      { name: 'TLS', host: rig.docker.tlsHost, tls: { ca, cert, key }, curl: ['-sf', '--cacert', ca, '--cert', cert, '--key', key, `https://127.0.0.1:${rig.docker.tlsPort}/_ping`] },
      { name: 'SSH (built-in)', host: 'ssh://rig' },
    ];
    const rows: BenchRow[] = [];
    for (const t of transports) {
      const context = `b-${t.name.split(' ')[0].toLowerCase()}`;
      const cold = await median(5, () => must(t.host, { tls: t.tls, pool: c.pool() }));
      const pool = c.pool();
      const agents = new EngineAgents(60000);
      await must(t.host, { tls: t.tls, pool, agents });
      const warm = await median(20, () => must(t.host, { tls: t.tls, pool, agents }));
      agents.destroy();
      const viaCli = await cli(context);
      rows.push(row(`ping ${t.name}, cold`, cold, viaCli, `docker --context ${context} version`));
      rows.push(row(`ping ${t.name}, warm`, warm, viaCli, `docker --context ${context} version`));
      if (t.curl) {
        const curl = await median(10, () => run('curl', t.curl!));
        rows.push(row(`ping ${t.name}, warm`, warm, curl, 'curl /_ping'));
      }
    }
    return rows;
  } finally {
    c.dispose();
    if (!existing) await rig.stop();
  }
}

async function read(file: string): Promise<Buffer> {
  const { promises } = await import('fs');
  return promises.readFile(file);
}

if (require.main === module) runPartAsMain(() => transportBenchmarks());
