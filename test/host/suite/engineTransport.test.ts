import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { hostRig } from './hostRig';
import { contextMeta, resetStore, testStore } from './hostWorld';
import { internals } from './internals';

/**
 * The extension host wraps Node's http.request for the editor's proxy settings. Engines must be
 * reached as the docker CLI reaches them: never through the editor's HTTP proxy, and over kept
 * connections, also for hosts other than localhost.
 */
describe('Engines are reached as the docker CLI reaches them, not through the editor’s HTTP stack', () => {
  let relay: net.Server;
  let accepted = 0;
  const open = new Set<net.Socket>();

  before(async () => {
    // 127.0.0.2 is loopback too, but not a name the editor's proxy code treats as localhost.
    relay = net.createServer((client) => {
      accepted++;
      const engine = net.connect(hostRig().dockerSocket);
      for (const s of [client, engine]) {
        open.add(s);
        s.on('error', () => undefined);
        s.on('close', () => open.delete(s));
      }
      client.pipe(engine).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.2', resolve));
    // An editor proxy where nothing listens: a ping sent through it would fail.
    await vscode.workspace.getConfiguration('http').update('proxy', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('proxySupport', 'override', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('http').update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('dockerContexts').update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
    for (const s of open) s.destroy();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
    await resetStore();
  });

  it('a tcp:// engine away from localhost answers without the editor’s proxy, and the second ping reuses the first one’s connection', async () => {
    const a = await internals();
    const port = (relay.address() as net.AddressInfo).port;
    await testStore().write(contextMeta('relayed', `tcp://127.0.0.2:${port}`));
    await a.model.refresh();
    const first = await vscode.commands.executeCommand<PingResult>(Commands.ping, 'relayed');
    assert.strictEqual(first.ok, true, JSON.stringify(first.error));
    const second = await vscode.commands.executeCommand<PingResult>(Commands.ping, 'relayed');
    assert.strictEqual(second.ok, true, JSON.stringify(second.error));
    assert.strictEqual(accepted, 1, 'both pings went over one connection');
  });
});
