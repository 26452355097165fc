import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../../src/constants/commands';
import type { PingResult } from '../../../src/core/ping/pingTypes';
import { readSettings } from '../../../src/settings';
import { GarbageServer, sshBannerThenGarbage, startGarbageServer } from '../../support/garbageServer';
import { waitUntil } from '../../support/waitUntil';
import { hostRig } from './hostRig';
import { contextMeta, resetStore, testStore } from './hostWorld';
import { internals } from './internals';

const settings = () => vscode.workspace.getConfiguration('dockerContexts');

/** Pings with the command's argument form, as another extension or a task would. */
async function ping(name: string): Promise<PingResult> {
  return vscode.commands.executeCommand<PingResult>(Commands.ping, { name });
}

/**
 * Ports that are not what a context says, pinged in the editor: each ping answers with what it
 * met, the extension host logs no uncaught exception, and the next ping works.
 */
describe('Pings of ports that speak garbage, in the editor', function () {
  this.timeout(60000);
  let server: GarbageServer | undefined;
  const uncaught: string[] = [];
  const onUncaught = (e: Error) => uncaught.push(e.message);

  before(async () => {
    await settings().update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
    process.on('uncaughtException', onUncaught);
  });
  after(async () => {
    process.removeListener('uncaughtException', onUncaught);
    await settings().update('sshClient', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('pingTimeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
    await resetStore();
  });
  beforeEach(resetStore);
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const client of ['builtin', 'openssh'] as const) {
    it(`an ssh:// port that answers a banner and garbage (sshClient ${client}): a clear failure, no uncaught exception, and the next ping answers`, async () => {
      await settings().update('sshClient', client, vscode.ConfigurationTarget.Global);
      const a = await internals();
      await waitUntil(`the ${client} client to serve SSH contexts`, async () => (await a.pings.sshClient()).kind === client);
      server = await startGarbageServer(sshBannerThenGarbage());
      const store = testStore();
      await store.write(contextMeta('garbage', `ssh://nobody@127.0.0.1:${server.port}`));
      await store.write(contextMeta('engine', hostRig().unixHost));
      await a.model.refresh();

      const r = await ping('garbage');
      assert.strictEqual(r.ok, false);
      assert.strictEqual(r.error?.kind, 'ssh-connection-failed', JSON.stringify(r.error));
      assert.match(r.error.message, new RegExp(`127\\.0\\.0\\.1:${server.port} answered, but not as an SSH server speaks`));
      const garbage = server;
      await waitUntil('the client to hang up on the garbage', () => garbage.accepted > 0 && garbage.open === 0);

      const again = await ping('engine');
      assert.strictEqual(again.ok, true, JSON.stringify(again.error));
      assert.deepStrictEqual(uncaught, []);
    });
  }

  it('a fractional pingTimeoutMs is read as whole milliseconds, and pings still answer', async () => {
    await settings().update('pingTimeoutMs', 2500.5, vscode.ConfigurationTarget.Global);
    await waitUntil('the setting to apply', () => settings().get('pingTimeoutMs') === 2500.5);
    assert.strictEqual(readSettings().pingTimeoutMs, 2501);
    await testStore().write(contextMeta('engine', hostRig().unixHost));
    await (await internals()).model.refresh();
    const r = await ping('engine');
    assert.strictEqual(r.ok, true, JSON.stringify(r.error));
  });
});
