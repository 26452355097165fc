import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { ContextStore } from '../../src/core/store/contextStore';
import { launchBrowser } from '../host/harness/browser';
import { startCodeServer } from '../host/harness/codeServer';
import { createTempWorld } from '../support/tempWorld';
import { BenchRow } from './benchRow';
import { row } from './measure';

/** Where the time of one activation went, from the host's call to the resolved promise (ours only). */
interface Phases {
  /** From the host's call until the bundle's first line runs: reading and compiling it, and host work. */
  hostBeforeLoad: number;
  /** Running the bundle's module code (`require('vscode')` included). */
  evaluate: number;
  /** The host preparing the extension context (storage, secrets; round trips to the workbench). */
  hostBeforeActivate: number;
  activate: number;
  hostAfterActivate: number;
}

interface ProbeResult {
  wasActive: boolean;
  activationMs: number;
  ownActivationMs: number;
  renderMs: number;
  rows: number;
  phases?: Phases;
}

/**
 * The host's floor: an extension that requires `vscode`, as every extension does, and has an
 * empty `activate`, loaded the same way. What the host spends on any extension (its context,
 * storage and round trips to the workbench) is in both numbers.
 */
function writeEmptyExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'empty-probe', publisher: 'bench', version: '0.0.1', engines: { vscode: '^1.90.0' }, main: './extension.js', activationEvents: [] };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'extension.js'), "require('vscode');\nexports.activate = function () {};\n");
  return dir;
}

/** One extension host in code-server: activation time, and for ours the explorer's rows for 1,000 contexts. */
async function probeOnce(empty: boolean): Promise<ProbeResult> {
  const world = createTempWorld('drc-bench-activation-');
  try {
    if (!empty) {
      const store = new ContextStore(world.environment);
      for (let i = 0; i < 1000; i++) {
        await store.write({ Name: `ctx-${i}`, Metadata: {}, Endpoints: { docker: { Host: `tcp://10.1.${Math.floor(i / 250)}.${i % 250}:2376`, SkipTLSVerify: false } } });
      }
    }
    const resultFile = path.join(world.root, 'activation.json');
    const extensionPath = empty ? writeEmptyExtension(path.join(world.root, 'empty-extension')) : undefined;
    const server = await startCodeServer(world, { DRC_TEST_RESULT_FILE: resultFile, ...(empty ? { DRC_PROBE_EXTENSION: 'bench.empty-probe' } : {}) });
    const browser = await launchBrowser(path.join(world.root, 'chromium'));
    try {
      const workspace = path.join(world.root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      await browser.page.goto(server.workbenchUrl(workspace, path.join(__dirname, 'activationProbe.js'), extensionPath));
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

/**
 * Activation (budget 30 ms) and the explorer's rows for 1,000 contexts (budget 300 ms), medians of
 * `runs` hosts each for ours and for an empty extension, alternating so both see the same machine.
 */
export async function activationBenchmarks(runs = 5): Promise<BenchRow[]> {
  const ours: ProbeResult[] = [];
  const empty: ProbeResult[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await probeOnce(false));
    empty.push(await probeOnce(true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if ([...ours, ...empty].some((r) => r.wasActive)) throw new Error('an extension was already active: activation was not measured');
  if (ours.some((r) => r.rows !== 1001)) throw new Error(`the explorer showed ${ours.map((r) => r.rows).join(', ')} rows, not 1,001`);
  // Our share: reading, compiling and running the bundle, then activate; not the host's own waits.
  const ourShare = ours.map((r) => r.phases!.hostBeforeLoad + r.phases!.evaluate + r.phases!.activate);
  return [
    row('activation: load, compile, run the bundle and activate()', median(ourShare), 30, 'budget'),
    row('activate() alone', median(ours.map((r) => r.ownActivationMs)), 30, 'budget'),
    row('activation as the host sees it, its own waits included', median(ours.map((r) => r.activationMs)), median(empty.map((r) => r.activationMs)), 'an empty extension, same host'),
    row('explorer rows for 1,000 contexts', median(ours.map((r) => r.renderMs)), 300, 'budget'),
  ];
}
