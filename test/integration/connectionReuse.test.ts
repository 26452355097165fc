import * as assert from 'assert';
import { writeFileSync } from 'fs';
import * as net from 'net';
import * as path from 'path';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { ConnectivityWorld, ScriptedInteraction, hostBlock } from './connectivityWorld';
import { rig } from './rigFixture';

/** Every pooled socket of an agent, whichever address it is pooled under. */
function freeSockets(agent: { freeSockets: NodeJS.ReadOnlyDict<net.Socket[]> }): net.Socket[] {
  return Object.values(agent.freeSockets).flatMap((s) => s ?? []);
}

/**
 * A TCP relay in front of the engine's TLS port that counts connections and, when told, resets
 * the connections it already has as soon as they carry another request: what a NAT or a proxy
 * that silently forgot an idle connection does to a kept-alive socket.
 */
async function startRelay(port: number) {
  const connections: net.Socket[] = [];
  let poisoned = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections.push(client);
    const upstream = net.connect(port, '127.0.0.1');
    client.on('data', (d) => (poisoned.has(client) ? client.resetAndDestroy() : upstream.write(d)));
    upstream.on('data', (d) => client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    forgetIdleConnections: () => (poisoned = new Set(connections)),
    close: () => {
      for (const c of connections) c.destroy();
      server.close();
    },
  };
}

describe('connectivity: connections are reused between pings', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  let agents: EngineAgents;
  beforeEach(() => {
    c = new ConnectivityWorld();
    agents = new EngineAgents(60000);
  });
  afterEach(() => {
    agents.destroy();
    c.dispose();
  });

  it('a second TLS ping goes over the first one’s connection, with no new handshake', async () => {
    const { ca, cert, key } = rig().tls;
    const first = await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key }, agents });
    assert.strictEqual(first.ok, true, JSON.stringify(first.error));
    const [socket] = freeSockets(agents.https);
    assert.ok(socket, 'the connection was not kept');
    const second = await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key }, agents });
    assert.strictEqual(second.ok, true, JSON.stringify(second.error));
    assert.deepStrictEqual(freeSockets(agents.https), [socket]);
  });

  it('a unix socket ping reuses its connection too', async () => {
    assert.strictEqual((await c.ping(rig().docker.unixHost, { agents })).ok, true);
    const [socket] = freeSockets(agents.http);
    assert.strictEqual((await c.ping(rig().docker.unixHost, { agents })).ok, true);
    assert.deepStrictEqual(freeSockets(agents.http), [socket]);
  });

  it('a kept connection that something between forgot is retried on a new one, not reported as a failure', async () => {
    const relay = await startRelay(rig().docker.tlsPort);
    try {
      const { ca, cert, key } = rig().tls;
      const host = `tcp://127.0.0.1:${relay.port}`;
      assert.strictEqual((await c.ping(host, { tls: { ca, cert, key }, agents })).ok, true);
      assert.strictEqual(relay.connections.length, 1);
      relay.forgetIdleConnections();
      const again = await c.ping(host, { tls: { ca, cert, key }, agents });
      assert.strictEqual(again.ok, true, JSON.stringify(again.error));
      assert.strictEqual(relay.connections.length, 2, 'the retry did not open a new connection');
    } finally {
      relay.close();
    }
  });

  it('contexts with different client material never share a connection', async () => {
    const { ca, cert, key } = rig().tls;
    assert.strictEqual((await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key }, agents })).ok, true);
    // The same engine without a client certificate must make its own connection, and be refused.
    const without = await c.ping(rig().docker.tlsHost, { tls: { ca }, agents });
    assert.strictEqual(without.ok, false);
    assert.strictEqual(without.error?.kind, 'tls-client-cert-rejected', JSON.stringify(without.error));
  });
});

describe('connectivity: a ping that may ask never joins one that may not (built-in client)', function () {
  this.timeout(60000);
  let c: ConnectivityWorld;
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(() => c.dispose());

  it('a background ping and a person’s ping of an unknown host at once: the person is asked and gets through, the background one is refused', async () => {
    const s = rig().ssh;
    const known = path.join(c.sshDir, 'known_hosts');
    writeFileSync(known, '', { mode: 0o600 });
    c.sshConfig(hostBlock('rig', { hostname: '127.0.0.1', port: s.port, user: s.user, identityFile: s.keyFile, knownHosts: known }));
    const pool = c.pool();
    const person = new ScriptedInteraction({ hostKey: 'once' });
    // The background ping starts first: its connection attempt is under way when the person's comes.
    const [background, asked] = await Promise.all([c.ping('ssh://rig', { pool }), c.ping('ssh://rig', { pool, interaction: person })]);
    assert.strictEqual(background.error?.kind, 'ssh-host-key-unknown');
    assert.strictEqual(asked.ok, true, JSON.stringify(asked.error));
    assert.strictEqual(person.hostKeyQuestions.length, 1);
    // And the key the person trusted once is not trusted by the background pings after it.
    assert.strictEqual((await c.ping('ssh://rig', { pool })).error?.kind, 'ssh-host-key-unknown');
  });
});
