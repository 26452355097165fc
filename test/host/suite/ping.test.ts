import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import { Views } from '../../../src/constants/contextKeys';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { draftContext } from '../../../src/core/store/newContexts';
import { STALE_AFTER_MS, needsPing } from '../../../src/ping/pingOnOpen';
import { contextMeta, resetStore, testStore } from './hostWorld';
import { internals } from './internals';

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Stores a context for each name at one closed loopback port, and returns that endpoint. */
async function deadContexts(...names: string[]): Promise<string> {
  const host = `tcp://127.0.0.1:${await closedPort()}`;
  for (const name of names) await testStore().write(contextMeta(name, host));
  return host;
}

describe('Ping in the editor', () => {
  beforeEach(resetStore);

  it('dockerContexts.ping returns the result object and marks the row as unreachable', async () => {
    const a = await internals();
    await deadContexts('down');
    await a.model.refresh();
    const result = await vscode.commands.executeCommand<PingResult>(Commands.ping, 'down');
    assert.strictEqual(result.context, 'down');
    assert.strictEqual(result.ok, false);
    assert.strictEqual(result.error?.kind, 'connection-refused');
    assert.ok(result.error.hint.length > 0);
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'down')!;
    const item = a.view.getTreeItem(row);
    assert.match(String(item.description), /^refused — tcp:\/\/127\.0\.0\.1/);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'debug-disconnect');
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    // The hint goes in with markdown's punctuation escaped.
    assert.match(item.tooltip.value.replace(/\\/g, ''), /dockerd listens on this port/);
  });

  it('dockerContexts.pingAll returns one result per context, in explorer order', async () => {
    const a = await internals();
    await deadContexts('one', 'two');
    await a.model.refresh();
    const results = await vscode.commands.executeCommand<PingResult[]>(Commands.pingAll, {});
    const snapshot = await a.model.snapshot();
    assert.deepStrictEqual(results.map((r) => r.context), snapshot.listing.contexts.map((c) => c.name));
    assert.ok(results.filter((r) => r.context !== 'default').every((r) => r.error?.kind === 'connection-refused'));
  });

  it('the status bar says when the context in effect does not answer', async () => {
    const a = await internals();
    await deadContexts('gone');
    await vscode.commands.executeCommand(Commands.use, 'gone');
    const deadline = Date.now() + 10000;
    while (!a.statusBar.item.text.includes('debug-disconnect') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.strictEqual(a.statusBar.item.text, '$(debug-disconnect) gone');
    assert.match(a.statusBar.item.accessibilityInformation?.label ?? '', /^Docker context: gone, not reachable: refused/);
  });

  it('dockerContexts.ping rejects a context that does not exist', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.ping, 'nobody')), /no Docker context named "nobody"/);
  });

  it('pings, asking nothing, each context whose reachability is not known while the view is visible', async () => {
    const a = await internals();
    const host = await deadContexts('seen-a', 'seen-b');
    await a.model.refresh();
    const known = async (names: string[]) => {
      const deadline = Date.now() + 10000;
      while (names.some((n) => !a.pings.lastResult(n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return names.map((n) => a.pings.lastResult(n)?.error?.kind);
    };
    await vscode.commands.executeCommand(`${Views.contexts}.focus`);
    try {
      const shown = Date.now() + 10000;
      while (!a.view.treeView.visible && Date.now() < shown) await new Promise((r) => setTimeout(r, 50));
      assert.ok(a.view.treeView.visible, 'the Contexts view did not become visible');
      assert.deepStrictEqual(await known(['seen-a', 'seen-b']), ['connection-refused', 'connection-refused']);
      // A context that appears while the view is open is pinged as it appears.
      await testStore().write(contextMeta('seen-c', host));
      await a.model.refresh();
      assert.deepStrictEqual(await known(['seen-c']), ['connection-refused']);
      // The row says when it was checked.
      const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'seen-c')!;
      const tooltip = a.view.getTreeItem(row).tooltip as vscode.MarkdownString;
      assert.ok(tooltip.value.includes(`Checked at ${new Date(a.pings.lastPingedAt('seen-c')!).toLocaleTimeString()}`), tooltip.value);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
  });
  it('pings again, when the view opens, only what was never pinged or was checked over five minutes ago', () => {
    const now = Date.now();
    assert.strictEqual(needsPing(undefined, now), true);
    assert.strictEqual(needsPing(now - 1000, now), false);
    assert.strictEqual(needsPing(now - STALE_AFTER_MS + 1000, now), false);
    assert.strictEqual(needsPing(now - STALE_AFTER_MS - 1000, now), true);
  });
  it('keeps a wizard’s test result for a context not saved yet, so its new row shows it at once, and forgets it when the context goes', async () => {
    const a = await internals();
    const port = await closedPort();
    const host = `tcp://127.0.0.1:${port}`;
    const tested = await a.pings.ping(draftContext('drafted', host, undefined));
    assert.strictEqual(tested.error?.kind, 'connection-refused');
    // Another change to the store before the save.
    await testStore().write(contextMeta('bystander', 'tcp://b:2376'));
    await a.model.refresh();
    assert.strictEqual(a.pings.lastResult('drafted'), tested);
    await testStore().write(contextMeta('drafted', host));
    await a.model.refresh();
    const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === 'drafted')!;
    assert.match(String(a.view.getTreeItem(row).description), /^refused — /);
    await testStore().remove('drafted');
    await a.model.refresh();
    assert.strictEqual(a.pings.lastResult('drafted'), undefined);
  });
  it('shares one background ping between callers that ask nothing, and runs a ping that may ask on its own', async () => {
    const a = await internals();
    await deadContexts('shared');
    const context = (await a.model.refresh()).listing.contexts.find((c) => c.name === 'shared')!;
    const [x, y] = await Promise.all([a.pings.ping(context), a.pings.ping(context)]);
    assert.strictEqual(x, y);
    const [p, q] = await Promise.all([a.pings.ping(context), a.pings.ping(context, { signal: new AbortController().signal })]);
    assert.notStrictEqual(p, q);
  });
});
