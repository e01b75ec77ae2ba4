// The ladder board in the web host against the demo simulators: three ladders on one board, one
// popped out to its own window and brought back, then the board comes back from its workspace
// after a reload with its tiles and without a duplicate window. A second path keeps pictures of a
// board of four ladders at its default size.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

const origin = () => process.env.CROSSBOOK_E2E_ORIGIN!;
const token = () => process.env.CROSSBOOK_E2E_TOKEN!;

async function snap(page: Page, name: string): Promise<void> {
  await test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

async function openMain(context: BrowserContext): Promise<Page> {
  const main = await context.newPage();
  await main.setViewportSize({ width: 1280, height: 800 });
  await main.goto(`${origin()}/#token=${token()}`);
  return main;
}

async function openBoard(context: BrowserContext, main: Page): Promise<Page> {
  const [board] = await Promise.all([context.waitForEvent('page'), main.getByTestId('open-board').click()]);
  await expect(board.getByTestId('board-window')).toBeVisible({ timeout: 15_000 });
  return board;
}

async function addTile(board: Page, instrument: string): Promise<void> {
  await board.getByTestId('board-pick').selectOption(instrument);
  await board.getByTestId('board-add').click();
}

const tileInstruments = (board: Page) =>
  board.getByTestId('board-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-instrument')));

const openPages = (context: BrowserContext, kind: string) =>
  context.pages().filter((p) => !p.isClosed() && new URL(p.url()).searchParams.get('window') === kind);

/** Every tile shows a painted ladder (its canvas published its columns). */
async function expectPainted(board: Page, count: number): Promise<void> {
  const canvases = board.getByTestId('board-tile').getByTestId('ladder-canvas');
  await expect(canvases).toHaveCount(count);
  for (let i = 0; i < count; i++)
    await expect(canvases.nth(i)).toHaveAttribute('data-columns', /price/, { timeout: 20_000 });
}

test('a board tile pops out and back, and the board comes back from its workspace', async ({ context }) => {
  const main = await openMain(context);
  const board = await openBoard(context, main);
  const ids = ['paxos:BTCUSD', 'finery:BTC-USD', 'alor:SBER'];
  for (const id of ids) await addTile(board, id);
  expect(await tileInstruments(board)).toEqual(ids);
  await expectPainted(board, 3);
  await snap(board, 'board of three');

  // Pop the Finery ladder out: it leaves the board and opens as its own window of the board.
  const finery = board.locator('[data-testid="board-tile"][data-instrument="finery:BTC-USD"]');
  const [ladder] = await Promise.all([
    context.waitForEvent('page'),
    finery.getByTestId('board-pop-out').click(),
  ]);
  await expect(ladder.getByTestId('ladder-instrument')).toContainText('BTC', { timeout: 15_000 });
  expect(new URL(ladder.url()).searchParams.get('instrument')).toBe('finery:BTC-USD');
  expect(await tileInstruments(board)).toEqual(['paxos:BTCUSD', 'alor:SBER']);
  await snap(ladder, 'popped out');
  await ladder.screenshot({ path: test.info().outputPath('popped-out.png') });

  // Back into the board: the window closes and the tile is there again.
  await Promise.all([ladder.waitForEvent('close'), ladder.getByTestId('ladder-back-to-board').click()]);
  await expect.poll(() => tileInstruments(board)).toEqual(['paxos:BTCUSD', 'alor:SBER', 'finery:BTC-USD']);
  await expectPainted(board, 3);

  // Saved as a workspace, the board closed, the main window reloaded: the board comes back.
  await main.waitForTimeout(1_000);
  await main.getByTestId('workspace-name').fill('board');
  await main.getByTestId('workspace-save').click();
  await expect(main.getByTestId('workspace-message')).toContainText('with 2 window(s)');
  await board.close();
  await main.reload();
  await expect.poll(() => openPages(context, 'board').length, { timeout: 20_000 }).toBe(1);
  const restored = openPages(context, 'board')[0]!;
  await expect
    .poll(() => tileInstruments(restored), { timeout: 15_000 })
    .toEqual(['paxos:BTCUSD', 'alor:SBER', 'finery:BTC-USD']);
  await expectPainted(restored, 3);
  // Give a duplicate time to appear, then check none did.
  await main.waitForTimeout(3_000);
  expect(openPages(context, 'board')).toHaveLength(1);
  expect(openPages(context, 'ladder')).toHaveLength(0);
  await snap(restored, 'board restored');
});

test('a board of four ladders at its default size', async ({ context }) => {
  const main = await openMain(context);
  const board = await openBoard(context, main);
  await board.setViewportSize({ width: 1600, height: 860 });
  for (const id of ['paxos:BTCUSD', 'finery:BTC-USD', 'BTC-USD', 'alor:SBER']) await addTile(board, id);
  await expectPainted(board, 4);
  await board.waitForTimeout(1_500);
  await snap(board, 'board of four');
  await board.screenshot({ path: test.info().outputPath('board-of-four.png') });
  // The keyboard acts on the focused tile only: Escape or a hotkey never reaches the others.
  await board
    .getByTestId('board-tile')
    .nth(2)
    .getByTestId('ladder-canvas')
    .click({ position: { x: 5, y: 5 } });
  await expect(board.getByTestId('board-tile').nth(2)).toHaveClass(/active/);
  await expect(board.getByTestId('board-tile').nth(0)).not.toHaveClass(/active/);
});
