import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { contextDirName } from '../../src/core/store/contextName';
import { ContextStore } from '../../src/core/store/contextStore';
import { CliWorld, cliMeta, createCliWorld, modeOf } from './cliWorld';

/** The modes `docker context create` gives a context's folders and files (umask 022). */
const CLI_MODES = { metaDir: '755', metaFile: '644', tlsRoot: '700', tlsDir: '700', tlsEndpointDir: '700', tlsFile: '600' };

async function storeModes(store: ContextStore, name: string): Promise<Record<keyof typeof CLI_MODES, string>> {
  const dir = contextDirName(name);
  return {
    metaDir: await modeOf(path.join(store.metaRoot, dir)),
    metaFile: await modeOf(path.join(store.metaRoot, dir, 'meta.json')),
    tlsRoot: await modeOf(store.tlsRoot),
    tlsDir: await modeOf(path.join(store.tlsRoot, dir)),
    tlsEndpointDir: await modeOf(path.join(store.tlsRoot, dir, 'docker')),
    tlsFile: (await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => modeOf(path.join(store.tlsRoot, dir, 'docker', f))))).join(','),
  };
}

describe('docker CLI interop: contexts and endpoints', () => {
  let w: CliWorld;
  let rigDaemonId: string;
  let savedUmask: number;

  before(async () => {
    // The CLI's folder modes follow the umask; the store's do not. Compare both under the usual one.
    savedUmask = process.umask(0o022);
    const probe = createCliWorld();
    try {
      rigDaemonId = (await probe.docker(['-H', probe.rig.docker.unixHost, 'info', '--format', '{{.ID}}'])).trim();
    } finally {
      probe.dispose();
    }
    assert.notStrictEqual(rigDaemonId, '');
  });
  after(() => {
    process.umask(savedUmask);
  });
  beforeEach(() => {
    w = createCliWorld();
  });
  afterEach(() => w.dispose());

  async function writeRigContexts(): Promise<void> {
    const { rig, store } = w;
    await store.write(cliMeta('local-unix', rig.docker.unixHost, 'the rig over its socket'));
    await store.write(cliMeta('remote-tls', rig.docker.tlsHost, 'the rig over TLS'), {
      endpoint: 'docker',
      files: { ca: await fs.readFile(rig.tls.ca), cert: await fs.readFile(rig.tls.cert), key: await fs.readFile(rig.tls.key) },
    });
    await store.write(cliMeta('remote-ssh', rig.ssh.host));
  }

  describe('contexts store.write makes', () => {
    it('are listed by docker context ls with the same names, descriptions, endpoints and current flag', async () => {
      await writeRigContexts();
      await w.store.use('remote-tls');
      const [cli, ours, current] = await Promise.all([w.cliContexts(), w.store.list(), w.store.current()]);
      assert.deepStrictEqual(
        cli.map((c) => ({ name: c.Name, description: c.Description, host: c.DockerEndpoint, current: c.Current, error: c.Error })),
        ours.contexts.map((c) => ({ name: c.name, description: c.description, host: c.host, current: c.name === current.name, error: '' })),
      );
      assert.deepStrictEqual(cli.map((c) => c.Name).sort(), ['default', 'local-unix', 'remote-ssh', 'remote-tls']);
      assert.deepStrictEqual(ours.broken, []);
    });

    it('are listed in the same order as docker context ls for names with numbers', async () => {
      for (const name of ['node10', 'node2', 'alpha', 'zulu', 'build1']) await w.store.write(cliMeta(name, w.rig.docker.unixHost));
      const [cli, ours] = await Promise.all([w.cliContexts(), w.store.list()]);
      assert.deepStrictEqual(ours.contexts.map((c) => c.name), cli.map((c) => c.Name));
    });

    it('let docker --context reach the rig daemon over its unix socket', async () => {
      await writeRigContexts();
      assert.strictEqual(await w.daemonIdThrough('local-unix'), rigDaemonId);
    });

    it('let docker --context reach the rig daemon over TLS with the stored ca, cert and key', async () => {
      await writeRigContexts();
      assert.strictEqual(await w.daemonIdThrough('remote-tls'), rigDaemonId);
      const version = JSON.parse(await w.docker(['--context', 'remote-tls', 'version', '--format', 'json'])) as { Client: { Context: string }; Server: { Version: string } | null };
      assert.strictEqual(version.Client.Context, 'remote-tls');
      assert.ok(version.Server?.Version, 'the daemon answered with its version');
    });

    it('let docker --context reach the rig daemon over SSH', async () => {
      await writeRigContexts();
      assert.strictEqual(await w.daemonIdThrough('remote-ssh'), rigDaemonId);
    });

    it('get the folder and file modes docker context create gives', async () => {
      await w.store.write(cliMeta('ours', w.rig.docker.tlsHost), {
        endpoint: 'docker',
        files: { ca: await fs.readFile(w.rig.tls.ca), cert: await fs.readFile(w.rig.tls.cert), key: await fs.readFile(w.rig.tls.key) },
      });
      const { ca, cert, key } = w.rig.tls;
      await w.docker(['context', 'create', 'theirs', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
      const [ours, theirs] = await Promise.all([storeModes(w.store, 'ours'), storeModes(w.store, 'theirs')]);
      assert.deepStrictEqual(theirs, { ...CLI_MODES, tlsFile: '600,600,600' });
      assert.deepStrictEqual(ours, theirs);
    });
  });

  describe('contexts docker context create makes', () => {
    it('are read by store.get with the same host, description, skipTlsVerify and TLS file contents', async () => {
      const { ca, cert, key } = w.rig.tls;
      await w.docker(['context', 'create', 'cli-tls', '--description', 'made by the CLI', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
      const context = await w.store.get('cli-tls');
      assert.strictEqual(context.host, w.rig.docker.tlsHost);
      assert.strictEqual(context.description, 'made by the CLI');
      assert.strictEqual(context.skipTlsVerify, false);
      assert.strictEqual(context.isDefault, false);
      for (const kind of ['ca', 'cert', 'key'] as const) {
        const stored = context.tls[kind];
        assert.ok(stored, `the ${kind} file is found`);
        assert.deepStrictEqual(await fs.readFile(stored), await fs.readFile(w.rig.tls[kind]), `${kind}.pem holds the same bytes`);
      }
    });

    it('are read by store.list with skip-tls-verify and an empty description as the CLI wrote them', async () => {
      await w.docker(['context', 'create', 'cli-skip', '--docker', `host=${w.rig.docker.tlsHost},skip-tls-verify=true`]);
      await w.docker(['context', 'create', 'cli-ssh', '--description', 'over ssh', '--docker', `host=${w.rig.ssh.host}`]);
      const { contexts, broken } = await w.store.list();
      assert.deepStrictEqual(broken, []);
      const byName = new Map(contexts.map((c) => [c.name, c]));
      assert.deepStrictEqual(
        ['cli-skip', 'cli-ssh'].map((n) => {
          const c = byName.get(n);
          return c && { host: c.host, description: c.description, skip: c.skipTlsVerify, tls: c.tls };
        }),
        [
          { host: w.rig.docker.tlsHost, description: '', skip: true, tls: {} },
          { host: w.rig.ssh.host, description: 'over ssh', skip: false, tls: {} },
        ],
      );
    });

    it('are listed by store.list exactly as docker context ls lists them', async () => {
      await w.docker(['context', 'create', 'cli-a', '--description', 'first', '--docker', `host=${w.rig.docker.unixHost}`]);
      await w.docker(['context', 'create', 'cli-b', '--docker', `host=${w.rig.ssh.host}`]);
      await w.docker(['context', 'use', 'cli-b']);
      const [cli, ours, current] = await Promise.all([w.cliContexts(), w.store.list(), w.store.current()]);
      assert.deepStrictEqual(
        ours.contexts.map((c) => [c.name, c.description, c.host, c.name === current.name]),
        cli.map((c) => [c.Name, c.Description, c.DockerEndpoint, c.Current]),
      );
    });

    it('reach the rig daemon through the endpoint store.get reads', async () => {
      const { ca, cert, key } = w.rig.tls;
      await w.docker(['context', 'create', 'cli-tls', '--docker', `host=${w.rig.docker.tlsHost},ca=${ca},cert=${cert},key=${key}`]);
      const context = await w.store.get('cli-tls');
      // The CLI reaches the daemon with the material it stored; so does the same host read back.
      assert.strictEqual(await w.daemonIdThrough('cli-tls'), rigDaemonId);
      const viaReadBack = (
        await w.docker(['-H', context.host, '--tlsverify', '--tlscacert', context.tls.ca ?? '', '--tlscert', context.tls.cert ?? '', '--tlskey', context.tls.key ?? '', 'info', '--format', '{{.ID}}'])
      ).trim();
      assert.strictEqual(viaReadBack, rigDaemonId);
    });
  });
});
