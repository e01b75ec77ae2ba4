// Safe by default (issue 14) in the web host against the demo simulators, on a fresh profile: the
// shipped limits refuse a fat finger where it was typed, an absurd size is refused with its field
// and bound while the market stays tradable, the kill switch from a ladder cancels everything and
// blocks new orders until a deliberate re-arm, and the risk limits are visible and editable.
// Every view is also saved to /tmp/shots-safety/ for a person to look at.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const origin = () => process.env.CROSSBOOK_E2E_ORIGIN!;
const token = () => process.env.CROSSBOOK_E2E_TOKEN!;
const SHOTS = '/tmp/shots-safety';
const RED = 'rgb(229, 83, 75)'; // --ask in renderer/src/common/theme.css

async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const body = await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await test.info().attach(name, { body, contentType: 'image/png' });
}

async function open(context: BrowserContext, query: string, size = { width: 900, height: 700 }) {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${origin()}/${query}#token=${token()}`);
  return page;
}

async function mainWindow(context: BrowserContext): Promise<Page> {
  const main = await open(context, '', { width: 1200, height: 760 });
  const connections = main.getByTestId('connections');
  for (const venue of ['paxos', 'finery', 'alor'])
    await expect(connections.locator(`tr[data-venue="${venue}"]`)).toContainText('live', { timeout: 30_000 });
  return main;
}

/** Fills the ticket and sends; answers the status line once it says something. */
async function send(ticket: Page, size: string, price: string) {
  await ticket.getByTestId('ticket-size').fill(size);
  await ticket.getByTestId('ticket-price').fill(price);
  await ticket.getByTestId('ticket-send').click();
  const line = ticket.getByTestId('ticket-message');
  await expect(line).toBeVisible({ timeout: 15_000 });
  return line;
}

/**
 * The Paxos BTCUSD mid, as the core's price band reads it: an order at an absurd price is refused
 * with the mid in the reason.
 */
async function paxosMid(ticket: Page): Promise<number> {
  const line = await send(ticket, '0.001', '99999999');
  const text = (await line.textContent()) ?? '';
  const mid = /away from the mid ([\d.]+)/.exec(text)?.[1];
  expect(mid, text).toBeDefined();
  return Number(mid);
}

/** A price on Paxos BTCUSD's 0.25 tick, `ticks` below the given price. */
const onTick = (p: number, ticksBelow = 0) => (Math.floor(p * 4) / 4 - ticksBelow * 0.25).toFixed(2);

test('the shipped band refuses ten times the market in the ticket, in red', async ({ context }) => {
  test.setTimeout(90_000);
  await mainWindow(context);
  const ticket = await open(context, '?window=ticket&instrument=paxos:BTCUSD');
  const mid = await paxosMid(ticket);

  const line = await send(ticket, '0.001', onTick(mid * 10));
  await expect(line).toContainText(/Refused — Price [\d.]+ is more than 10% away from the mid/);
  await expect(line).toHaveCSS('color', RED);
  await snap(ticket, 'ticket-band-refusal');
});

test('an oversized size is refused naming the field and bound; the market stays tradable', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const main = await mainWindow(context);
  const ticket = await open(context, '?window=ticket&instrument=paxos:BTCUSD');
  const mid = await paxosMid(ticket);

  await ticket.getByTestId('ticket-size').fill('90071992.54740992');
  await ticket.getByTestId('ticket-price').fill(onTick(mid, 40));
  await expect(ticket.getByTestId('ticket-size-error')).toHaveText(
    'Quantity is too large: at most 90071992.54740991',
  );
  await expect(ticket.getByTestId('ticket-send')).toBeDisabled();
  await snap(ticket, 'ticket-oversized-size');

  // A normal order right after: it rests, and working orders shows it.
  const line = await send(ticket, '0.001', onTick(mid, 40));
  await expect(line).toContainText(/Working at Paxos: buy 0.001 BTCUSD/, { timeout: 15_000 });
  await main.getByTestId('tab-orders').click();
  await expect(main.getByTestId('working-orders-grid')).toContainText('BTCUSD', { timeout: 15_000 });
});

