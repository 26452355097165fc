import * as assert from 'assert';
import fc from 'fast-check';
import { performance } from 'perf_hooks';
import { pingContext } from '../../../src/core/ping/pingContext';
import { PingResult } from '../../../src/core/ping/pingTypes';
import { SshConnectionPool } from '../../../src/core/ssh/sshPool';
import { DockerContext } from '../../../src/core/store/types';
import { GarbageStep, startGarbageServer } from '../../support/garbageServer';
import { TempWorld, createTempWorld } from '../../support/tempWorld';
import { waitUntil } from '../../support/waitUntil';

const TIMEOUT_MS = 250;
/** What a ping may take beyond its limit: the last event-loop turns, a loaded machine. */
const SLACK_MS = 1500;

/** The one answer that is an engine that is up. */
const GENUINE = 'HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\nOstype: linux\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nOK';

const bytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => ({ write: Buffer.from(a) }));
const headerName = fc.constantFrom('Api-Version', 'Content-Length', 'Transfer-Encoding', 'Content-Type', 'X-Odd', 'Connection', 'Api-Version ');
const headerValue = fc.oneof(fc.constantFrom('1.45', '0', '-1', '99999999999', 'chunked', 'close', ''), fc.string({ maxLength: 20 }));
/** HTTP that is wrong in some way: a status other than 200, or a 200 whose body is not OK; odd headers, odd lengths. */
const oddHttp = fc
  .record({
    status: fc.oneof(fc.constantFrom(100, 101, 204, 301, 400, 401, 404, 500, 502, 503, 999, 0), fc.integer({ min: 0, max: 1000 })),
    reason: fc.string({ maxLength: 15 }),
    headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
    body: fc.string({ maxLength: 60 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .filter((h) => h.status !== 200 || h.body.trim() !== 'OK')
  .map(({ status, reason, headers, body, cut }) => {
    const text = `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n${body}`;
    return { write: cut === undefined ? text : text.slice(0, cut % (text.length + 1)) };
  });
const sshBanner = fc.constantFrom('SSH-2.0-x\r\n', 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', 'SSH-1.5-old\r\n', 'SSH-2.0-').map((write) => ({ write }));
const spray = fc.record({ spray: fc.integer({ min: 1, max: 5 }), bytes: fc.integer({ min: 1, max: 200 }), everyMs: fc.constant(1) }) as fc.Arbitrary<GarbageStep>;
const close = fc.constantFrom<GarbageStep>({ close: 'end' }, { close: 'destroy' }, { close: 'reset' });
/** Mostly ends the connection somewhere; now and then keeps it open, so that the ping's time limit ends it. */
const ending = fc.oneof({ weight: 6, arbitrary: close.map((c) => [c]) }, { weight: 1, arbitrary: fc.constant([] as GarbageStep[]) });

const garbage = fc.tuple(fc.array(fc.oneof(bytes, oddHttp, sshBanner, spray), { minLength: 0, maxLength: 3 }), ending).map(([steps, end]) => [...steps, ...end]);
/** The real answer, then the connection kept or closed (a reset may overtake the answer on the wire, so not that). */
const genuine = fc.constantFrom<GarbageStep[]>([], [{ close: 'end' }], [{ close: 'destroy' }]).map((end) => [{ write: GENUINE }, ...end]);

function context(host: string): DockerContext {
  return { name: 'generated', description: '', host, skipTlsVerify: false, tls: {}, isDefault: false, meta: { Name: 'generated' } };
}

/** Pings a server that plays `script`, and checks the ping's promises whatever the server says. */
async function pingAgainst(script: GarbageStep[], ping: (port: number) => Promise<PingResult>): Promise<PingResult> {
  const server = await startGarbageServer(script);
  try {
    const started = performance.now();
    const r = await ping(server.port);
    const took = performance.now() - started;
    assert.ok(took < TIMEOUT_MS + SLACK_MS, `the ping took ${Math.round(took)} ms`);
    assert.strictEqual(typeof r.ok, 'boolean');
    if (!r.ok) {
      assert.ok(r.error && r.error.kind !== ('ok' as string), JSON.stringify(r));
      assert.ok(r.error.message.length > 0 && r.error.hint !== undefined, JSON.stringify(r.error));
    }
    // The client hangs up on whatever it did not understand, and nothing of it stays open.
    await waitUntil('the client to hang up', () => server.open === 0, { timeoutMs: 3000, everyMs: 5 });
    return r;
  } finally {
    await server.close();
  }
}

describe('properties: a ping of a port that answers anything', function () {
  this.timeout(30000);
  let world: TempWorld;
  let pool: SshConnectionPool;
  const faults: string[] = [];
  const onException = (e: Error) => faults.push(`uncaught exception: ${e.message}`);
  const onRejection = (e: unknown) => faults.push(`unhandled rejection: ${String(e)}`);

  before(() => {
    world = createTempWorld('drc-prop-ping-');
    // The built-in client, reading this world's (empty) ~/.ssh with our own parser: no ssh -G per ping.
    pool = new SshConnectionPool({ surroundings: { homeDir: world.home, localUser: 'nobody', env: { HOME: world.home }, systemConfigFile: null, sshPath: null }, agent: undefined, idleMs: 1 });
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
  });
  after(() => {
    process.removeListener('uncaughtException', onException);
    process.removeListener('unhandledRejection', onRejection);
    pool.closeAll();
    world.dispose();
  });
  afterEach(() => assert.deepStrictEqual(faults, []));

  const tcp = (port: number) => pingContext(context(`tcp://127.0.0.1:${port}`), { timeoutMs: TIMEOUT_MS });
  const ssh = (port: number) => pingContext(context(`ssh://nobody@127.0.0.1:${port}`), { timeoutMs: TIMEOUT_MS, ssh: pool.dialer(undefined) });

  it('over TCP: always resolves within its limit, and is up only for a real 200 OK', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: garbage.map((s) => ({ s, up: false })) }, { weight: 1, arbitrary: genuine.map((s) => ({ s, up: true })) }), async ({ s, up }) => {
        const r = await pingAgainst(s, tcp);
        assert.strictEqual(r.ok, up, `${JSON.stringify(s.map((x) => ('write' in x ? String(x.write).slice(0, 80) : x)))} → ${JSON.stringify(r.error)}`);
      }),
      { numRuns: 40 },
    );
  });

  it('over SSH (built-in client): always resolves within its limit, never up', async () => {
    await fc.assert(
      fc.asyncProperty(garbage, async (s) => {
        const r = await pingAgainst(s, ssh);
        assert.strictEqual(r.ok, false);
      }),
      { numRuns: 25 },
    );
  });
});
