import * as assert from 'assert';
import * as http from 'http';
import * as net from 'net';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import type { EngineInfoResult } from '../../../src/core/engine/engineDetails';
import type { ExplorerNode } from '../../../src/tree/contextNodes';
import { engineFixture } from '../../support/engineFixtures';
import { waitUntil } from '../../support/waitUntil';
import { hostRig } from './hostRig';
import { contextMeta, docker, resetStore, testStore } from './hostWorld';
import { internals } from './internals';

/** A pretend engine on loopback that answers with what a real dockerd said (`info`: which capture), and counts the /info requests. */
async function fakeEngine(info: string, version = engineFixture('dockerd-20.10-version.json')) {
  let infoRequests = 0;
  const server = http.createServer((req, res) => {
    const json = (body: string) => res.writeHead(200, { 'Api-Version': '1.41', 'Content-Type': 'application/json' }).end(body);
    if (req.url === '/_ping') res.writeHead(200, { 'Api-Version': '1.41', Ostype: 'linux' }).end('OK');
    else if (req.url === '/version') json(version);
    else if (req.url === '/info') {
      infoRequests++;
      json(info);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get infoRequests() {
      return infoRequests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** What the docker CLI says of the rig's engine. */
async function cliFacts(): Promise<{ info: Record<string, unknown>; version: Record<string, string> }> {
  const host = hostRig().unixHost;
  return {
    info: JSON.parse(await docker('-H', host, 'info', '--format', '{{json .}}')) as Record<string, unknown>,
    version: JSON.parse(await docker('-H', host, 'version', '--format', '{{json .Server}}')) as Record<string, string>,
  };
}

async function contextRow(name: string): Promise<ExplorerNode> {
  const a = await internals();
  await a.model.refresh();
  const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === name);
  assert.ok(row, `no row for ${name}`);
  return row;
}

/** The rows under a context's row, as the explorer draws them, by label. */
async function expand(name: string): Promise<vscode.TreeItem[]> {
  const a = await internals();
  return (await a.view.getChildren(await contextRow(name))).map((c) => a.view.getTreeItem(c));
}

function byLabel(items: vscode.TreeItem[], label: string): vscode.TreeItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no "${label}" row in ${JSON.stringify(items.map((i) => [i.label, i.description]))}`);
  return found;
}

describe('Engine details in the explorer', () => {
  beforeEach(async () => {
    await resetStore();
    (await internals()).engines.forget();
  });

  it('a context row starts collapsed and expands to its engine’s server version, OS and containers, as docker info says', async () => {
    const a = await internals();
    await testStore().write(contextMeta('rig-engine', hostRig().unixHost));
    const row = await contextRow('rig-engine');
    assert.strictEqual(a.view.getTreeItem(row).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const children = await a.view.getChildren(row);
    const items = children.map((c) => a.view.getTreeItem(c));
    const { info, version } = await cliFacts();
    assert.strictEqual(byLabel(items, 'Server').description, `${version.Version} · API ${version.ApiVersion}`);
    assert.strictEqual(byLabel(items, 'OS').description, `${String(info.OperatingSystem)} · ${String(info.OSType)}/${String(info.Architecture)}`);
    assert.strictEqual(byLabel(items, 'Containers').description, `${String(info.ContainersRunning)} running · ${String(info.ContainersPaused)} paused · ${String(info.ContainersStopped)} stopped`);
    assert.strictEqual(byLabel(items, 'Storage driver').description, String(info.Driver));
    // Stable ids under the row's, the same on the next look; each row knows its parent.
    const ids = items.map((i) => i.id);
    assert.ok(ids.every((id) => id?.startsWith('engine:rig-engine:')), JSON.stringify(ids));
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.deepStrictEqual((await a.view.getChildren(row)).map((c) => a.view.getTreeItem(c).id), ids);
    assert.strictEqual(a.view.getTreeItem(a.view.getParent(children[0])!).id, 'context:rig-engine');
    // The row's hover now says what the engine is.
    const tooltip = a.view.getTreeItem(await contextRow('rig-engine')).tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.replace(/\\/g, '').includes(`Engine ${version.Version} (API ${version.ApiVersion})`), tooltip.value);
  });

  it('dockerContexts.engineInfo returns the details object for a name or { name }, asking nobody', async () => {
    await testStore().write(contextMeta('rig-engine', hostRig().unixHost));
    const { info, version } = await cliFacts();
    for (const arg of ['rig-engine', { name: 'rig-engine' }]) {
      const r = await vscode.commands.executeCommand<EngineInfoResult>(Commands.engineInfo, arg);
      assert.ok(r.ok, JSON.stringify(r));
      assert.strictEqual(r.context, 'rig-engine');
      assert.strictEqual(r.serverVersion, version.Version);
      assert.strictEqual(r.apiVersion, version.ApiVersion);
      assert.strictEqual(r.operatingSystem, info.OperatingSystem);
      assert.deepStrictEqual(r.containers, { total: info.Containers, running: info.ContainersRunning, paused: info.ContainersPaused, stopped: info.ContainersStopped });
    }
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.engineInfo, { name: 'rig-engine', forse: true })), /forse is not an argument it takes/);
  });

  it('an engine that cannot be reached is one row that says why, and the command returns why instead of throwing', async () => {
    const a = await internals();
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    await testStore().write(contextMeta('down', `tcp://127.0.0.1:${port}`));
    const children = await a.view.getChildren(await contextRow('down'));
    assert.strictEqual(children.length, 1);
    const item = a.view.getTreeItem(children[0]);
    assert.strictEqual(item.label, `Nothing accepts connections at 127.0.0.1:${port}.`);
    assert.strictEqual(item.id, 'engine:down:failure');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'error');
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/\\/g, ''), /Check that dockerd listens on this port/);
    const r = await vscode.commands.executeCommand<EngineInfoResult>(Commands.engineInfo, 'down');
    assert.ok(!r.ok);
    assert.strictEqual(r.error.kind, 'connection-refused');
  });

  it('the engine’s warnings are a warning row at the top and a note in the row’s hover', async () => {
    const a = await internals();
    const engine = await fakeEngine(engineFixture('dockerd-20.10-info-plain-tcp.json'));
    try {
      await testStore().write(contextMeta('plain', engine.host));
      const [first] = await expand('plain');
      assert.match(typeof first.label === 'string' ? first.label : '', /^API is accessible on http:\/\/127\.0\.0\.1:\d+ without encryption\.$/);
      assert.ok(first.iconPath instanceof vscode.ThemeIcon && first.iconPath.id === 'warning');
      assert.strictEqual(first.contextValue, 'engine.warning');
      assert.match((first.tooltip as vscode.MarkdownString).value.replace(/\\/g, ''), /equivalent to root access on the host/);
      const tooltip = (a.view.getTreeItem(await contextRow('plain')).tooltip as vscode.MarkdownString).value.replace(/\\/g, '');
      assert.match(tooltip, /The engine warns: API is accessible on http:\/\/127\.0\.0\.1:\d+ without encryption\./);
    } finally {
      await engine.close();
    }
  });

  it('keeps the details a short while, and asks again on Refresh, on a ping of the row and when the endpoint changes', async () => {
    const one = await fakeEngine(engineFixture('dockerd-20.10-info.json'));
    const other = await fakeEngine(engineFixture('dockerd-20.10-info.json'), JSON.stringify({ Version: '99.1.0', ApiVersion: '1.99' }));
    try {
      await testStore().write(contextMeta('kept', one.host));
      await expand('kept');
      await expand('kept');
      assert.strictEqual(one.infoRequests, 1, 'the second look used the kept details');
      await vscode.commands.executeCommand(Commands.refresh);
      await expand('kept');
      assert.strictEqual(one.infoRequests, 2, 'Refresh asks again');
      await vscode.commands.executeCommand(Commands.ping, 'kept');
      await expand('kept');
      assert.strictEqual(one.infoRequests, 3, 'a ping of the row asks again');
      await vscode.commands.executeCommand(Commands.edit, { name: 'kept', host: other.host });
      assert.strictEqual(byLabel(await expand('kept'), 'Server').description, '99.1.0 · API 1.99');
      assert.strictEqual(other.infoRequests, 1);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('Inspect shows the engine’s details after the JSON; from a row the command opens it there', async () => {
    await testStore().write(contextMeta('rig-engine', hostRig().unixHost));
    const { version } = await cliFacts();
    const text = await vscode.commands.executeCommand<string>(Commands.inspect, 'rig-engine');
    assert.strictEqual((JSON.parse(text) as { Name: string }[])[0].Name, 'rig-engine', 'the command still returns what docker context inspect prints');
    const doc = vscode.window.activeTextEditor!.document;
    assert.strictEqual(doc.languageId, 'jsonc');
    await waitUntil('the engine section in Inspect', () => doc.getText().includes(`//   Server: ${version.Version} · API ${version.ApiVersion}`), { timeoutMs: 15000, describe: () => doc.getText() });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const r = await vscode.commands.executeCommand<EngineInfoResult>(Commands.engineInfo, await contextRow('rig-engine'));
    assert.ok(r.ok, JSON.stringify(r));
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.scheme, 'docker-context');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\/\/ Engine: GET \/version and GET \/info at /);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
