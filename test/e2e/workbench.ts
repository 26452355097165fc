import { execFileSync } from 'child_process';
import { mkdirSync } from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';
import { Browser, launchBrowser } from '../host/harness/browser';
import { CodeServer, startCodeServer } from '../host/harness/codeServer';
import { TempWorld, createTempWorld } from '../support/tempWorld';
import { waitUntil } from '../support/waitUntil';

export const STATUS_ITEM = '[id="docker-remote-contexts.docker-remote-contexts.dockerContexts.current"]';
const ACTIVITY_ICON = '.activitybar [aria-label^="Docker Contexts"]';

/** The quick input as the page shows it. */
export interface QuickInputState {
  readonly visible: boolean;
  /** The title with its step counter, e.g. "Create SSH Context (2/5)". */
  readonly title: string;
  /** The prompt of an input box, or its validation message. */
  readonly message: string;
  readonly placeholder: string;
  readonly value: string;
  /** Whether it is a pick list (rows shown) rather than an input box. */
  readonly list: boolean;
  readonly rows: string[];
  readonly focusedRow: string;
  /** Whether its progress bar runs (the extension is validating or working). */
  readonly busy: boolean;
  /** Whether a modal dialog covers it (a question the step asks, such as a host key). */
  readonly dialog: boolean;
}

/** Runs in the page (this file compiles without the DOM's types): reads the quick input at once. */
const READ_QUICK_INPUT = `(() => {
  const widget = document.querySelector('.quick-input-widget');
  const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const text = (sel) => { const el = widget && widget.querySelector(sel); return shown(el) ? el.textContent.trim() : ''; };
  const input = widget && widget.querySelector('.quick-input-box input');
  const list = widget && widget.querySelector('.quick-input-list');
  const rows = shown(list) ? [...list.querySelectorAll('.monaco-list-row')].map((r) => r.textContent.trim()) : [];
  const focused = shown(list) && list.querySelector('.monaco-list-row.focused');
  const progress = widget && widget.querySelector('.quick-input-progress .progress-bit');
  return {
    visible: shown(widget),
    title: text('.quick-input-title'),
    message: text('.quick-input-message'),
    placeholder: input ? input.getAttribute('placeholder') || '' : '',
    value: input ? input.value : '',
    list: shown(list) && rows.length > 0,
    rows,
    focusedRow: focused ? focused.textContent.trim() : '',
    busy: shown(progress),
    dialog: shown(document.querySelector('.monaco-dialog-box')),
  };
})()`;

/** Runs in the page: whether the keyboard focus is inside the Contexts tree. */
const TREE_HAS_FOCUS = `[...document.querySelectorAll('.pane')].some((pane) => {
  const header = pane.querySelector('.pane-header');
  const list = pane.querySelector('.monaco-list');
  return header && /^Contexts/.test(header.textContent.trim()) && list && list.contains(document.activeElement);
})`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Workbenches whose `close` has not run yet, opened or half-opened: the root hook closes them whatever failed. */
const unclosed = new Set<() => Promise<void>>();

