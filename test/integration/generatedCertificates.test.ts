import * as assert from 'assert';
import * as path from 'path';
import { readExistingCa } from '../../src/core/certs/existingCa';
import { generateCertificates } from '../../src/core/certs/generateCertificates';
import { pingContext } from '../../src/core/ping/pingContext';
import { draftContext } from '../../src/core/store/newContexts';
import { certDirFiles } from '../../src/core/tls/tlsMaterial';
import { DockerDaemon, startDockerDaemon } from '../rig/dockerDaemon';
import { createCa, issueCertificate } from '../rig/tlsFixtures';
import { runDocker } from '../rig/dockerCli';
import { TempWorld, createTempWorld } from '../support/tempWorld';

/**
 * The decisive test of the certificate generator: a real dockerd started with --tlsverify and
 * the generated CA and server files accepts the generated client certificate, through our
 * ping and through the docker CLI, by IP and by DNS name, and refuses one from another CA.
 */
describe('generated certificates against a real dockerd --tlsverify', function () {
  this.timeout(120000);
  let world: TempWorld;
  let daemon: DockerDaemon;
  let certs: string;

  before(async () => {
    world = createTempWorld('drc-gen-');
    certs = path.join(world.root, 'certs');
    // Odd names in the server's set too: a long DNS name (the CA's and server's common names are
    // cut to 64 characters), IPv6 addresses, an underscore in the client's name.
    const longName = `${'a'.repeat(63)}.${'b'.repeat(63)}.example.com`;
    await generateCertificates(
      { hostnames: ['localhost', longName], ips: ['127.0.0.1', '::1', '::ffff:127.0.0.1'], days: 30, keySize: 2048, clientName: 'ci_runner', caPassphrase: 'ca secret' },
      { placement: { kind: 'folder', dir: certs } },
    );
    const f = (n: string) => path.join(certs, n);
    daemon = await startDockerDaemon({
      dir: path.join(world.root, 'd'),
      tls: { ca: f('ca.pem'), serverCert: f('server-cert.pem'), serverKey: f('server-key.pem'), client: { cert: f('cert.pem'), key: f('key.pem') } },
    });
  });
  after(async () => {
    await daemon?.stop();
    world?.dispose();
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`accepts the generated client certificate on ${host}: our ping and docker --tlsverify version`, async () => {
      const endpoint = `tcp://${host}:${daemon.tlsPort!}`;
      const result = await pingContext(draftContext('gen', endpoint, certDirFiles(certs)), { timeoutMs: 5000 });
      assert.strictEqual(result.ok, true, JSON.stringify(result.error));
      assert.strictEqual(result.osType, 'linux');
      const cli = await runDocker({ ...world.processEnv }, [
        '--tlsverify', `--tlscacert=${path.join(certs, 'ca.pem')}`, `--tlscert=${path.join(certs, 'cert.pem')}`, `--tlskey=${path.join(certs, 'key.pem')}`,
        '-H', endpoint, 'version', '--format', '{{.Server.APIVersion}}',
      ]);
      assert.strictEqual(cli.code, 0, cli.stderr);
      assert.strictEqual(cli.stdout.trim(), result.apiVersion);
    });
  }

  it('issues client certificates with odd names that the docker CLI loads and dockerd accepts (Go crypto/x509 on both ends)', async () => {
    const names = ['build_bot', 'me@example.com', 'Zoë Ünal', '名前', `${'x'.repeat(60)}_end`, 'Plain (CI) 1'];
    const existingCa = await readExistingCa({ cert: path.join(certs, 'ca.pem'), key: path.join(certs, 'ca-key.pem'), passphrase: 'ca secret' });
    for (const [i, clientName] of names.entries()) {
      const dir = path.join(world.root, `odd-${i}`);
      await generateCertificates({ hostnames: ['localhost'], ips: [], days: 30, keySize: 2048, clientName }, { placement: { kind: 'folder', dir }, existingCa });
      const cli = await runDocker({ ...world.processEnv }, [
        '--tlsverify', `--tlscacert=${path.join(certs, 'ca.pem')}`, `--tlscert=${path.join(dir, 'cert.pem')}`, `--tlskey=${path.join(dir, 'key.pem')}`,
        '-H', `tcp://127.0.0.1:${daemon.tlsPort!}`, 'version', '--format', '{{.Server.APIVersion}}',
      ]);
      assert.strictEqual(cli.code, 0, `${clientName}: ${cli.stderr}`);
    }
  });

  it('refuses a client certificate from another CA', async () => {
    const dir = path.join(world.root, 'other');
    const other = await createCa({ dir, commonName: 'Not the daemon’s CA' });
    const leaf = await issueCertificate(other, { dir, certName: 'cert.pem', keyName: 'key.pem', usage: 'client' });
    const result = await pingContext(draftContext('foreign', `tcp://127.0.0.1:${daemon.tlsPort!}`, { ca: path.join(certs, 'ca.pem'), cert: leaf.certFile, key: leaf.keyFile }), { timeoutMs: 5000 });
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.error?.kind, 'tls-client-cert-rejected');
    const cli = await runDocker({ ...world.processEnv }, ['--tlsverify', `--tlscacert=${path.join(certs, 'ca.pem')}`, `--tlscert=${leaf.certFile}`, `--tlskey=${leaf.keyFile}`, '-H', `tcp://127.0.0.1:${daemon.tlsPort!}`, 'version']);
    assert.notStrictEqual(cli.code, 0);
  });
});
