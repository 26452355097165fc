import * as assert from 'assert';
import { mkdtempSync, rmSync } from 'fs';
import * as vscode from 'vscode';
import type { ShownWarning } from '../../../src/certificateWarnings';
import { Commands } from '../../../src/constants/commands';
import type { WatchSample } from '../../../src/core/watch/contextHealth';
import type { ExtensionInternals } from '../../../src/extension';
import type { WatchNotification } from '../../../src/watch/healthWatch';
import { DockerDaemon, startDockerDaemon } from '../../rig/dockerDaemon';
import { waitUntil } from '../../support/waitUntil';
import { hostRig } from './hostRig';
import { contextMeta, resetStore, testStore, waitForSnapshot } from './hostWorld';
import { internals } from './internals';

const INTERVAL_SECONDS = 2;
const settings = () => vscode.workspace.getConfiguration('dockerContexts');

/** The heartbeats of `name` so far (a copy). */
function heartbeats(a: ExtensionInternals, name: string): WatchSample[] {
  return [...(a.watch.history(name) ?? [])];
}

describe('Health watch (in the extension host)', function () {
  this.timeout(180000);
  let a: ExtensionInternals;
  const notes: WatchNotification[] = [];
  let listening: vscode.Disposable | undefined;

  before(async () => {
    a = await internals();
    // code-server's window in the harness's Chromium reports focus, a desktop window in the
    // background would not: the tests decide instead of the window.
    a.watch.simulateFocus(true);
    listening = a.watch.onDidNotify((n) => notes.push(n));
    await settings().update('watchIntervalSeconds', INTERVAL_SECONDS, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    listening?.dispose();
    await settings().update('watch', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('watchIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    a.watch.simulateFocus(undefined);
    await resetStore();
  });
  beforeEach(async () => {
    notes.length = 0;
    await settings().update('watch', undefined, vscode.ConfigurationTarget.Global);
    await resetStore();
  });

  async function watchContext(name: string, host: string): Promise<void> {
    await testStore().write(contextMeta(name, host));
    await waitForSnapshot(a, (s) => s.listing.contexts.some((c) => c.name === name));
    await settings().update('watch', [name], vscode.ConfigurationTarget.Global);
    await waitUntil(`${name} to be watched`, () => a.watch.watched.includes(name));
  }

  describe('against a dockerd of its own that stops and starts again', () => {
    let daemon: DockerDaemon | undefined;
    let daemonDir: string | undefined;
    before(async () => {
      // Under /tmp itself: the host's temporary folder is too deep for containerd's socket paths.
      daemonDir = mkdtempSync('/tmp/drc-watch-');
      daemon = await startDockerDaemon({ dir: daemonDir });
    });
    after(async () => {
      await daemon?.stop();
      if (daemonDir) rmSync(daemonDir, { recursive: true, force: true });
    });

    it('tells exactly one "down" when the engine stops and one "up" when it answers again, and nothing more', async () => {
      const name = 'watched-engine';
      await watchContext(name, daemon!.unixHost);
      const of = () => notes.filter((n) => n.context === name).map((n) => n.transition);
      await waitUntil('two answered heartbeats', () => heartbeats(a, name).filter((s) => s.ok).length >= 2, { timeoutMs: 30000 });
      assert.deepStrictEqual(of(), [], 'an engine that answers at start says nothing');

      // The row's hover shows the latency line.
      const row = (await a.view.getChildren()).find((r) => r.kind === 'context' && r.context.name === name)!;
      const tooltip = a.view.getTreeItem(row).tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString);
      assert.match(tooltip.value, /Watched every 2 s; the last \d+ heartbeats:/);
      assert.match(tooltip.value, /`[▁▂▃▄▅▆▇█]{2,}`/);
      assert.match(tooltip.value, /min \d+ ms · median \d+ ms · max \d+ ms/);

      await daemon!.stop();
      await waitUntil('a "down" notification', () => of().length > 0, { timeoutMs: 30000, describe: () => JSON.stringify(heartbeats(a, name).slice(-4)) });
      assert.deepStrictEqual(of(), ['down']);
      assert.match(notes.find((n) => n.context === name)!.message, /The Docker engine of the context "watched-engine" stopped answering: /);
      assert.strictEqual(a.pings.lastResult(name)?.ok, false, 'the row shows the failure');
      const failedAtDown = heartbeats(a, name).filter((s) => !s.ok).length;
      assert.strictEqual(failedAtDown, 2, 'down after two failures in a row');
      // One more failed heartbeat (after the backoff) tells nothing new.
      await waitUntil('a third failed heartbeat', () => heartbeats(a, name).filter((s) => !s.ok).length >= 3, { timeoutMs: 30000 });
      assert.deepStrictEqual(of(), ['down']);

      daemon = await startDockerDaemon({ dir: daemonDir! });
      await waitUntil('an "up" notification', () => of().length > 1, { timeoutMs: 60000, describe: () => JSON.stringify(heartbeats(a, name).slice(-4)) });
      assert.deepStrictEqual(of(), ['down', 'up']);
      assert.match(notes.filter((n) => n.context === name)[1].message, /The Docker engine of the context "watched-engine" answers again\./);
      assert.strictEqual(a.pings.lastResult(name)?.ok, true, 'the row shows the answer');
      const answeredAtUp = heartbeats(a, name).length;
      await waitUntil('two more heartbeats', () => a.watch.history(name)!.length >= Math.min(30, answeredAtUp + 2), { timeoutMs: 30000 });
      assert.ok(heartbeats(a, name).slice(-2).every((s) => s.ok));
      assert.deepStrictEqual(of(), ['down', 'up'], 'nothing more over two further intervals');
    });
  });

  it('waits while the window has no focus, and pings what fell due soon after it comes back', async () => {
    const name = 'watched-focus';
    await watchContext(name, hostRig().unixHost);
    await waitUntil('a first heartbeat', () => heartbeats(a, name).length >= 1, { timeoutMs: 30000 });
    a.watch.simulateFocus(false);
    assert.strictEqual(a.watch.running, false);
    const due = await waitUntil('the heartbeat under way to end', () => a.watch.nextHeartbeatAt(name));
    const before = heartbeats(a, name).length;
    await waitUntil('the next heartbeat to fall due, and a second more', () => Date.now() > due + 1000, { timeoutMs: 10000 });
    assert.strictEqual(heartbeats(a, name).length, before, 'no heartbeat while the window has no focus');
    const back = Date.now();
    a.watch.simulateFocus(true);
    await waitUntil('a heartbeat after the focus came back', () => heartbeats(a, name).length > before, { timeoutMs: 10000 });
    const at = heartbeats(a, name)[before].at;
    assert.ok(at - back <= 3000 + 1000, `it came ${at - back} ms after the focus, within the 3 s spread (and the ping)`);
  });

  it('a watched TLS context’s heartbeats bring the engine certificate’s warning, with no ping asked for', async () => {
    const rig = hostRig();
    const name = 'watched-tls';
    const warnings: ShownWarning[] = [];
    const sub = a.certificateWarnings.onDidWarn((w) => w.context === name && warnings.push(w));
    try {
      await settings().update('pingOnOpen', false, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand(Commands.createTlsContext, { name, host: rig.tlsHost, ...rig.tls });
      await waitForSnapshot(a, (s) => s.listing.contexts.some((c) => c.name === name));
      assert.strictEqual(a.pings.lastResult(name), undefined, 'not pinged yet');
      await settings().update('watch', [name], vscode.ConfigurationTarget.Global);
      // The rig's engine certificate ends in 30 days: its 30-day warning is due once a ping reads it.
      const engine = await waitUntil('the engine certificate warning', () => warnings.find((w) => w.which === 'engine'), { timeoutMs: 30000 });
      assert.strictEqual(engine.stage, 30);
      await waitUntil('the heartbeat that read the date', () => heartbeats(a, name).length >= 1);
      assert.strictEqual(warnings.filter((w) => w.which === 'engine').length, 1);
    } finally {
      sub.dispose();
      await settings().update('pingOnOpen', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
