import { writeFileSync } from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import { TestCommands } from '../../src/constants/commands';
import type { ExtensionInternals } from '../../src/extension';

const OURS = 'docker-remote-contexts.docker-remote-contexts';

/**
 * Runs inside the real extension host in place of a test suite: measures the activation of the
 * extension DRC_PROBE_EXTENSION names (ours by default; the benchmark's empty extension for the
 * host's own floor), loading and activate together; for ours, also how long the explorer takes to
 * produce its rows for the store the benchmark filled. Writes the numbers to DRC_TEST_RESULT_FILE.
 */
export async function run(): Promise<void> {
  const id = process.env.DRC_PROBE_EXTENSION ?? OURS;
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`${id} is not loaded`);
  const wasActive = ext.isActive;
  const started = performance.now();
  await ext.activate();
  const activationMs = performance.now() - started;
  // Our extension hands its live parts to a host that runs its tests (this probe is one).
  const api = id === OURS ? await vscode.commands.executeCommand<ExtensionInternals | undefined>(TestCommands.internals) : undefined;
  if (!api) {
    writeFileSync(process.env.DRC_TEST_RESULT_FILE!, JSON.stringify({ wasActive, activationMs, ownActivationMs: 0, renderMs: 0, rows: 0 }));
    return;
  }
  // One whole read and render: the read activation may have started ends first (a refresh waits
  // for it and then reads again, so that it sees any write made meanwhile).
  await api.model.snapshot();
  const renderStarted = performance.now();
  await api.model.refresh();
  const rows = await api.view.getChildren();
  for (const row of rows) api.view.getTreeItem(row);
  const renderMs = performance.now() - renderStarted;
  const t = api.timings;
  const phases = { hostBeforeLoad: t.loadStarted - started, evaluate: t.loaded - t.loadStarted, hostBeforeActivate: t.activateStarted - t.loaded, activate: t.activateEnded - t.activateStarted, hostAfterActivate: started + activationMs - t.activateEnded };
  writeFileSync(process.env.DRC_TEST_RESULT_FILE!, JSON.stringify({ wasActive, activationMs, ownActivationMs: api.activationMs, renderMs, rows: rows.length, phases }));
}
