import { writeFileSync } from 'fs';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import type { DockerContextsApi } from '../../src/extension';

/**
 * Runs inside the real extension host in place of a test suite: measures the extension's
 * activation (loading the bundle and running activate), then how long the explorer takes to
 * produce its rows for the store the benchmark filled, and writes both to DRC_TEST_RESULT_FILE.
 */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<DockerContextsApi>('docker-remote-contexts.docker-remote-contexts');
  if (!ext) throw new Error('the extension is not loaded');
  const wasActive = ext.isActive;
  const started = performance.now();
  const api = await ext.activate();
  const activationMs = performance.now() - started;
  const renderStarted = performance.now();
  await api.model.refresh();
  const rows = await api.view.getChildren();
  for (const row of rows) api.view.getTreeItem(row);
  const renderMs = performance.now() - renderStarted;
  writeFileSync(process.env.DRC_TEST_RESULT_FILE!, JSON.stringify({ wasActive, activationMs, ownActivationMs: api.activationMs, renderMs, rows: rows.length }));
}
