import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import { MAX_ANSWER_BYTES, fetchEngineInfo } from '../../../src/core/engine/engineInfo';
import { EngineAgents } from '../../../src/core/ping/engineAgents';
import { pingContext } from '../../../src/core/ping/pingContext';
import { DockerContext } from '../../../src/core/store/types';
import { engineFixture as fixture } from '../../support/engineFixtures';

function context(host: string, name = 'under-test'): DockerContext {
  return { name, description: '', host, skipTlsVerify: false, tls: {}, isDefault: false, meta: { Name: name } };
}

/** A loopback HTTP server that answers as `routes` say (a 404 elsewhere), and counts requests and connections. */
async function engine(routes: Record<string, (res: http.ServerResponse) => void>) {
  const paths: string[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (route) route(res);
    else res.writeHead(404, { 'Api-Version': '1.41', 'Content-Type': 'application/json' }).end('{"message":"page not found"}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    paths,
    get connections() {
      return connections;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const json = (body: string) => (res: http.ServerResponse) => res.writeHead(200, { 'Api-Version': '1.41', 'Content-Type': 'application/json' }).end(body);
const ok = (res: http.ServerResponse) => res.writeHead(200, { 'Api-Version': '1.41' }).end('OK');
const realEngine = { '/_ping': ok, '/version': json(fixture('dockerd-20.10-version.json')), '/info': json(fixture('dockerd-20.10-info-plain-tcp.json')) };

describe('engine details: fetching /version and /info', () => {
  it('asks /version then /info and returns what they say, with the context, host and when', async () => {
    const e = await engine(realEngine);
    try {
      const before = Date.now();
      const r = await fetchEngineInfo(context(e.host, 'box'), { timeoutMs: 3000 });
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(r.context, 'box');
      assert.strictEqual(r.host, e.host);
      assert.strictEqual(r.serverVersion, '20.10.24+dfsg1');
      assert.strictEqual(r.warnings.length, 1);
      assert.ok(Date.parse(r.fetchedAt) >= before - 1000);
      assert.ok(r.latencyMs >= 0);
      assert.deepStrictEqual(e.paths, ['/version', '/info']);
    } finally {
      await e.close();
    }
  });

  it('asks both over the connection the ping left open', async () => {
    const e = await engine(realEngine);
    const agents = new EngineAgents(60000);
    try {
      assert.strictEqual((await pingContext(context(e.host), { timeoutMs: 3000, agents })).ok, true);
      const r = await fetchEngineInfo(context(e.host), { timeoutMs: 3000, agents });
      assert.strictEqual(r.ok, true, JSON.stringify(r));
      assert.deepStrictEqual(e.paths, ['/_ping', '/version', '/info']);
      assert.strictEqual(e.connections, 1);
    } finally {
      agents.destroy();
      await e.close();
    }
  });

  it('an answer that is not JSON is a failure naming the context, not a throw', async () => {
    const e = await engine({ ...realEngine, '/info': (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('all good, trust me') });
    try {
      const r = await fetchEngineInfo(context(e.host, 'shady'), { timeoutMs: 3000 });
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'not-docker');
      assert.strictEqual(r.error.message, 'The engine of "shady" answered GET /info with something other than JSON: "all good, trust me"');
      assert.ok(r.error.hint.length > 0);
    } finally {
      await e.close();
    }
  });

  it(`stops reading an answer longer than ${MAX_ANSWER_BYTES / 1024} KiB and says so`, async () => {
    const huge = `{"Warnings":["${'x'.repeat(MAX_ANSWER_BYTES)}"]}`;
    const e = await engine({ ...realEngine, '/info': json(huge) });
    try {
      const r = await fetchEngineInfo(context(e.host), { timeoutMs: 5000 });
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'not-docker');
      assert.match(r.error.message, /sent more than 1024 KiB in answer to GET \/info/);
    } finally {
      await e.close();
    }
  });

  it('an engine’s error on /info is an engine error that quotes it', async () => {
    const e = await engine({ ...realEngine, '/info': (res) => res.writeHead(500, { 'Api-Version': '1.41' }).end('{"message":"layer store is corrupt"}') });
    try {
      const r = await fetchEngineInfo(context(e.host), { timeoutMs: 3000 });
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'engine-error');
      assert.match(r.error.message, /answered GET \/info with HTTP 500 Internal Server Error: "\{"message":"layer store is corrupt"\}"/);
    } finally {
      await e.close();
    }
  });

  it('something else than an engine (no Api-Version, 404 on /version) is not Docker', async () => {
    const server = http.createServer((_req, res) => res.writeHead(404).end('Not Found'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await fetchEngineInfo(context(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`), { timeoutMs: 3000 });
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'not-docker');
      assert.match(r.error.message, /answered GET \/version with HTTP 404 Not Found: "Not Found", which is not how a Docker engine answers/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('an engine that does not answer in time is a timeout within the ping’s limit', async () => {
    const e = await engine({ '/version': () => undefined });
    try {
      const started = Date.now();
      const r = await fetchEngineInfo(context(e.host), { timeoutMs: 300 });
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'timeout');
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    } finally {
      await e.close();
    }
  });

  it('a closed port is refused, as a ping says it', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const r = await fetchEngineInfo(context(`tcp://127.0.0.1:${port}`), { timeoutMs: 3000 });
    assert.ok(!r.ok);
    assert.strictEqual(r.error.kind, 'connection-refused');
    assert.match(r.error.message, new RegExp(`Nothing accepts connections at 127\\.0\\.0\\.1:${port}`));
  });

  it('a cancel is a cancelled result', async () => {
    const e = await engine({ '/version': () => undefined });
    try {
      const controller = new AbortController();
      const pending = fetchEngineInfo(context(e.host), { timeoutMs: 10000, signal: controller.signal });
      controller.abort();
      const r = await pending;
      assert.ok(!r.ok);
      assert.strictEqual(r.error.kind, 'cancelled');
    } finally {
      await e.close();
    }
  });
});
