import * as assert from 'assert';
import { existsSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { TlsFixtures, createTlsFixtures } from '../../rig/tlsFixtures';
import { docker, dockerConfig, resetStore, scratchFolder, testStore } from './hostWorld';
import { internals } from './internals';

describe('Creating and managing contexts through the commands’ arguments', function () {
  this.timeout(60000);
  let tls: TlsFixtures;
  const scratch = scratchFolder('manage');
  before(async () => {
    tls = await createTlsFixtures(path.join(scratch.path, 'tls'));
  });
  beforeEach(resetStore);

  it('createSshContext writes a context the docker CLI lists and the explorer shows', async () => {
    const a = await internals();
    const name = await vscode.commands.executeCommand<string>(Commands.createSshContext, { name: 'via-ssh', host: 'ssh://ops@build.example.com', description: 'made by a test' });
    assert.strictEqual(name, 'via-ssh');
    const inspected = JSON.parse(await docker('context', 'inspect', 'via-ssh')) as Array<{ Endpoints: { docker: { Host: string } }; Metadata: { Description: string } }>;
    assert.strictEqual(inspected[0].Endpoints.docker.Host, 'ssh://ops@build.example.com');
    assert.strictEqual(inspected[0].Metadata.Description, 'made by a test');
    const rows = await a.view.getChildren();
    assert.ok(rows.some((r) => r.kind === 'context' && r.context.name === 'via-ssh'));
  });

  it('createSshContext with test: true refuses a host that does not answer, and writes nothing', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(Commands.createSshContext, { name: 'dead-ssh', host: 'ssh://nobody@127.0.0.1:1', test: true })),
      /did not answer, so "dead-ssh" was not created/,
    );
    assert.ok(!testStore().exists('dead-ssh'));
  });

  it('createTlsContext copies checked material into the store with the CLI’s modes', async () => {
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'via-tls', host: 'tcp://127.0.0.1', certDir: tls.dir });
    const c = await testStore().get('via-tls');
    assert.strictEqual(c.host, 'tcp://127.0.0.1:2376');
    assert.strictEqual(statSync(c.tls.key!).mode & 0o777, 0o600);
    assert.strictEqual(readFileSync(c.tls.cert!, 'utf8'), readFileSync(tls.cert, 'utf8'));
  });

  it('createTlsContext refuses a key that does not match, writing nothing', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand(Commands.createTlsContext, { name: 'mismatch', host: 'tcp://h', ca: tls.ca, cert: tls.cert, key: tls.serverKey })),
      /does not belong to the client certificate/,
    );
    assert.ok(!testStore().exists('mismatch'));
  });

  it('inspect returns what docker context inspect prints', async () => {
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'to-inspect', host: 'tcp://h:2376', certDir: tls.dir });
    const ours = JSON.parse(await vscode.commands.executeCommand<string>(Commands.inspect, 'to-inspect')) as unknown;
    const theirs = JSON.parse(await docker('context', 'inspect', 'to-inspect')) as unknown;
    assert.deepStrictEqual(ours, theirs);
    assert.ok(vscode.window.activeTextEditor?.document.uri.scheme === 'docker-context');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('edit changes the description and the endpoint as docker context update does', async () => {
    await vscode.commands.executeCommand(Commands.createSshContext, { name: 'to-edit', host: 'ssh://a@h1' });
    await vscode.commands.executeCommand(Commands.edit, { name: 'to-edit', description: 'edited', host: 'ssh://b@h2' });
    const inspected = JSON.parse(await docker('context', 'inspect', 'to-edit')) as Array<{ Endpoints: { docker: { Host: string } }; Metadata: { Description: string } }>;
    assert.strictEqual(inspected[0].Endpoints.docker.Host, 'ssh://b@h2');
    assert.strictEqual(inspected[0].Metadata.Description, 'edited');
  });

  it('exportContext and importContext round-trip through the docker CLI', async () => {
    await vscode.commands.executeCommand(Commands.createTlsContext, { name: 'exported', host: 'tcp://h:2376', certDir: tls.dir });
    const file = path.join(scratch.path, `exported-${Date.now()}.dockercontext`);
    await vscode.commands.executeCommand(Commands.exportContext, { name: 'exported', file });
    assert.strictEqual(statSync(file).mode & 0o777, 0o600);
    await docker('context', 'import', 'cli-imported', file);
    const fromCli = await testStore().get('cli-imported');
    assert.strictEqual(readFileSync(fromCli.tls.key!, 'utf8'), readFileSync(tls.key, 'utf8'));
    const cliFile = path.join(scratch.path, `cli-${Date.now()}.dockercontext`);
    await docker('context', 'export', 'exported', cliFile);
    await vscode.commands.executeCommand(Commands.importContext, { file: cliFile, name: 'we-imported' });
    assert.strictEqual((await testStore().get('we-imported')).host, 'tcp://h:2376');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.exportContext, { name: 'exported', file })), /already exists/);
  });

  it('use with switchScope "window" sets DOCKER_CONTEXT for terminals and leaves config.json alone', async () => {
    const a = await internals();
    await vscode.commands.executeCommand(Commands.createSshContext, { name: 'windowed', host: 'ssh://w@h' });
    const config = vscode.workspace.getConfiguration('dockerContexts');
    await config.update('switchScope', 'window', vscode.ConfigurationTarget.Global);
    // No background ping, whose failure would put its own icon in the status bar.
    await config.update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand(Commands.use, 'windowed');
      assert.ok(!existsSync(path.join(dockerConfig(), 'config.json')) || !('currentContext' in (JSON.parse(readFileSync(path.join(dockerConfig(), 'config.json'), 'utf8')) as object)));
      assert.strictEqual(a.windowContext.name, 'windowed');
      const snapshot = await a.model.snapshot();
      assert.deepStrictEqual([snapshot.current.name, snapshot.current.source], ['windowed', 'window']);
      // The status bar shows each snapshot as the model publishes it.
      assert.strictEqual(a.statusBar.item.text, '$(window) windowed');
      const tooltip = a.statusBar.item.tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString && tooltip.value.includes('Chosen for this window only'), String(tooltip instanceof vscode.MarkdownString ? tooltip.value : tooltip));
    } finally {
      await config.update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
      await config.update('switchScope', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(Commands.use, 'default');
    }
    assert.strictEqual(a.windowContext.name, undefined);
  });
});
