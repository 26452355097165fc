import * as assert from 'assert';
import * as net from 'net';
import * as path from 'path';
import { pingContext } from '../../src/core/ping/pingContext';
import { draftContext } from '../../src/core/store/newContexts';
import { DockerDaemon, startDockerDaemon } from '../rig/dockerDaemon';
import { createCa, issueCertificate, opensslEndDate } from '../rig/tlsFixtures';
import { ConnectivityWorld } from './connectivityWorld';
import { rig } from './rigFixture';

/** Each TLS failure, produced for real against a real dockerd --tlsverify, gives its kind and a hint. */
describe('connectivity: TLS failures say why', function () {
  this.timeout(90000);
  let c: ConnectivityWorld;
  beforeEach(() => (c = new ConnectivityWorld()));
  afterEach(() => c.dispose());

  it('a CA that did not sign the engine’s certificate: tls-unknown-ca', async () => {
    const dir = path.join(c.world.root, 'other-ca');
    const other = await createCa({ dir, commonName: 'Some other CA' });
    const r = await c.ping(rig().docker.tlsHost, { tls: { ca: other.certFile, cert: rig().tls.cert, key: rig().tls.key } });
    assert.strictEqual(r.error?.kind, 'tls-unknown-ca');
    assert.match(r.error.hint, /ca\.pem of the CA that signed/);
  });

  it('a client certificate from another CA: tls-client-cert-rejected', async () => {
    const dir = path.join(c.world.root, 'foreign');
    const other = await createCa({ dir });
    const leaf = await issueCertificate(other, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client' });
    const r = await c.ping(rig().docker.tlsHost, { tls: { ca: rig().tls.ca, cert: leaf.certFile, key: leaf.keyFile } });
    assert.strictEqual(r.error?.kind, 'tls-client-cert-rejected');
    assert.match(r.error.hint, /--tlsverify/);
  });

  it('no client certificate at all: tls-client-cert-rejected', async () => {
    const r = await c.ping(rig().docker.tlsHost, { tls: { ca: rig().tls.ca } });
    assert.strictEqual(r.error?.kind, 'tls-client-cert-rejected');
  });

  it('plain HTTP sent to the TLS port: http-to-https', async () => {
    const r = await c.ping(rig().docker.tlsHost);
    assert.strictEqual(r.error?.kind, 'http-to-https');
    assert.match(r.error.hint, /TLS material/);
  });

  it('TLS sent to a port that speaks plain HTTP: tls-to-plain-port', async () => {
    // A listener that answers like a plain-HTTP engine port.
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => {
      sockets.push(s);
      s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await c.ping(`tcp://127.0.0.1:${port}`, { tls: { ca: rig().tls.ca, cert: rig().tls.cert, key: rig().tls.key } });
      assert.strictEqual(r.error?.kind, 'tls-to-plain-port');
      assert.match(r.error.hint, /2376 is for TLS/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  describe('an engine whose own certificate is wrong', () => {
    let noSan: DockerDaemon;
    let expired: DockerDaemon;
    let expiredCert: string;
    before(async () => {
      const t = rig().tls;
      const dir = c0.serverDir('bad-server-certs');
      // A server certificate that names only "localhost", and one that expired yesterday.
      const localhostOnly = await issueCertificate(t.authority, { dir, certName: 'localhost-only.pem', keyName: 'localhost-only-key.pem', usage: 'server', sans: ['DNS:localhost'] });
      const past = await issueCertificate(t.authority, {
        dir, certName: 'expired.pem', keyName: 'expired-key.pem', usage: 'server', sans: ['DNS:localhost', 'IP:127.0.0.1'],
        notBefore: new Date(Date.now() - 30 * 86400000), notAfter: new Date(Date.now() - 86400000),
      });
      expiredCert = past.certFile;
      const client = { cert: t.cert, key: t.key };
      [noSan, expired] = await Promise.all([
        startDockerDaemon({ dir: path.join(dir, 'a'), tls: { ca: t.ca, serverCert: localhostOnly.certFile, serverKey: localhostOnly.keyFile, client } }),
        startDockerDaemon({ dir: path.join(dir, 'b'), tls: { ca: t.ca, serverCert: past.certFile, serverKey: past.keyFile, client }, skipTlsReadyCheck: true }),
      ]);
    });
    const c0 = new ConnectivityWorld();
    after(async () => {
      await Promise.all([noSan?.stop(), expired?.stop()]);
      c0.dispose();
    });

    it('an address the certificate does not name: tls-hostname-mismatch, while the name it lists works', async () => {
      const files = { ca: rig().tls.ca, cert: rig().tls.cert, key: rig().tls.key };
      const byIp = await c.ping(`tcp://127.0.0.1:${noSan.tlsPort!}`, { tls: files });
      assert.strictEqual(byIp.error?.kind, 'tls-hostname-mismatch');
      assert.match(byIp.error.hint, /subjectAltName/);
      const byName = await c.ping(`tcp://localhost:${noSan.tlsPort!}`, { tls: files });
      assert.strictEqual(byName.ok, true, JSON.stringify(byName.error));
    });

    it('an expired engine certificate: tls-cert-expired', async () => {
      const r = await c.ping(`tcp://127.0.0.1:${expired.tlsPort!}`, { tls: { ca: rig().tls.ca, cert: rig().tls.cert, key: rig().tls.key } });
      assert.strictEqual(r.error?.kind, 'tls-cert-expired');
      assert.match(r.error.hint, /new server certificate/);
    });

    it('an expired engine certificate with SkipTLSVerify: the engine answers, and the ping reports the past end date', async () => {
      const context = { ...draftContext('unverified', `tcp://127.0.0.1:${expired.tlsPort!}`, undefined, true), tls: { cert: rig().tls.cert, key: rig().tls.key } };
      const r = await pingContext(context, { timeoutMs: 8000 });
      assert.strictEqual(r.ok, true, JSON.stringify(r.error));
      assert.strictEqual(r.engineCertificate?.notAfter, await opensslEndDate(expiredCert));
      assert.ok(new Date(r.engineCertificate.notAfter) < new Date());
    });
  });
});
