// The whole trading path in the web host against the demo simulators: ladder live → arm →
// click-to-trade → order on the simulator → fill in the blotter → modify by drag → cancel-all →
// kill switch; then CSV export of a filtered blotter and workspace save/restore. Every bridge
// frame and log line is searched for secrets at the end.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const origin = () => process.env.CROSSBOOK_E2E_ORIGIN!;
const token = () => process.env.CROSSBOOK_E2E_TOKEN!;
const ROW = 16;
const HEADER = 18;

type LadderColumn = 'ownBid' | 'bid' | 'price' | 'ask' | 'ownAsk' | 'volume';

/**
 * A point in the middle of a ladder cell. Column positions come from the ladder's own layout,
 * which the canvas publishes as data-columns ("id:x:width ..."; renderer/src/ladder/layout.ts).
 */
async function rowPoint(canvas: Locator, column: LadderColumn, row: number) {
  const box = (await canvas.boundingBox())!;
  const columns = ((await canvas.getAttribute('data-columns')) ?? '').split(' ').map((c) => c.split(':'));
  const col = columns.find(([id]) => id === column);
  if (!col) throw new Error(`the ladder shows no ${column} column (${columns.join(' ')})`);
  const [, x, width] = col.map(Number);
  return { x: box.x + x! + width! / 2, y: box.y + HEADER + row * ROW + ROW / 2 };
}

async function rowsOf(canvas: Locator): Promise<number> {
  const box = (await canvas.boundingBox())!;
  return Math.floor((box.height - HEADER) / ROW);
}

function recordFrames(page: Page, into: string[]): void {
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) =>
      into.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1')),
    ),
  );
}

