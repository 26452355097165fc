import { existsSync, mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { ContextStore } from '../../src/core/store/contextStore';
import { launchBrowser } from '../host/harness/browser';
import { startCodeServer } from '../host/harness/codeServer';
import { createTempWorld } from '../support/tempWorld';
import { BenchRow } from './benchRow';
import { row } from './measure';

interface ProbeResult {
  wasActive: boolean;
  activationMs: number;
  ownActivationMs: number;
  renderMs: number;
  rows: number;
}

/** One extension host in code-server: activation time and the explorer's rows for 1,000 contexts. */
async function probeOnce(): Promise<ProbeResult> {
  const world = createTempWorld('drc-bench-activation-');
  try {
    const store = new ContextStore(world.environment);
    for (let i = 0; i < 1000; i++) {
      await store.write({ Name: `ctx-${i}`, Metadata: {}, Endpoints: { docker: { Host: `tcp://10.1.${Math.floor(i / 250)}.${i % 250}:2376`, SkipTLSVerify: false } } });
    }
    const resultFile = path.join(world.root, 'activation.json');
    const server = await startCodeServer(world, { DRC_TEST_RESULT_FILE: resultFile });
    const browser = await launchBrowser(path.join(world.root, 'chromium'));
    try {
      const workspace = path.join(world.root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      await browser.page.goto(server.workbenchUrl(workspace, path.join(__dirname, 'activationProbe.js')));
      const deadline = Date.now() + 120000;
      while (!existsSync(resultFile)) {
        if (Date.now() > deadline) throw new Error('the activation probe did not report');
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 50));
      return JSON.parse(readFileSync(resultFile, 'utf8')) as ProbeResult;
    } finally {
      await browser.close().catch(() => undefined);
      server.stop();
    }
  } finally {
    world.dispose();
  }
}

/** Activation (budget 30 ms) and the explorer's rows for 1,000 contexts (budget 300 ms), medians of `runs` hosts. */
export async function activationBenchmarks(runs = 3): Promise<BenchRow[]> {
  const results: ProbeResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await probeOnce());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (results.some((r) => r.wasActive)) throw new Error('the extension was already active: activation was not measured');
  if (results.some((r) => r.rows !== 1001)) throw new Error(`the explorer showed ${results.map((r) => r.rows).join(', ')} rows, not 1,001`);
  return [
    row('activate() in the extension host', median(results.map((r) => r.ownActivationMs)), 30, 'budget'),
    row('activation as the host sees it (load + activate)', median(results.map((r) => r.activationMs)), 30, 'budget'),
    row('explorer rows for 1,000 contexts', median(results.map((r) => r.renderMs)), 300, 'budget'),
  ];
}
