// The window shapes the UI benchmark measures, and their pages: `windows` opens each ladder as a
// window of its own, `boards` tiles the same ladders four to a board window. Each window is its
// own browser context, as the desktop app opens one window each. Observed with Debian's Chromium
// headless: pages sharing one context all report visible and focused, yet only the newest gets
// requestAnimationFrame at 60 Hz; the others ~1 Hz.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { WebHostProcess } from '../../e2e/web-host-process';
import type { PerfSamples } from '../../../shared/ladder-perf';
import { boardGrid } from '../../../renderer/src/workspace/board-grid';
import type { CanvasGeometry } from './floor';

export type ShapeName = 'windows' | 'boards';

export interface ShapePlan {
  shape: ShapeName;
  /** Per window, the instruments of its ladders (one for a ladder window, several for a board). */
  windows: string[][];
}

export const LADDER_VIEWPORT = { width: 420, height: 820 };
export const BOARD_SIZE = 4;
/** The ladder canvas's row height (LadderCanvas.vue's default). */
const ROW_HEIGHT = 16;

/** The shapes for a list of ladders: each its own window, then boards of BOARD_SIZE. */
export function planShapes(ids: readonly string[]): ShapePlan[] {
  const boards: string[][] = [];
  for (let i = 0; i < ids.length; i += BOARD_SIZE) boards.push(ids.slice(i, i + BOARD_SIZE));
  return [
    { shape: 'windows', windows: ids.map((id) => [id]) },
    { shape: 'boards', windows: boards },
  ];
}

/** A window's viewport: a ladder window's size, or that size per tile of a board's grid. */
export function viewportFor(ladders: number): { width: number; height: number } {
  if (ladders <= 1) return { ...LADDER_VIEWPORT };
  const g = boardGrid(ladders);
  return { width: LADDER_VIEWPORT.width * g.columns, height: LADDER_VIEWPORT.height * g.rows };
}

/** The page of one window of a shape, with the performance probe on (perf=1). */
export function shapeWindowUrl(origin: string, token: string, ladders: readonly string[]): string {
  const query =
    ladders.length === 1
      ? new URLSearchParams({ window: 'ladder', instrument: ladders[0]!, perf: '1' })
      : new URLSearchParams({ window: 'board', instruments: ladders.join(','), perf: '1' });
  return `${origin}/?${query.toString()}#token=${encodeURIComponent(token)}`;
}

export interface OpenShape {
  pages: Page[];
  /** Page errors and console errors, prefixed with the window's ladders. */
  errors: string[];
  close(): Promise<void>;
}

/** Opens one context per window of the plan and waits until every page has its probe. */
export async function openShape(browser: Browser, host: WebHostProcess, plan: ShapePlan): Promise<OpenShape> {
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];
  const errors: string[] = [];
  const close = async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
  };
  try {
    for (const ladders of plan.windows) {
      const name = ladders.join('+');
      const context = await browser.newContext({ viewport: viewportFor(ladders.length) });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`${name}: ${m.text()}`));
      await page.goto(shapeWindowUrl(host.origin, host.token, ladders));
      pages.push(page);
    }
    for (const [i, page] of pages.entries()) {
      await page
        .waitForFunction(() => '__crossbookPerf' in globalThis, undefined, { timeout: 30_000 })
        .catch(() => {
          throw new Error(
            `${plan.windows[i]!.join('+')} never mounted a ladder canvas; page errors: ${errors.join('; ') || 'none'}`,
          );
        });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { pages, errors, close };
}

/** The samples a page's ladders collected since the last take. */
export async function take(page: Page): Promise<PerfSamples> {
  return page.evaluate(() =>
    (globalThis as unknown as { __crossbookPerf: { take(): PerfSamples } }).__crossbookPerf.take(),
  );
}

/** What canvasGeometry reads of the page's DOM (this file is typed for Node, not the browser). */
interface PageDocument {
  querySelectorAll(selector: string): Iterable<{
    getBoundingClientRect(): { width: number; height: number };
    getAttribute(name: string): string | null;
  }>;
}

/** Size and text cells of each ladder canvas on a page, as painted now. */
export async function canvasGeometry(page: Page): Promise<CanvasGeometry[]> {
  return page.evaluate(
    (rowHeight) =>
      [
        ...(globalThis as unknown as { document: PageDocument }).document.querySelectorAll(
          '[data-testid="ladder-canvas"]',
        ),
      ].map((el) => {
        const r = el.getBoundingClientRect();
        const columns = (el.getAttribute('data-columns') ?? '').split(' ').filter(Boolean).length;
        return {
          width: Math.round(r.width),
          height: Math.round(r.height),
          rows: Math.floor(r.height / rowHeight),
          columns,
        };
      }),
    ROW_HEIGHT,
  );
}
