import * as assert from 'assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { createCa } from '../../rig/tlsFixtures';
import { contextMeta, docker, dockerConfig, resetStore, scratchFolder, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';
import { folderSnapshot } from '../../support/folderSnapshot';

function configJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dockerConfig(), 'config.json'), 'utf8')) as Record<string, unknown>;
}

const storeBytes = () => folderSnapshot(dockerConfig());

describe('Commands with arguments (the public API)', function () {
  this.timeout(60000);
  const scratch = scratchFolder('commands');
  beforeEach(resetStore);

  it('dockerContexts.use with a name switches currentContext, the CLI and the status bar', async () => {
    const a = await internals();
    await testStore().write(contextMeta('target', 'tcp://t:2376'));
    const result = await vscode.commands.executeCommand<string>(Commands.use, 'target');
    assert.strictEqual(result, 'target');
    assert.strictEqual(configJson().currentContext, 'target');
    assert.strictEqual(await docker('context', 'show'), 'target');
    await waitForSnapshot(a, (s) => s.current.name === 'target');
    assert.match(a.statusBar.item.text, /\btarget$/);
    assert.match(a.statusBar.item.accessibilityInformation?.label ?? '', /^Docker context: target\b/);
    assert.strictEqual(a.statusBar.item.command && typeof a.statusBar.item.command === 'object' ? a.statusBar.item.command.command : a.statusBar.item.command, Commands.use);
  });

  it('dockerContexts.use with { name } accepts the object form, and "default" removes the key', async () => {
    await testStore().write(contextMeta('obj', 'tcp://o:2376'));
    await vscode.commands.executeCommand(Commands.use, { name: 'obj' });
    assert.strictEqual(configJson().currentContext, 'obj');
    await vscode.commands.executeCommand(Commands.use, { name: 'default' });
    assert.ok(!('currentContext' in configJson()));
  });

  it('dockerContexts.use keeps every other key of config.json', async () => {
    const other = { auths: { 'r.example.com': { auth: 'eDp5' } }, credsStore: 'pass', proxies: { default: { noProxy: '*.local' } } };
    writeFileSync(path.join(dockerConfig(), 'config.json'), JSON.stringify(other));
    await testStore().write(contextMeta('keep', 'tcp://k:2376'));
    await vscode.commands.executeCommand(Commands.use, 'keep');
    assert.deepStrictEqual(configJson(), { ...other, currentContext: 'keep' });
  });

  it('dockerContexts.use rejects an unknown context and changes nothing', async () => {
    await testStore().write(contextMeta('here', 'tcp://h:2376', 'stays'));
    writeFileSync(path.join(dockerConfig(), 'config.json'), JSON.stringify({ currentContext: 'here', auths: { 'r.example.com': { auth: 'eDp5' } } }, null, '\t') + '\n');
    const before = storeBytes();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.use, 'ghost')), /no Docker context named "ghost"/);
    assert.deepStrictEqual(storeBytes(), before);
  });

  it('dockerContexts.use rejects an argument of the wrong form, naming the right one', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.use, { nom: 'x' })), /takes a context name or \{ name \}/);
  });

  it('dockerContexts.remove with { name } removes without asking', async () => {
    const a = await internals();
    await testStore().write(contextMeta('doomed', 'tcp://d:2376'));
    assert.strictEqual(await vscode.commands.executeCommand(Commands.remove, { name: 'doomed' }), true);
    assert.ok(!(await docker('context', 'ls', '--format', '{{.Name}}')).split('\n').includes('doomed'));
    await waitForSnapshot(a, (s) => !s.listing.contexts.some((c) => c.name === 'doomed'));
  });

  it('dockerContexts.remove refuses the current context without force, and with force resets to default', async () => {
    await testStore().write(contextMeta('busy', 'tcp://b:2376'));
    await docker('context', 'use', 'busy');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.remove, { name: 'busy' })), /current context/);
    assert.strictEqual(await docker('context', 'show'), 'busy');
    await vscode.commands.executeCommand(Commands.remove, { name: 'busy', force: true });
    assert.strictEqual(await docker('context', 'show'), 'default');
  });

  it('dockerContexts.remove never removes "default"', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.remove, { name: 'default', force: true })), /cannot be removed/);
  });

  it('dockerContexts.refresh picks up a change made behind the watcher’s back', async () => {
    const a = await internals();
    // The watcher follows config.json and contexts/meta, not the TLS material: a CA file replaced
    // in place shows only when something reads the store again.
    const [first, second] = await Promise.all([createCa({ dir: path.join(scratch.path, 'ca-100'), days: 100 }), createCa({ dir: path.join(scratch.path, 'ca-200'), days: 200 })]);
    await testStore().write(contextMeta('quiet', 'tcp://q:2376'), { endpoint: 'docker', files: { ca: readFileSync(first.certFile, 'utf8') } });
    // Settle first: config.json is written last, so the snapshot that shows it comes from the
    // watcher's last notice, and no read of the store is still due.
    await testStore().use('quiet');
    const days = (s: { expiry: Record<string, { ca?: Date } | undefined> }) => Math.round(((s.expiry.quiet?.ca?.getTime() ?? 0) - Date.now()) / 86400000);
    await waitForSnapshot(a, (s) => s.current.name === 'quiet' && days(s) === 100);
    writeFileSync((await testStore().get('quiet')).tls.ca!, readFileSync(second.certFile));
    await vscode.commands.executeCommand(Commands.refresh);
    assert.strictEqual(days(await a.model.snapshot()), 200);
  });

  it('dockerContexts.openTerminal opens a terminal whose docker CLI uses the context, leaving config.json alone', async () => {
    await testStore().write(contextMeta('term', 'tcp://t:2376'));
    const configFile = path.join(dockerConfig(), 'config.json');
    const readConfig = () => (existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined);
    const before = readConfig();
    const name = await vscode.commands.executeCommand<string>(Commands.openTerminal, { name: 'term' });
    const terminal = vscode.window.terminals.find((t) => t.name === name);
    assert.ok(terminal, `no terminal named ${name}`);
    try {
      assert.strictEqual((terminal.creationOptions as vscode.TerminalOptions).env?.DOCKER_CONTEXT, 'term');
      // What the docker CLI in that shell really sees.
      mkdirSync(path.join(scratch.path, 'terminal'));
      const out = path.join(scratch.path, 'terminal', 'shown.txt');
      terminal.sendText(`docker context show > '${out}'`);
      const deadline = Date.now() + 20000;
      while (!(existsSync(out) && readFileSync(out, 'utf8').trim()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.strictEqual(readFileSync(out, 'utf8').trim(), 'term');
      assert.strictEqual(readConfig(), before);
    } finally {
      terminal.dispose();
    }
  });

  it('dockerContexts.openTerminal rejects an unknown context', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.openTerminal, 'ghost')), /no Docker context named "ghost"/);
  });
});
