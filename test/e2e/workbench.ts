import { execFileSync } from 'child_process';
import { mkdirSync } from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { Browser, launchBrowser } from '../host/harness/browser';
import { CodeServer, startCodeServer } from '../host/harness/codeServer';
import { TempWorld, createTempWorld } from '../support/tempWorld';

export const STATUS_ITEM = '[id="docker-remote-contexts.docker-remote-contexts.dockerContexts.current"]';
const ACTIVITY_ICON = '.activitybar [aria-label^="Docker Contexts"]';

/**
 * A real VS Code (code-server) in Debian's Chromium, with the extension loaded from source and a
 * world of its own: HOME and DOCKER_CONFIG in a temporary folder, never the real ones.
 */
export class Workbench {
  private constructor(
    readonly world: TempWorld,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly workspace: string,
  ) {}

  get page(): Page {
    return this.browser.page;
  }

  /** A workbench with the extension loaded from source, or installed from `options.vsix`. */
  static async open(prepare?: (world: TempWorld) => Promise<void> | void, options: { vsix?: string } = {}): Promise<Workbench> {
    const world = createTempWorld('drc-e2e-');
    await prepare?.(world);
    const server = await startCodeServer(world, {}, options);
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser(path.join(world.root, 'chromium'));
      const workspace = path.join(world.root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      const wb = new Workbench(world, server, browser, workspace);
      await browser.page.goto(server.workbenchUrl(workspace, undefined, options.vsix ? null : undefined));
      await browser.page.waitForSelector('.monaco-workbench', { timeout: 90000 });
      // The extension activates when its view opens (no activation events of its own).
      await browser.page.locator(ACTIVITY_ICON).first().waitFor({ timeout: 90000 });
      return wb;
    } catch (e) {
      await browser?.close().catch(() => undefined);
      server.stop();
      world.dispose();
      throw e;
    }
  }

  /** The real docker CLI in this world. */
  docker(...args: string[]): string {
    return execFileSync('docker', args, { env: this.world.processEnv, encoding: 'utf8' }).trim();
  }

  /** Opens the Docker Contexts view from its activity bar icon. */
  async openExplorer(): Promise<Locator> {
    const view = this.contextsTree();
    if (!(await view.isVisible().catch(() => false))) {
      await this.page.locator(ACTIVITY_ICON).first().click();
    }
    await view.waitFor({ state: 'visible', timeout: 30000 });
    await this.widenSideBar();
    return view;
  }

  /** Drags the side bar's edge out to 480 px, so rows show their whole description. */
  private async widenSideBar(): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box || box.width >= 470) return;
    const edge = box.x + box.width + 1;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(edge, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + 480, y, { steps: 8 });
    await this.page.mouse.up();
    await this.page.mouse.move(box.x + 800, y);
  }

  contextsTree(): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: /^Contexts/ }) }).locator('.monaco-list').first();
  }

  /** The labels of the explorer's rows, in order. */
  async rowLabels(): Promise<string[]> {
    const rows = this.contextsTree().locator('.monaco-list-row .label-name');
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /** Waits until the explorer shows exactly `names` (as a set), or fails with what it shows. */
  async waitForRows(test: (labels: string[]) => boolean, timeoutMs = 15000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let labels: string[] = [];
    while (Date.now() < deadline) {
      labels = await this.rowLabels();
      if (test(labels)) return labels;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`the explorer shows ${JSON.stringify(labels)}`);
  }

  /** Runs a command from the palette with the keyboard only. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Hovers `target` and returns the hover widget that appears. The mouse leaves first: a row that
   * re-rendered under a resting mouse gets no fresh mouseover, and so no hover.
   */
  async hoverFor(target: Locator): Promise<Locator> {
    const hover = this.page.locator('.monaco-hover.workbench-hover').first();
    // A row that refreshes while the mouse rests on it drops its hover: try again, a few times.
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(700, 500);
      await target.hover({ position: { x: 10, y: 5 } });
      try {
        await hover.waitFor({ state: 'visible', timeout: 5000 });
        return hover;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  }

  /** The quick input as it is now: title, prompt or placeholder, and the rows' labels. */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Types into the quick input box (replacing what it holds) and presses Enter. */
  async answer(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(text);
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press('Enter');
  }

  screenshot(name: string): Promise<string> {
    return this.browser.screenshot(name);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.server.stop();
    this.world.dispose();
  }
}
