import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { createTempWorld } from '../support/tempWorld';
import { launchBrowser } from './harness/browser';
import { REPO_ROOT, startCodeServer } from './harness/codeServer';
import { Rig, startRig } from '../rig/rig';
import { RIG_ENV, describeRig } from './suite/hostRig';

/**
 * Runs the host suites in a real VS Code extension host. `--desktop`: VS Code desktop through
 * @vscode/test-electron (it downloads VS Code). Otherwise: code-server, opened in Debian's
 * Chromium, with the extension loaded from source. Either way the suites get a docker config
 * folder and a home of their own, never the real ~/.docker. Ends with `host: N passed, N failed`.
 */
const extensionTestsPath = path.join(__dirname, 'index.js');

/**
 * A manifest with Container Tools' id that contributes only its containers.environment setting,
 * installed next to this extension: the marketplace is out of reach, and the editor writes no
 * setting that no extension registered, so this is how the tests see the offer to follow a
 * context written and read back.
 */
const CONTAINER_TOOLS_STAND_IN = path.join(REPO_ROOT, 'test', 'fixtures', 'container-tools-stand-in');

/** Packs the stand-in into a VSIX in `dir`, quietly (code-server's web payload loads one extension from source, no more). */
async function packStandIn(dir: string): Promise<string> {
  const { createVSIX } = await import('@vscode/vsce');
  const vsix = path.join(dir, 'container-tools-stand-in.vsix');
  const [log, warn] = [console.log, console.warn];
  console.log = console.warn = () => undefined;
  try {
    await createVSIX({ cwd: CONTAINER_TOOLS_STAND_IN, packagePath: vsix, dependencies: false, allowMissingRepository: true, skipLicense: true });
  } finally {
    [console.log, console.warn] = [log, warn];
  }
  return vsix;
}

async function desktop(env: NodeJS.ProcessEnv, workspace: string): Promise<void> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({ extensionDevelopmentPath: [REPO_ROOT, CONTAINER_TOOLS_STAND_IN], extensionTestsPath, extensionTestsEnv: env, launchArgs: [workspace, '--disable-extensions'] });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`VS Code desktop could not run the host suites (${why}). Where VS Code cannot be downloaded, npm run test:host runs the same suites in code-server.`, { cause: e });
  }
}

async function inCodeServer(env: NodeJS.ProcessEnv, workspace: string, resultFile: string, logFile: string): Promise<void> {
  const world = createTempWorld('drc-host-server-');
  const server = await startCodeServer(world, env, { vsix: await packStandIn(world.root) });
  const browser = await launchBrowser(path.join(world.root, 'chromium'));
  try {
    await browser.page.goto(server.workbenchUrl(workspace, extensionTestsPath));
    const deadline = Date.now() + 5 * 60 * 1000;
    let printed = 0;
    while (!existsSync(resultFile)) {
      if (existsSync(logFile)) {
        const log = readFileSync(logFile, 'utf8');
        process.stdout.write(log.slice(printed));
        printed = log.length;
      }
      if (Date.now() > deadline) {
        await browser.screenshot('host-timeout').catch(() => undefined);
        throw new Error(`The host suites did not finish within 5 minutes. code-server's log ends:\n${readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // The result file is written last; print what the log still holds.
    await new Promise((r) => setTimeout(r, 100));
    if (existsSync(logFile)) process.stdout.write(readFileSync(logFile, 'utf8').slice(printed));
  } finally {
    await browser.close().catch(() => undefined);
    server.stop();
    world.dispose();
  }
}

async function main(): Promise<void> {
  const world = createTempWorld('drc-host-');
  const resultFile = path.join(world.root, 'result.json');
  const logFile = path.join(world.root, 'mocha.log');
  const workspace = path.join(world.root, 'workspace');
  const { mkdirSync } = await import('fs');
  mkdirSync(workspace, { recursive: true });
  let rig: Rig | undefined;
  try {
    // A real dockerd and sshd for the suites that talk to an engine.
    rig = await startRig();
    const env: NodeJS.ProcessEnv = {
      DOCKER_CONFIG: world.dockerConfig,
      HOME: world.home,
      DRC_TEST_RESULT_FILE: resultFile,
      DRC_TEST_LOG_FILE: logFile,
      [RIG_ENV]: JSON.stringify(describeRig(rig)),
    };
    if (process.argv.includes('--desktop')) {
      await desktop({ ...env, DRC_TEST_LOG_FILE: undefined }, workspace);
      console.log('host: see the counts above');
      return;
    }
    await inCodeServer(env, workspace, resultFile, logFile);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { passed: number; failed: number };
    console.log(`host: ${result.passed} passed, ${result.failed} failed`);
    process.exitCode = result.failed === 0 ? 0 : 1;
  } finally {
    await rig?.stop().catch(() => undefined);
    world.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.log('host: 0 passed, 1 failed');
  process.exitCode = 1;
});
