// Ladder pages for the UI benchmark: one browser context (window) per ladder, each loading the
// web host's ladder window with perf=1 (renderer/src/ladder/perf.ts) and waiting for its canvas.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { WebHostProcess } from '../../e2e/web-host-process';
import type { PerfSamples } from '../../../shared/ladder-perf';

export interface OpenLadders {
  pages: Page[];
  /** Page errors and console errors, prefixed with the instrument. */
  errors: string[];
}

export async function openLadders(
  browser: Browser,
  host: WebHostProcess,
  ids: string[],
): Promise<OpenLadders> {
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const errors: string[] = [];
  const close = async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
  };
  try {
    for (const id of ids) {
      // One context (window) per ladder, as the desktop app opens one window each. Observed with
      // Debian's Chromium headless: ladder pages sharing one context all report visible and
      // focused, yet only the newest gets requestAnimationFrame at 60 Hz; the others ~1 Hz.
      const context = await browser.newContext({ viewport: { width: 420, height: 820 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${id}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`${id}: ${m.text()}`));
      const query = new URLSearchParams({ window: 'ladder', instrument: id, perf: '1' });
      await page.goto(`${host.origin}/?${query.toString()}#token=${encodeURIComponent(host.token)}`);
      pages.push(page);
    }
    for (const [i, page] of pages.entries()) {
      await page
        .waitForFunction(() => '__crossbookPerf' in globalThis, undefined, { timeout: 30_000 })
        .catch(() => {
          throw new Error(
            `ladder ${ids[i]} never mounted its canvas; page errors: ${errors.join('; ') || 'none'}`,
          );
        });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { pages, errors };
}

/** The samples a ladder page collected since the last take. */
export async function take(page: Page): Promise<PerfSamples> {
  return page.evaluate(() =>
    (globalThis as unknown as { __crossbookPerf: { take(): PerfSamples } }).__crossbookPerf.take(),
  );
}