test('the kill switch from a ladder cancels working orders; a confirmed re-arm clears the alert', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const main = await mainWindow(context);
  const ticket = await open(context, '?window=ticket&instrument=paxos:BTCUSD');
  const mid = await paxosMid(ticket);
  await expect(await send(ticket, '0.001', onTick(mid, 60))).toContainText(/Working at Paxos/, {
    timeout: 15_000,
  });
  await main.getByTestId('tab-orders').click();
  const grid = main.getByTestId('working-orders-grid');
  await expect(grid).toContainText('BTCUSD', { timeout: 15_000 });

  const ladder = await open(context, '?window=ladder&instrument=paxos:BTCUSD', { width: 460, height: 760 });
  await expect(ladder.getByTestId('ladder-waiting')).toHaveCount(0, { timeout: 15_000 });
  await ladder.getByTestId('ladder-canvas').click({ position: { x: 5, y: 5 } });
  await ladder.keyboard.press('Control+Shift+K');
  const dialog = ladder.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('Cancels every working order on every venue.');
  await expect(dialog).toContainText('Refuses every new order, from any window, until you re-arm.');
  await snap(ladder, 'ladder-kill-confirm');
  await ladder.getByTestId('confirm-ok').click();

  // The count arrives with risk.kill's answer, after every venue answered its cancels.
  await expect(ladder.getByTestId('kill-alert')).toContainText(/KILL SWITCH PULLED.*cancelled/, {
    timeout: 20_000,
  });
  await expect(main.getByTestId('kill-alert')).toBeVisible({ timeout: 10_000 });
  await expect(ticket.getByTestId('kill-alert')).toBeVisible({ timeout: 10_000 });
  await expect(main.getByTestId('orders-empty')).toBeVisible({ timeout: 15_000 });
  await snap(ladder, 'ladder-killed');
  await snap(main, 'main-killed');

  // Killed: a new order is refused where it is entered.
  const refused = await send(ticket, '0.001', onTick(mid, 60));
  await expect(refused).toHaveCSS('color', RED);
  await snap(ticket, 'ticket-killed-refusal');

  // Re-arming is a deliberate step: cancelling it changes nothing.
  await ladder.getByTestId('kill-rearm').click();
  await expect(ladder.getByTestId('confirm-dialog')).toContainText('New orders are accepted again');
  await ladder.getByTestId('confirm-cancel').click();
  await expect(ladder.getByTestId('kill-alert')).toBeVisible();
  await ladder.getByTestId('kill-rearm').click();
  await ladder.getByTestId('confirm-ok').click();
  for (const page of [ladder, main, ticket])
    await expect(page.getByTestId('kill-alert')).toHaveCount(0, { timeout: 10_000 });
  // One-click trading did not come back with it.
  await expect(ladder.getByTestId('armed-banner')).toHaveCount(0);
  await expect(await send(ticket, '0.001', onTick(mid, 60))).toContainText(/Working at Paxos/, {
    timeout: 15_000,
  });
  await snap(main, 'main-rearmed');
  // The suite shares one web host: leave no working order behind for the tests that follow.
  await main.getByTestId('cancel-all').click();
  await main.getByTestId('confirm-ok').click();
  await expect(main.getByTestId('orders-empty')).toBeVisible({ timeout: 15_000 });
});

test('risk limits are shown with the shipped ones in force and validated before saving', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const main = await mainWindow(context);
  const [settings] = await Promise.all([
    context.waitForEvent('page'),
    main.getByTestId('open-risk-limits').click(),
  ]);
  await settings.setViewportSize({ width: 1000, height: 760 });
  await expect(settings.getByTestId('risk-limits')).toBeVisible();
  await settings.getByTestId('risk-instrument-select').selectOption('paxos:BTCUSD');
  await expect(settings.getByTestId('instrument-bandPercent-in-force')).toHaveText('in force: ±10 %');
  await expect(settings.getByTestId('instrument-maxNotional-in-force')).toHaveText('in force: 1000000');
  await snap(settings, 'settings-risk-limits');

  await settings.getByTestId('instrument-maxNotional').fill('5000');
  await settings.getByTestId('instrument-softMaxNotional').fill('6000');
  await expect(settings.getByTestId('instrument-softMaxNotional-error')).toContainText(
    'must not be above the hard order value limit (5000)',
  );
  await expect(settings.getByTestId('instrument-save')).toBeDisabled();
  await snap(settings, 'settings-risk-soft-above-hard');

  await settings.getByTestId('instrument-softMaxNotional').fill('4000');
  await settings.getByTestId('instrument-save').click();
  await expect(settings.getByTestId('instrument-maxNotional-in-force')).toHaveText('in force: 5000');
  await settings.getByTestId('instrument-reset').click();
  await expect(settings.getByTestId('instrument-maxNotional-in-force')).toHaveText('in force: 1000000');
  await expect(settings.getByTestId('instrument-message')).toContainText('Reset');
});

test('a routed order shows its parent and every child in the ticket and in working orders', async ({
  context,
}) => {
  test.setTimeout(90_000);
  const main = await mainWindow(context);
  const ticket = await open(context, '?window=ticket&instrument=paxos:BTCUSD');
  const mid = await paxosMid(ticket);
  await ticket.getByTestId('ticket-instrument').selectOption('BTC-USD');
  await expect(ticket.getByTestId('ticket-route')).toHaveValue('sor');
  // A whole number half a percent above the mid: on every venue's tick, inside the band, and marketable.
  await send(ticket, '0.002', Math.ceil(mid * 1.005).toFixed(0));
  await expect(ticket.getByTestId('ticket-message')).toContainText(/Routed \d child order\(s\)/, {
    timeout: 15_000,
  });
  await expect(ticket.getByTestId('ticket-routed').getByTestId('parent-leg').first()).toBeVisible();
  await snap(ticket, 'ticket-routed-order');
  // A marketable routed order may be done at once: finished parents are in the order history.
  await main.getByTestId('tab-history').click();
  await expect(main.getByTestId('routed-orders')).toBeVisible({ timeout: 15_000 });
  await main.getByTestId('routed-row').first().locator('summary').click();
  await snap(main, 'working-orders-routed');
});