/** Closes every workbench not closed yet (a `before` that timed out leaves its code-server and browser otherwise). */
export async function closeAllWorkbenches(): Promise<void> {
  for (const close of [...unclosed]) await close();
}

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
    private readonly closeAll: () => Promise<void>,
  ) {}

  get page(): Page {
    return this.browser.page;
  }

  /**
   * A workbench with the extension loaded from source, or installed from `options.vsix`. What it
   * starts is closed by `close()`, by `closeAllWorkbenches()` even while it is still opening,
   * and when the process exits.
   */
  static async open(prepare?: (world: TempWorld) => Promise<void> | void, options: { vsix?: string; settings?: Record<string, unknown> } = {}): Promise<Workbench> {
    const world = createTempWorld('drc-e2e-');
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let closed = false;
    // Stops what exists when it runs; called again for whatever an unfinished open starts later.
    const close = async () => {
      closed = true;
      unclosed.delete(close);
      const [b, s] = [browser, server];
      browser = server = undefined;
      await b?.close().catch(() => undefined);
      s?.stop();
      world.dispose();
    };
    unclosed.add(close);
    const stillWanted = async () => {
      if (closed) {
        await close();
        throw new Error('The workbench was closed while it opened.');
      }
    };
    try {
      await prepare?.(world);
      await stillWanted();
      server = await startCodeServer(world, {}, options);
      await stillWanted();
      browser = await launchBrowser(path.join(world.root, 'chromium'));
      await stillWanted();
      const workspace = path.join(world.root, 'workspace');
      mkdirSync(workspace, { recursive: true });
      const wb = new Workbench(world, server, browser, workspace, close);
      await browser.page.goto(server.workbenchUrl(workspace, undefined, options.vsix ? null : undefined));
      await browser.page.waitForSelector('.monaco-workbench', { timeout: 90000 });
      // The extension activates when its view opens (no activation events of its own).
      await browser.page.locator(ACTIVITY_ICON).first().waitFor({ timeout: 90000 });
      await stillWanted();
      return wb;
    } catch (e) {
      await close();
      throw e;
    }
  }

  /** The real docker CLI in this world. */
  docker(...args: string[]): string {
    return execFileSync('docker', args, { env: this.world.processEnv, encoding: 'utf8' }).trim();
  }

  /**
   * Opens the Docker Contexts view with its Focus command from the palette, which shows it whatever
   * the side bar shows now (a click on the activity bar icon toggles: it closes a view that is
   * already opening).
   */
  async openExplorer(): Promise<Locator> {
    const view = this.contextsTree();
    await this.runCommand('Docker Contexts: Focus on Contexts View');
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

  /** Waits until the explorer's row labels pass `test`, or fails with what it shows. */
  waitForRows(test: (labels: string[]) => boolean, timeoutMs = 15000): Promise<string[]> {
    return waitUntil(
      'the explorer rows',
      async () => {
        const labels = await this.rowLabels();
        return test(labels) ? labels : undefined;
      },
      { timeoutMs, describe: async () => JSON.stringify(await this.rowLabels()) },
    );
  }

  /** The explorer row whose label is `name`. */
  row(name: string): Locator {
    return this.contextsTree().locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }) }).first();
  }

  /** Runs a command from the palette with the keyboard only, once the palette has picked exactly it. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.waitForQuickInput('the Command Palette', (s) => s.list && s.value.startsWith('>'));
    await this.typeAndAccept(`>${title}`, (s) => s.focusedRow.includes(title));
  }

  /**
   * Opens the hover of the row labelled `name` with the keyboard only, as a keyboard user does
   * (focus the tree, move to the row, Ctrl+K Ctrl+I), so the mouse plays no part, and returns the
   * hover's text, read in the same instant the hover shows `expect`.
   */
  async hoverText(name: string, expect: RegExp): Promise<string> {
    await this.focusRow(name);
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const handle = await this.page.waitForFunction(
      `(() => {
        const hover = [...document.querySelectorAll('.monaco-hover.workbench-hover')].find((h) => h.getClientRects().length > 0);
        const text = hover ? hover.innerText.replace(/\\s+/g, ' ') : '';
        return new RegExp(${JSON.stringify(expect.source)}).test(text) ? text : undefined;
      })()`,
      undefined,
      { timeout: 15000, polling: 'raf' },
    );
    return (await handle.jsonValue()) as string;
  }

  /** Moves the keyboard focus to the row labelled `name`: the tree first (from the palette), then Home and Down until it is there. */
  async focusRow(name: string): Promise<void> {
    await this.runCommand('Docker Contexts: Focus on Contexts View');
    const focused = () => this.contextsTree().locator('.monaco-list-row.focused .label-name').first().innerText().then((t) => t.trim(), () => '');
    await waitUntil('the tree to take the focus', () => this.page.evaluate<boolean>(TREE_HAS_FOCUS), { timeoutMs: 10000 });
    await this.page.keyboard.press('Home');
    await waitUntil('the first row to take the focus', async () => (await focused()) !== '', { timeoutMs: 5000 });
    const labels = await this.rowLabels();
    if (!labels.includes(name)) throw new Error(`no row "${name}" in ${JSON.stringify(labels)}`);
    for (let i = 0; i < labels.length && (await focused()) !== name; i++) {
      const before = await focused();
      await this.page.keyboard.press('ArrowDown');
      await waitUntil('the focus to move down a row', async () => (await focused()) !== before, { timeoutMs: 5000 });
    }
    await waitUntil(`the focus on "${name}"`, async () => (await focused()) === name, { timeoutMs: 5000, describe: focused });
  }

  /** The quick input as it is now: title, prompt or placeholder, and the rows' labels. */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** What the quick input shows right now, read in one go from the page. */
  quickInputState(): Promise<QuickInputState> {
    return this.page.evaluate<QuickInputState>(READ_QUICK_INPUT);
  }

  /** Waits until the quick input shows a step that `matches`; fails with what it shows instead. */
  waitForQuickInput(what: string, matches: (s: QuickInputState) => boolean, timeoutMs = 30000): Promise<QuickInputState> {
    return waitUntil(
      what,
      async () => {
        const s = await this.quickInputState();
        return s.visible && !s.busy && matches(s) ? s : undefined;
      },
      { timeoutMs, describe: async () => JSON.stringify(await this.quickInputState()) },
    );
  }

  /**
   * Waits for an input box (not a pick list) whose title, prompt or placeholder matches
   * `expect`, then types `text` into it and presses Enter.
   */
  async answerInput(expect: RegExp, text: string, shot?: string): Promise<void> {
    await this.waitForQuickInput(`an input box asking ${expect}`, (s) => !s.list && (expect.test(s.title) || expect.test(s.message) || expect.test(s.placeholder)));
    if (shot) await this.screenshot(shot);
    await this.typeAndAccept(text);
  }

  /** Waits for a pick list whose placeholder holds `placeholder` and a row holding `label`, then picks that row by typing it. */
  async answerPick(placeholder: string, label: string, shot?: string): Promise<void> {
    await this.waitForQuickInput(`a list "${placeholder}" with "${label}"`, (s) => s.list && s.placeholder.includes(placeholder) && s.rows.some((r) => r.includes(label)));
    if (shot) await this.screenshot(shot);
    await this.typeAndAccept(label, (s) => s.focusedRow.includes(label));
  }

  /**
   * Types `text` into the quick input (replacing what it holds), checks that it arrived (and,
   * for a list, that the right row is focused) before pressing Enter, then waits until the
   * quick input has moved past this step: hidden, showing another title, prompt or kind, or
   * covered by a dialog that the next step opened before the quick input showed it.
   */
  private async typeAndAccept(text: string, ready: (s: QuickInputState) => boolean = () => true): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const before = await this.quickInputState();
    await input.fill(text);
    await this.waitForQuickInput(`"${text}" typed in "${before.title || before.placeholder}"`, (s) => s.value === text && ready(s), 10000);
    await this.page.keyboard.press('Enter');
    await waitUntil(
      `the quick input to move past "${before.title || before.placeholder}" after Enter`,
      async () => {
        const s = await this.quickInputState();
        return !s.visible || s.dialog || s.title !== before.title || s.message !== before.message || s.placeholder !== before.placeholder || s.list !== before.list;
      },
      { timeoutMs: 30000, describe: async () => JSON.stringify(await this.quickInputState()) },
    );
  }

  screenshot(name: string): Promise<string> {
    return this.browser.screenshot(name);
  }

  /** Closes the browser, stops code-server and removes the world. */
  close(): Promise<void> {
    return this.closeAll();
  }
}
