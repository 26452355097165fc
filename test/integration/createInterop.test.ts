import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { exportContext } from '../../src/core/archive/exportContext';
import { importContext } from '../../src/core/archive/importContext';
import { pingContext } from '../../src/core/ping/pingContext';
import { createSshContext, createTlsContext } from '../../src/core/store/newContexts';
import { updateContext } from '../../src/core/store/updateContext';
import { CliWorld, createCliWorld } from './cliWorld';

/** The engine's ID as the docker CLI sees it through a context. */
async function engineId(w: CliWorld, context: string): Promise<string> {
  return w.daemonIdThrough(context);
}

describe('docker CLI interop: creating, updating, exporting and importing contexts', () => {
  let w: CliWorld;
  let rigId: string;
  beforeEach(async () => {
    w = createCliWorld();
    rigId = (await w.docker(['-H', w.rig.docker.unixHost, 'info', '--format', '{{.ID}}'])).trim();
  });
  afterEach(() => w.dispose());

  it('an SSH context we create reaches the engine through docker --context NAME', async () => {
    await createSshContext(w.store, { name: 'our-ssh', host: w.rig.ssh.host, description: 'made by us' });
    assert.strictEqual(await engineId(w, 'our-ssh'), rigId);
    const version = JSON.parse(await w.docker(['--context', 'our-ssh', 'version', '--format', 'json'])) as { Server: { ApiVersion: string } };
    assert.ok(version.Server.ApiVersion);
  });

  it('a TLS context we create reaches the engine, and our ping agrees with the CLI', async () => {
    await createTlsContext(w.store, { name: 'our-tls', host: w.rig.docker.tlsHost, certDir: w.rig.tls.dir });
    assert.strictEqual(await engineId(w, 'our-tls'), rigId);
    const result = await pingContext(await w.store.get('our-tls'), { timeoutMs: 5000 });
    assert.strictEqual(result.ok, true, JSON.stringify(result.error));
    const cliApi = (await w.docker(['--context', 'our-tls', 'version', '--format', '{{.Server.APIVersion}}'])).trim();
    assert.strictEqual(result.apiVersion, cliApi);
  });

  it('contexts the CLI creates with description and TLS are read by us the same', async () => {
    const { ca, cert, key } = w.rig.tls;
    await w.docker(['context', 'create', 'cli-tls', '--description', 'from the CLI', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
    const c = await w.store.get('cli-tls');
    assert.strictEqual(c.description, 'from the CLI');
    assert.strictEqual(await fs.readFile(c.tls.key!, 'utf8'), await fs.readFile(key, 'utf8'));
    assert.strictEqual((await pingContext(c, { timeoutMs: 5000 })).ok, true);
  });

  it('an update we make is what docker context update would write, and the CLI follows it', async () => {
    await createSshContext(w.store, { name: 'moving', host: 'ssh://nobody@127.0.0.1:1' });
    await updateContext(w.store, { name: 'moving', host: w.rig.docker.tlsHost, tls: { certDir: w.rig.tls.dir }, description: 'now TLS' });
    assert.strictEqual(await engineId(w, 'moving'), rigId);
    const inspected = JSON.parse(await w.docker(['context', 'inspect', 'moving'])) as Array<{ Metadata: { Description: string }; TLSMaterial: Record<string, string[]> }>;
    assert.strictEqual(inspected[0].Metadata.Description, 'now TLS');
    assert.deepStrictEqual(inspected[0].TLSMaterial, { docker: ['ca.pem', 'cert.pem', 'key.pem'] });
  });

  it('an update the CLI makes is read by us, unknown keys kept by both', async () => {
    await createSshContext(w.store, { name: 'cli-updated', host: w.rig.ssh.host });
    await w.docker(['context', 'update', 'cli-updated', '--description', 'changed by the CLI']);
    assert.strictEqual((await w.store.get('cli-updated')).description, 'changed by the CLI');
  });

  it('docker context import accepts what we export, and reaches the engine', async () => {
    await createTlsContext(w.store, { name: 'to-export', host: w.rig.docker.tlsHost, certDir: w.rig.tls.dir });
    const file = path.join(w.world.root, 'to-export.dockercontext');
    await exportContext(w.store, 'to-export', file);
    await w.docker(['context', 'import', 'cli-imported', file]);
    assert.strictEqual(await engineId(w, 'cli-imported'), rigId);
  });

  it('we import what docker context export writes, tar and zip, and reach the engine', async () => {
    const { ca, cert, key } = w.rig.tls;
    await w.docker(['context', 'create', 'cli-made', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
    const tar = path.join(w.world.root, 'cli-made.dockercontext');
    await w.docker(['context', 'export', 'cli-made', tar]);
    await importContext(w.store, tar, 'we-imported');
    assert.strictEqual(await engineId(w, 'we-imported'), rigId);
    assert.strictEqual((await pingContext(await w.store.get('we-imported'), { timeoutMs: 5000 })).ok, true);
    const inspectOurs = JSON.parse(await w.docker(['context', 'inspect', 'we-imported'])) as Array<{ Endpoints: unknown }>;
    const inspectTheirs = JSON.parse(await w.docker(['context', 'inspect', 'cli-made'])) as Array<{ Endpoints: unknown }>;
    assert.deepStrictEqual(inspectOurs[0].Endpoints, inspectTheirs[0].Endpoints);
  });
});
