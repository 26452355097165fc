import { mkdirSync } from 'fs';
import * as path from 'path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { CHROMIUM, ensureDebianPackages } from '../../support/debianPackages';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', '..', '..', '.test-artifacts', 'screenshots');

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Saves a PNG of the page under .test-artifacts/screenshots and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Runs in the page (which has a DOM, unlike this file's compiler settings): waits for every animation that ends. */
const SETTLE_ANIMATIONS = `Promise.all(document.getAnimations()
  .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  .map((a) => a.finished.catch(() => undefined)))`;

/** Debian's Chromium, headless, with a profile of its own in `dir`. */
export async function launchBrowser(dir: string): Promise<Browser> {
  ensureDebianPackages([CHROMIUM]);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 640 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    screenshot: async (name) => {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      // Let fades and slides end (a quick pick fades in), so the picture shows what a person sees.
      await page.evaluate(SETTLE_ANIMATIONS).catch(() => undefined);
      await page.screenshot({ path: file });
      return file;
    },
    close: () => context.close(),
  };
}
