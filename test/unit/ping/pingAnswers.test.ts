import * as assert from 'assert';
import { mkdirSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { pingContext } from '../../../src/core/ping/pingContext';
import { DockerContext } from '../../../src/core/store/types';
import { startGarbageServer } from '../../support/garbageServer';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

function context(host: string): DockerContext {
  return { name: 'under-test', description: '', host, skipTlsVerify: false, tls: {}, isDefault: false, meta: { Name: 'under-test' } };
}

/** An HTTP server on loopback that answers every request with `answer`. */
async function httpServer(answer: (res: http.ServerResponse) => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('ping: what counts as an engine that is up', () => {
  it('a 200 with the body OK is up, with the engine’s headers', async () => {
    const s = await httpServer((res) => res.writeHead(200, { 'Api-Version': '1.45', Ostype: 'linux' }).end('OK'));
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: 3000 });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.strictEqual(r.apiVersion, '1.45');
    } finally {
      await s.close();
    }
  });

  it('an HTTP 500 with an Api-Version header is a failing engine, quoting its status and answer', async () => {
    const s = await httpServer((res) => res.writeHead(500, { 'Api-Version': '1.45' }).end('{"message":"layer store is corrupt"}\n'));
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: 3000 });
      assert.strictEqual(r.ok, false);
      assert.strictEqual(r.error?.kind, 'engine-error');
      assert.match(r.error.message, new RegExp(`127\\.0\\.0\\.1:${s.port} answered the ping with HTTP 500 Internal Server Error: "\\{"message":"layer store is corrupt"\\}"`));
      assert.match(r.error.hint, /log/);
    } finally {
      await s.close();
    }
  });

  it('a 200 whose body is not OK is not an engine, and the message quotes what came back', async () => {
    const s = await httpServer((res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>'));
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: 3000 });
      assert.strictEqual(r.error?.kind, 'not-docker');
      assert.match(r.error.message, /answered HTTP 200 OK: "<html><body>Welcome to nginx!<\/body><\/html>"/);
    } finally {
      await s.close();
    }
  });

  it('a port that answers something other than HTTP says so instead of the parser’s words', async () => {
    const s = await startGarbageServer([{ write: 'SSH-2.0-OpenSSH_9.2\r\n' }]);
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: 3000 });
      assert.strictEqual(r.error?.kind, 'not-docker');
      assert.match(r.error.message, new RegExp(`^127\\.0\\.0\\.1:${s.port} answered, but not as a Docker engine speaks \\(HTTP\\)`));
      assert.match(r.error.hint, /Check the port/);
    } finally {
      await s.close();
    }
  });

  it('a port that speaks TLS to a context without TLS says so', async () => {
    // A TLS alert record (fatal, protocol_version), as a TLS server sends to a client hello it cannot read.
    const s = await startGarbageServer([{ write: Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]) }, { close: 'end' }]);
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: 3000 });
      assert.strictEqual(r.error?.kind, 'http-to-https');
      assert.match(r.error.message, new RegExp(`127\\.0\\.0\\.1:${s.port} speaks TLS`));
    } finally {
      await s.close();
    }
  });
});

describe('ping: a unix socket path that is not a socket', () => {
  let world: TempWorld;
  beforeEach(() => (world = createTempWorld()));
  afterEach(() => world.dispose());

  it('a regular file: says it is a file, not "Start Docker"', async () => {
    const file = path.join(world.root, 'docker.sock');
    writeFileSync(file, '');
    const r = await pingContext(context(`unix://${file}`), { timeoutMs: 3000 });
    assert.strictEqual(r.error?.kind, 'socket-not-found');
    assert.strictEqual(r.error.message, `${file} is a regular file, not a socket: no Docker engine listens there.`);
    assert.doesNotMatch(r.error.hint, /^Start Docker/);
    assert.match(r.error.hint, /\/var\/run\/docker\.sock/);
  });

  it('a folder: says it is a folder', async () => {
    const folder = path.join(world.root, 'run');
    mkdirSync(folder);
    const r = await pingContext(context(`unix://${folder}`), { timeoutMs: 3000 });
    assert.strictEqual(r.error?.kind, 'socket-not-found');
    assert.strictEqual(r.error.message, `${folder} is a folder, not a socket: no Docker engine listens there.`);
  });
});

describe('ping: its time limit', () => {
  for (const limit of [2500.5, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 40]) {
    it(`a limit of ${limit} ms still lets a working engine answer`, async () => {
      const s = await httpServer((res) => res.writeHead(200, { 'Api-Version': '1.45' }).end('OK'));
      try {
        const r = await pingContext(context(`tcp://127.0.0.1:${s.port}`), { timeoutMs: limit });
        assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      } finally {
        await s.close();
      }
    });
  }
});
