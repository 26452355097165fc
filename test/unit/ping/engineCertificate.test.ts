import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import { TLSSocket } from 'tls';
import { EngineAgents } from '../../../src/core/ping/engineAgents';
import { pingContext } from '../../../src/core/ping/pingContext';
import { DockerContext } from '../../../src/core/store/types';
import { CertificateAuthority, LeafCertificate, createCa, issueCertificate } from '../../rig/tlsFixtures';
import { TempWorld, createTempWorld } from '../../support/tempWorld';

function context(host: string, extra: Partial<DockerContext> = {}): DockerContext {
  return { name: 'under-test', description: '', host, skipTlsVerify: false, tls: {}, isDefault: false, meta: { Name: 'under-test' }, ...extra };
}

/** An engine stand-in on loopback that answers the ping over TLS, counting its connections. */
async function tlsEngine(leaf: LeafCertificate): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = https.createServer({ cert: readFileSync(leaf.certFile), key: readFileSync(leaf.keyFile) }, (_req, res) => res.writeHead(200, { 'Api-Version': '1.45' }).end('OK'));
  server.on('secureConnection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Counts our own reads of the peer certificate (Node's handshake check asks for the detailed form). */
function countPeerCertificateReads(): { count: () => number; restore: () => void } {
  const original = Object.getOwnPropertyDescriptor(TLSSocket.prototype, 'getPeerCertificate')!;
  let count = 0;
  const read = original.value as (this: TLSSocket, detailed?: boolean) => unknown;
  TLSSocket.prototype.getPeerCertificate = function (this: TLSSocket, detailed?: boolean) {
    if (!detailed) count++;
    return read.call(this, detailed);
  } as TLSSocket['getPeerCertificate'];
  return { count: () => count, restore: () => Object.defineProperty(TLSSocket.prototype, 'getPeerCertificate', original) };
}

describe('ping: the engine’s own certificate', function () {
  this.timeout(30000);
  let world: TempWorld;
  let ca: CertificateAuthority;
  let leaf: LeafCertificate;
  // openssl ca takes whole seconds.
  const notAfter = new Date(Math.floor((Date.now() + 12 * 86400000) / 1000) * 1000);

  before(async () => {
    world = createTempWorld('drc-enginecert-');
    const dir = path.join(world.root, 'tls');
    ca = await createCa({ dir, days: 400 });
    leaf = await issueCertificate(ca, { dir, certName: 'server-cert.pem', keyName: 'server-key.pem', usage: 'server', commonName: 'engine.test', sans: ['DNS:localhost', 'IP:127.0.0.1'], notAfter });
  });
  after(() => world.dispose());

  it('reports its end date, name and alternative names, on a new and on a reused connection', async () => {
    const engine = await tlsEngine(leaf);
    const agents = new EngineAgents(60000);
    try {
      const verified = context(`tcp://127.0.0.1:${engine.port}`, { tls: { ca: ca.certFile } });
      const first = await pingContext(verified, { timeoutMs: 5000, agents });
      const second = await pingContext(verified, { timeoutMs: 5000, agents });
      assert.strictEqual(first.ok, true, JSON.stringify(first.error));
      assert.deepStrictEqual(first.engineCertificate, { notAfter: notAfter.toISOString(), commonName: 'engine.test', subjectAltName: 'DNS:localhost, IP Address:127.0.0.1' });
      assert.strictEqual(engine.connections(), 1, 'the second ping reused the first one’s connection');
      assert.deepStrictEqual(second.engineCertificate, first.engineCertificate);
    } finally {
      agents.destroy();
      await engine.close();
    }
  });

  it('reads it once per connection: a ping on a kept-alive connection does no more work for it', async () => {
    const engine = await tlsEngine(leaf);
    const agents = new EngineAgents(60000);
    const reads = countPeerCertificateReads();
    try {
      const verified = context(`tcp://127.0.0.1:${engine.port}`, { tls: { ca: ca.certFile } });
      for (let i = 0; i < 5; i++) assert.strictEqual((await pingContext(verified, { timeoutMs: 5000, agents })).engineCertificate?.notAfter, notAfter.toISOString());
      assert.strictEqual(engine.connections(), 1);
      assert.strictEqual(reads.count(), 1);
    } finally {
      reads.restore();
      agents.destroy();
      await engine.close();
    }
  });

  it('reports it with SkipTLSVerify too, where nothing checks it', async () => {
    const engine = await tlsEngine(leaf);
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${engine.port}`, { skipTlsVerify: true }), { timeoutMs: 5000 });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.strictEqual(r.insecure, true);
      assert.strictEqual(r.engineCertificate?.notAfter, notAfter.toISOString());
    } finally {
      await engine.close();
    }
  });

  it('reports none for an engine without TLS', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end('OK'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await pingContext(context(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`), { timeoutMs: 5000 });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.ok(!('engineCertificate' in r));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
