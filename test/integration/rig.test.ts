import * as assert from 'assert';
import { X509Certificate } from 'crypto';
import { existsSync, promises as fs, readdirSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DOCKER_GROUP } from '../rig/dockerDaemon';
import { mustRun } from '../rig/processes';
import { createCa, issueCertificate } from '../rig/tlsFixtures';
import { CliWorld, createCliWorld } from './cliWorld';

/** What a folder holds (names and modification times), or that it is absent. */
function snapshot(dir: string): string {
  if (!existsSync(dir)) return 'absent';
  return JSON.stringify(readdirSync(dir).sort().map((name) => [name, statSync(path.join(dir, name)).mtimeMs]));
}

describe('the integration rig', () => {
  let w: CliWorld;
  beforeEach(() => {
    w = createCliWorld();
  });
  afterEach(() => w.dispose());

  it('serves the daemon socket to the docker group only', async () => {
    const stat = await fs.stat(w.rig.docker.socket);
    assert.ok(stat.isSocket());
    assert.strictEqual((stat.mode & 0o777).toString(8), '660');
    const group = (await mustRun('getent', ['group', String(stat.gid)])).split(':')[0];
    assert.strictEqual(group, DOCKER_GROUP);
  });

  it('lets in a user who is not root and belongs to the docker group', async () => {
    assert.notStrictEqual(w.rig.ssh.user, 'root');
    const groups = (await mustRun('id', ['-nG', w.rig.ssh.user])).trim().split(/\s+/);
    assert.ok(groups.includes(DOCKER_GROUP));
  });

  it("never writes to the runner's ~/.ssh and ~/.docker while the CLI uses SSH and TLS", async () => {
    const home = os.homedir();
    const before = [snapshot(path.join(home, '.ssh')), snapshot(path.join(home, '.docker'))];
    await w.docker(['-H', w.rig.ssh.host, 'info', '--format', '{{.ID}}']);
    const { ca, cert, key } = w.rig.tls;
    await w.docker(['context', 'create', 'tls', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
    await w.docker(['--context', 'tls', 'info', '--format', '{{.ID}}']);
    assert.deepStrictEqual([snapshot(path.join(home, '.ssh')), snapshot(path.join(home, '.docker'))], before);
    assert.ok(existsSync(path.join(w.world.dockerConfig, 'contexts')), 'the CLI wrote into the temporary world instead');
  });

  describe('TLS fixtures', () => {
    it('issues an expired client certificate with the dates asked for', async () => {
      const dir = path.join(w.world.root, 'expired');
      const notBefore = new Date(Date.UTC(2020, 0, 1));
      const notAfter = new Date(Date.UTC(2021, 0, 1));
      const leaf = await issueCertificate(w.rig.tls.authority, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', notBefore, notAfter });
      const x509 = new X509Certificate(await fs.readFile(leaf.certFile));
      assert.strictEqual(new Date(x509.validFrom).getTime(), notBefore.getTime());
      assert.strictEqual(new Date(x509.validTo).getTime(), notAfter.getTime());
      assert.ok(x509.verify(new X509Certificate(await fs.readFile(w.rig.tls.ca)).publicKey), 'signed by the rig CA');
      const result = await w.run(['-H', w.rig.docker.tlsHost, '--tlsverify', '--tlscacert', w.rig.tls.ca, '--tlscert', leaf.certFile, '--tlskey', leaf.keyFile, 'info', '--format', '{{.ID}}']);
      assert.notStrictEqual(result.code, 0, 'the daemon refuses an expired client certificate');
    });

    it('issues a client certificate from another CA, which the daemon refuses', async () => {
      const dir = path.join(w.world.root, 'other-ca');
      const other = await createCa({ dir, name: 'other-ca', commonName: 'Some other CA', keyType: 'ec' });
      const leaf = await issueCertificate(other, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client', keyType: 'ec' });
      const x509 = new X509Certificate(await fs.readFile(leaf.certFile));
      assert.strictEqual(x509.issuer, 'CN=Some other CA');
      const result = await w.run(['-H', w.rig.docker.tlsHost, '--tlsverify', '--tlscacert', w.rig.tls.ca, '--tlscert', leaf.certFile, '--tlskey', leaf.keyFile, 'info', '--format', '{{.ID}}']);
      assert.notStrictEqual(result.code, 0);
    });

    it('issues a server certificate without the SAN for 127.0.0.1 when told', async () => {
      const dir = path.join(w.world.root, 'wrong-san');
      const leaf = await issueCertificate(w.rig.tls.authority, { dir, certName: 'server-cert.pem', keyName: 'server-key.pem', usage: 'server', sans: ['DNS:build.example.com'] });
      const x509 = new X509Certificate(await fs.readFile(leaf.certFile));
      assert.strictEqual(x509.subjectAltName, 'DNS:build.example.com');
      assert.strictEqual(x509.checkIP('127.0.0.1'), undefined);
      assert.strictEqual(statSync(leaf.keyFile).mode & 0o777, 0o600);
    });
  });
});
