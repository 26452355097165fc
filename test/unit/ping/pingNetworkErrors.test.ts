import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { pingAll, pingContext } from '../../../src/core/ping/pingContext';
import { DockerContext } from '../../../src/core/store/types';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

function context(name: string, host: string, extra: Partial<DockerContext> = {}): DockerContext {
  return { name, description: '', host, skipTlsVerify: false, tls: {}, isDefault: false, meta: { Name: name }, ...extra };
}

/** A port with nothing listening: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A listener that accepts and then never says a word. */
async function silentListener(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('ping failures of the network', () => {
  let world: TempWorld;
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  it('says "connection refused" for a closed port, with a hint about dockerd', async () => {
    const port = await closedPort();
    const r = await pingContext(context('closed', `tcp://127.0.0.1:${port}`), { timeoutMs: 3000 });
    assert.strictEqual(r.ok, false);
    assert.strictEqual(r.error?.kind, 'connection-refused');
    assert.match(r.error.hint, /dockerd listens/);
  });

  it('says "timeout" for a listener that never answers, within the timeout', async () => {
    const silent = await silentListener();
    try {
      const r = await pingContext(context('silent', `tcp://127.0.0.1:${silent.port}`), { timeoutMs: 300 });
      assert.strictEqual(r.error?.kind, 'timeout');
      assert.ok(r.latencyMs >= 250 && r.latencyMs < 3000, `latency ${r.latencyMs}`);
    } finally {
      await silent.close();
    }
  });

  it('says "host not found" for a name that does not resolve', async () => {
    const r = await pingContext(context('nowhere', 'tcp://no-such-host.invalid:2376'), { timeoutMs: 5000 });
    assert.strictEqual(r.error?.kind, 'host-not-found');
  });

  it('says the socket is missing for a unix path with nothing there', async () => {
    const r = await pingContext(context('nosock', `unix://${path.join(world.root, 'docker.sock')}`), { timeoutMs: 3000 });
    assert.strictEqual(r.error?.kind, 'socket-not-found');
    assert.match(r.error.hint, /Start Docker/);
  });

  it('says the endpoint is invalid rather than throwing', async () => {
    const r = await pingContext(context('bad', 'docker.example.com:2376'), { timeoutMs: 3000 });
    assert.strictEqual(r.error?.kind, 'invalid-endpoint');
  });

  it('says the TLS material is incomplete when a key has no certificate', async () => {
    const port = await closedPort();
    const r = await pingContext(context('half', `tcp://127.0.0.1:${port}`, { tls: { key: path.join(world.root, 'key.pem') } }), { timeoutMs: 3000 });
    assert.strictEqual(r.error?.kind, 'tls-material-missing');
  });

  it('stops at once when cancelled, and says so', async () => {
    const silent = await silentListener();
    try {
      const controller = new AbortController();
      const pending = pingContext(context('c', `tcp://127.0.0.1:${silent.port}`), { timeoutMs: 10000, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const r = await pending;
      assert.strictEqual(r.error?.kind, 'cancelled');
      assert.ok(r.latencyMs < 5000);
    } finally {
      await silent.close();
    }
  });

  it('pings everything at once: 20 contexts, 10 of them silent, end in about one timeout', async () => {
    const silent = await silentListener();
    const port = await closedPort();
    try {
      const contexts = Array.from({ length: 20 }, (_, i) => context(`c${i}`, `tcp://127.0.0.1:${i % 2 ? silent.port : port}`));
      const started = Date.now();
      const results = await pingAll(contexts, { timeoutMs: 500 });
      const wall = Date.now() - started;
      assert.deepStrictEqual(results.map((r) => r.context), contexts.map((c) => c.name));
      assert.strictEqual(results.filter((r) => r.error?.kind === 'timeout').length, 10);
      // One timeout is 500 ms; pinging one after the other would take 5 s.
      assert.ok(wall < 2500, `ping all took ${wall} ms`);
    } finally {
      await silent.close();
    }
  });
});

describe('ping failures of an SSH connection that ends early', () => {
  it('an SSH connection that ends before the engine answers is an SSH failure, not a hint about TLS', async () => {
    // Whatever carries the SSH connection accepts, then hangs up at once (ssh, or the remote docker, went away).
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const agent = new http.Agent();
    (agent as unknown as { createConnection: unknown }).createConnection = () => net.connect(port, '127.0.0.1');
    try {
      const r = await pingContext(context('remote', 'ssh://ops@build.example.com'), { timeoutMs: 5000, ssh: { agentFor: () => Promise.resolve(agent) } });
      assert.strictEqual(r.error?.kind, 'ssh-connection-failed');
      assert.match(r.error.message, /SSH connection to ops@build\.example\.com ended before the engine answered/);
      assert.doesNotMatch(r.error.hint, /TLS/);
    } finally {
      agent.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
