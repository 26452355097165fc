import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { waitUntil } from '../support/waitUntil';
import { STATUS_ITEM, Workbench } from './workbench';

interface CliLine {
  Name: string;
}

describe('The explorer and the switcher in a real browser', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open((world) => {
      const cli = (...args: string[]) => execFileSync('docker', args, { env: world.processEnv });
      cli('context', 'create', 'production', '--docker', 'host=tcp://prod.example.com:2376', '--description', 'the production engine');
      cli('context', 'create', 'build-server', '--docker', 'host=ssh://ci@build.example.com');
      cli('context', 'create', 'staging', '--docker', 'host=tcp://127.0.0.1:1');
    });
  });
  after(async () => wb?.close());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  it('shows exactly the contexts docker context ls lists, in its order', async () => {
    await wb.openExplorer();
    const cli = wb
      .docker('context', 'ls', '--format', 'json')
      .split('\n')
      .map((l) => (JSON.parse(l) as CliLine).Name);
    const rows = await wb.waitForRows((labels) => labels.length === cli.length);
    assert.deepStrictEqual(rows, cli);
    await wb.page.waitForSelector(STATUS_ITEM);
    await wb.screenshot('explorer');
  });

  it('shows a context that docker context create makes in a terminal, by itself', async () => {
    const started = Date.now();
    wb.docker('context', 'create', 'e2e-new', '--docker', 'host=tcp://127.0.0.1:1');
    await wb.waitForRows((labels) => labels.includes('e2e-new'));
    console.log(`      appeared in the browser ${Date.now() - started} ms after docker context create returned`);
  });

  it('switches context from the status bar quick pick, and config.json changes', async () => {
    await wb.page.locator(STATUS_ITEM).click();
    const pick = wb.quickInput();
    await pick.waitFor({ state: 'visible' });
    await pick.locator('.monaco-list-row', { hasText: 'production' }).first().waitFor();
    await wb.screenshot('switcher');
    await wb.page.keyboard.type('production');
    await wb.waitForQuickInput('the switcher to focus "production"', (s) => s.focusedRow.includes('production'));
    await wb.page.keyboard.press('Enter');
    const configFile = path.join(wb.world.dockerConfig, 'config.json');
    await waitUntil('config.json to name "production"', () => (JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: string }).currentContext === 'production', {
      describe: () => readFileSync(configFile, 'utf8'),
    });
    assert.strictEqual(wb.docker('context', 'show'), 'production');
    await wb.page.locator(STATUS_ITEM, { hasText: 'production' }).waitFor({ timeout: 10000 });
  });

  it('moves the mark when docker context use runs in a terminal', async () => {
    wb.docker('context', 'use', 'staging');
    await wb.page.locator(STATUS_ITEM, { hasText: 'staging' }).waitFor({ timeout: 10000 });
  });

  it('pings a context and shows why it fails, with the hint', async () => {
    const row = wb.row('staging');
    // The inline Ping shows on the focused row, whatever the mouse does.
    await wb.focusRow('staging');
    await row.locator('.action-label[aria-label^="Ping"]').click();
    await row.filter({ hasText: 'refused' }).waitFor({ timeout: 15000 });
    // Every ping of the row has ended (a background one re-renders it, which closes a hover).
    await waitUntil('no ping of the row under way', async () => (await row.locator('.codicon-loading').count()) === 0);
    await wb.page.mouse.move(900, 400);
    // The row's tooltip says what failed and what to do.
    const text = await wb.hoverText('staging', /Nothing accepts connections/);
    assert.match(text, /Nothing accepts connections at 127\.0\.0\.1:1\./);
    assert.match(text, /Check that dockerd listens on this port/);
    await wb.screenshot('ping-failure');
  });
});