/** Keeps a picture of a window at a step of the path in the runner's output (test-results/). */
async function snap(page: Page, name: string): Promise<void> {
  await test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

/** For each ladder.pace request the page sent, whether the core answered it with ok. */
function paceAnswers(sent: string[], received: string[]): boolean[] {
  const ids = sent.flatMap((t) => {
    const m = JSON.parse(t) as { t: string; id: number; channel?: string };
    return m.t === 'req' && m.channel === 'ladder.pace' ? [m.id] : [];
  });
  const answers = new Map<number, boolean>();
  for (const t of received) {
    const m = JSON.parse(t) as { t: string; id?: number; ok?: boolean };
    if (m.t === 'res' && m.id !== undefined) answers.set(m.id, m.ok === true);
  }
  return ids.flatMap((id) => (answers.has(id) ? [answers.get(id)!] : []));
}

async function gridRows(grid: Locator): Promise<string[]> {
  return grid.locator('[role="row"]:has([role="gridcell"])').allInnerTexts();
}

test('demo: arm, click to trade, fill, drag to modify, cancel all, kill switch', async ({ context }) => {
  test.setTimeout(120_000);
  const frames: string[] = [];
  const main = await context.newPage();
  recordFrames(main, frames);
  await main.goto(`${origin()}/#token=${token()}`);
  const connections = main.getByTestId('connections');
  for (const venue of ['paxos', 'finery', 'alor']) {
    await expect(connections.locator(`tr[data-venue="${venue}"]`)).toContainText('live', { timeout: 30_000 });
  }

  const ladder = await context.newPage();
  recordFrames(ladder, frames);
  // This window's own bridge traffic: request ids are per connection.
  const sent: string[] = [];
  const answered: string[] = [];
  ladder.on('websocket', (ws) => {
    ws.on('framesent', (f) => sent.push(String(f.payload)));
    ws.on('framereceived', (f) => typeof f.payload === 'string' && answered.push(f.payload));
  });
  await ladder.setViewportSize({ width: 460, height: 760 });
  await ladder.goto(`${origin()}/?window=ladder&instrument=alor:SBER#token=${token()}`);
  await expect(ladder.getByTestId('ladder-instrument')).toContainText('SBER');
  await expect(ladder.getByTestId('ladder-waiting')).toHaveCount(0, { timeout: 15_000 });
  const canvas = ladder.getByTestId('ladder-canvas');
  // The ladder told the core when its animation frames come (frame pacing), and the core took it.
  await expect.poll(() => paceAnswers(sent, answered), { timeout: 10_000 }).toContain(true);

  // Disarmed: a click on the ladder must not send anything.
  await main.getByTestId('tab-orders').click();
  const working = main.getByTestId('working-orders-grid');
  // The suite shares one web host: start from no working orders, whatever ran before.
  const cancelAll = main.getByTestId('cancel-all');
  if (await cancelAll.isEnabled()) {
    await cancelAll.click();
    await main.getByTestId('confirm-ok').click();
  }
  await expect(main.getByTestId('orders-empty')).toBeVisible({ timeout: 15_000 });
  const unarmed = await rowPoint(canvas, 'bid', 1);
  await ladder.mouse.click(unarmed.x, unarmed.y);
  await expect(ladder.getByTestId('ladder-status')).toContainText(/arm/i);
  await expect(main.getByTestId('orders-empty')).toBeVisible();

  // Arm, unmistakably. The banner moves the ladder down, so geometry is taken after arming.
  await ladder.getByTestId('arm-toggle').click();
  await expect(ladder.getByTestId('armed-banner')).toBeVisible();
  await ladder.getByTestId('qty-preset-0').click();
  await ladder.waitForTimeout(300); // let the canvas settle at its new size
  const rows = await rowsOf(canvas);
  expect(rows).toBeGreaterThan(20);
  const top = await rowPoint(canvas, 'bid', 1);

  // A buy far above the market fills at once: the fill reaches the blotter.
  await ladder.mouse.click(top.x, top.y);
  await main.getByTestId('tab-fills').click();
  const blotter = main.getByTestId('blotter-grid');
  await expect.poll(async () => (await gridRows(blotter)).join('\n'), { timeout: 15_000 }).toContain('SBER');
  await snap(ladder, 'ladder-armed-after-click-to-trade');
  await snap(main, 'blotter-with-fill');

  // A buy near the bottom rests; it shows as ours on the ladder and in the working orders.
  const low = rows - 3;
  const resting = await rowPoint(canvas, 'bid', low);
  await ladder.mouse.click(resting.x, resting.y);
  await main.getByTestId('tab-orders').click();
  await expect.poll(async () => (await gridRows(working)).length, { timeout: 15_000 }).toBe(1);
  const before = (await gridRows(working))[0]!;

  // Drag our order two rows up: a modify to a higher price.
  const from = await rowPoint(canvas, 'ownBid', low);
  const to = await rowPoint(canvas, 'ownBid', low - 2);
  await ladder.mouse.move(from.x, from.y);
  await ladder.mouse.down();
  await ladder.mouse.move(to.x, (from.y + to.y) / 2, { steps: 4 });
  await ladder.mouse.move(to.x, to.y, { steps: 4 });
  await ladder.mouse.up();
  await expect.poll(async () => (await gridRows(working))[0] ?? '', { timeout: 15_000 }).not.toBe(before);
  expect(await gridRows(working)).toHaveLength(1);
  await snap(ladder, 'ladder-after-drag-to-modify');
  await snap(main, 'working-orders-after-modify');

  // Cancel all on this instrument from the ladder.
  await ladder.getByTestId('ladder-cancel-all').click();
  const confirmOnLadder = ladder.getByTestId('confirm-ok');
  if (await confirmOnLadder.isVisible().catch(() => false)) await confirmOnLadder.click();
  await expect.poll(async () => (await gridRows(working)).length, { timeout: 15_000 }).toBe(0);

  // One more resting order, then the kill switch: cancelled, reported, and disarmed.
  await ladder.mouse.click(resting.x, resting.y);
  await expect.poll(async () => (await gridRows(working)).length, { timeout: 15_000 }).toBe(1);
  await main.getByTestId('kill-switch').click();
  await main.getByTestId('confirm-ok').click();
  await expect(main.getByTestId('cancel-report')).toBeVisible({ timeout: 15_000 });
  await snap(main, 'kill-switch-report');
  await expect.poll(async () => (await gridRows(working)).length, { timeout: 15_000 }).toBe(0);
  await expect(ladder.getByTestId('armed-banner')).toHaveCount(0);
  await ladder.mouse.click(resting.x, resting.y);
  await expect.poll(async () => (await gridRows(working)).length).toBe(0);

  // CSV export of exactly the filtered view.
  await main.getByTestId('tab-fills').click();
  await main.getByTestId('blotter-filter').fill('SBER');
  const [download] = await Promise.all([
    main.waitForEvent('download'),
    main.getByTestId('export-csv').click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(csv.length).toBeGreaterThan(1);
  for (const line of csv.slice(1)) expect(line).toContain('SBER');
  expect(csv.length - 1).toBe((await gridRows(blotter)).length);

  // No secret in anything the pages received, nor in the host's log.
  const sim = JSON.parse(process.env.CROSSBOOK_E2E_SIM!) as {
    paxos: { clientSecret: string };
    finery: { secret: string };
    alor: { refreshToken: string };
  };
  const log = readFileSync(process.env.CROSSBOOK_E2E_LOG!, 'utf8');
  for (const secret of [sim.paxos.clientSecret, sim.finery.secret, sim.alor.refreshToken]) {
    expect(frames.some((f) => f.includes(secret))).toBe(false);
    expect(log.includes(secret)).toBe(false);
  }
});

test('a workspace saves the open ladders and restores them', async ({ context }) => {
  const main = await context.newPage();
  await main.goto(`${origin()}/#token=${token()}`);
  await expect(main.getByTestId('instruments')).toBeVisible();
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    main.getByTestId('open-ladder-finery:BTC-USD').click(),
  ]);
  await expect(popup.getByTestId('ladder-instrument')).toContainText('BTC-USD');
  await main.getByTestId('workspace-name').fill('e2e');
  await main.getByTestId('workspace-save').click();
  await expect(main.getByTestId('workspace-message')).toContainText('with 2 window(s)');
  await popup.close();
  await main.close();

  // Starting Crossbook again (a new main window session) reopens the last workspace's ladder,
  // or, where the browser blocks popups that no click opened, offers to with one click.
  const again = await context.newPage();
  const restored = context.waitForEvent('page', { timeout: 20_000 });
  await again.goto(`${origin()}/#token=${token()}`);
  const reopen = again.getByTestId('reopen-workspace');
  if (await reopen.isVisible({ timeout: 5_000 }).catch(() => false)) await reopen.click();
  const page = await restored;
  await expect(page.getByTestId('ladder-instrument')).toContainText('BTC-USD');
});
