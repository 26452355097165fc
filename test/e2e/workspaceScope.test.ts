import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { waitUntil } from '../support/waitUntil';
import { STATUS_ITEM, Workbench } from './workbench';

describe('A context per workspace in a real browser', function () {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open(
      (world) => {
        const cli = (...args: string[]) => execFileSync('docker', args, { env: world.processEnv });
        cli('context', 'create', 'everywhere', '--docker', 'host=tcp://127.0.0.1:1');
        cli('context', 'create', 'this-folder', '--docker', 'host=tcp://127.0.0.1:1', '--description', 'for one project');
        cli('context', 'use', 'everywhere');
      },
      { settings: { 'dockerContexts.pingOnOpen': false } },
    );
  });
  after(async () => wb?.close());
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  /** What the status bar item says to a screen reader (its text and whose choice it is). */
  const statusLabel = () =>
    wb.page.evaluate<string>(`(() => {
      const item = document.querySelector(${JSON.stringify(STATUS_ITEM)});
      const labelled = item && (item.matches('[aria-label]') ? item : item.querySelector('[aria-label]'));
      return labelled ? labelled.getAttribute('aria-label') : '';
    })()`);

  /** Opens `folder` in the same browser tab, as a person reopens a folder, and waits until the extension shows its status bar item. */
  async function openFolder(folder: string): Promise<void> {
    await wb.page.goto(wb.server.workbenchUrl(folder));
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    // The extension activates when its view opens: a click on its icon opens it. The reopened window
    // may restore the view by itself, and then a click closes it again: click only while it is not
    // shown, and look again after each click.
    const icon = wb.page.locator('.activitybar [aria-label^="Docker Contexts"]').first();
    await icon.waitFor({ timeout: 90000 });
    await waitUntil(
      'the Contexts view to show',
      async () => {
        if (await wb.contextsTree().isVisible()) return true;
        await icon.click();
        return wb.contextsTree()
          .waitFor({ state: 'visible', timeout: 3000 })
          .then(() => true, () => false);
      },
      { timeoutMs: 60000, everyMs: 500 },
    );
    await wb.page.locator(STATUS_ITEM).waitFor({ timeout: 30000 });
  }

  it('brings the workspace’s choice back when the folder opens again, config.json untouched', async () => {
    await wb.openExplorer();
    await wb.page.locator(STATUS_ITEM, { hasText: 'everywhere' }).waitFor({ timeout: 30000 });

    // Switch the scope for this folder, as its .vscode/settings.json does; the switcher says when it holds.
    // (code-server hands a change of the user's settings.json on disk to the browser, not to the extension host.)
    mkdirSync(path.join(wb.workspace, '.vscode'), { recursive: true });
    writeFileSync(path.join(wb.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'dockerContexts.switchScope': 'workspace' }, null, 2));
    await waitUntil(
      'the switcher to offer a choice for this workspace',
      async () => {
        await wb.page.locator(STATUS_ITEM).click();
        const s = await wb.waitForQuickInput('the switcher', (q) => q.list && q.rows.some((r) => r.includes('this-folder')));
        if (s.placeholder.includes('this workspace')) return true;
        await wb.page.keyboard.press('Escape');
        await waitUntil('the switcher to close', async () => !(await wb.quickInputState()).visible, { timeoutMs: 10000 });
        return false;
      },
      { timeoutMs: 30000, everyMs: 250, describe: async () => JSON.stringify(await wb.quickInputState()) },
    );
    await wb.page.keyboard.type('this-folder');
    await wb.waitForQuickInput('the switcher to focus "this-folder"', (s) => s.focusedRow.includes('this-folder'));
    await wb.page.keyboard.press('Enter');
    await wb.page.locator(STATUS_ITEM, { hasText: 'this-folder' }).waitFor({ timeout: 15000 });
    assert.match(await statusLabel(), /^Docker context: this-folder \(this workspace\)/);
    assert.strictEqual(wb.docker('context', 'show'), 'everywhere');
    await wb.screenshot('workspace-choice');

    // Another folder (with the global scope) has no choice of its own: the global one shows there.
    const other = path.join(wb.world.root, 'other-folder');
    mkdirSync(other, { recursive: true });
    await openFolder(other);
    await wb.page.locator(STATUS_ITEM, { hasText: 'everywhere' }).waitFor({ timeout: 30000 });
    assert.doesNotMatch(await statusLabel(), /this workspace/);

    // The first folder again: its choice is back, and the docker CLI's own choice never moved.
    await openFolder(wb.workspace);
    await wb.page.locator(STATUS_ITEM, { hasText: 'this-folder' }).waitFor({ timeout: 30000 });
    assert.match(await statusLabel(), /^Docker context: this-folder \(this workspace\)/);
    assert.strictEqual(wb.docker('context', 'show'), 'everywhere');
    assert.strictEqual((JSON.parse(readFileSync(path.join(wb.world.dockerConfig, 'config.json'), 'utf8')) as { currentContext?: string }).currentContext, 'everywhere');
  });
});
