import * as assert from 'assert';
import { EngineAgents } from '../../src/core/ping/engineAgents';
import { pingContext } from '../../src/core/ping/pingContext';
import { draftContext } from '../../src/core/store/newContexts';
import { opensslEndDate } from '../rig/tlsFixtures';
import { ConnectivityWorld } from './connectivityWorld';
import { rig } from './rigFixture';

/** The engine's own certificate, read from the handshake of a real dockerd --tlsverify, with openssl as the oracle. */
describe('connectivity: the engine’s certificate end date', function () {
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

  it('is the notAfter that openssl reads from the rig’s server certificate, on a new and a reused connection', async () => {
    const { ca, cert, key, serverCert } = rig().tls;
    const expected = await opensslEndDate(serverCert);
    const first = await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key }, agents });
    assert.strictEqual(first.ok, true, JSON.stringify(first.error));
    assert.strictEqual(first.engineCertificate?.notAfter, expected);
    assert.strictEqual(first.engineCertificate.commonName, 'localhost');
    assert.match(first.engineCertificate.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    const second = await c.ping(rig().docker.tlsHost, { tls: { ca, cert, key }, agents });
    assert.deepStrictEqual(second.engineCertificate, first.engineCertificate);
  });

  it('is reported with SkipTLSVerify, where the CA is not checked', async () => {
    const { cert, key, serverCert } = rig().tls;
    const context = { ...draftContext('unverified', rig().docker.tlsHost, undefined, true), tls: { cert, key } };
    const r = await pingContext(context, { timeoutMs: 8000, agents });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(r.insecure, true);
    assert.strictEqual(r.engineCertificate?.notAfter, await opensslEndDate(serverCert));
  });

  it('is not reported over the unix socket', async () => {
    const r = await c.ping(rig().docker.unixHost, { agents });
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
    assert.strictEqual(r.engineCertificate, undefined);
  });
});
