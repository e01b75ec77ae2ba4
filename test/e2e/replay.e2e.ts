// Market replay in the web host, on a host of its own: the demo records what its simulators send,
// the main window replays it under a REPLAY banner with the replay clock (every window shows it),
// a paper order fills against the replayed book and lands in the replay journal, and stopping the
// replay brings the demo venues back.
import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess, type WebHostProcess } from './web-host-process';

let host: WebHostProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crossbook-e2e-replay-'));
  host = await startWebHostProcess(['--sim-rate', '500'], {
    CROSSBOOK_DATA_DIR: dataDir,
    CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-e2e-replay-${process.pid}`,
  });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function snap(page: Page, name: string): Promise<void> {
  await test.info().attach(name, { body: await page.screenshot(), contentType: 'image/png' });
}

test('demo: record, replay under the banner, a paper order fills, stop brings the venues back', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const main = await context.newPage();
  await main.setViewportSize({ width: 1280, height: 900 });
  await main.goto(host.url);
  const paxos = main.getByTestId('connections').locator('tr[data-venue="paxos"]');
  await expect(paxos).toContainText('live', { timeout: 30_000 });
  await expect(main.getByTestId('recording-switch')).toBeChecked();
  // A few seconds of the demo market on disk.
  await main.waitForTimeout(6_000);
  await main.getByTestId('replay-panel').getByRole('button', { name: 'Refresh' }).click();
  await expect(main.getByTestId('replay-recording').locator('option')).not.toHaveCount(0);
  await main.getByTestId('replay-start').click();
  const banner = main.getByTestId('replay-banner');
  await expect(banner).toContainText('REPLAY', { timeout: 20_000 });
  await expect(paxos).toContainText('replay');
  const first = await main.getByTestId('replay-clock').innerText();
  await expect(main.getByTestId('replay-clock')).not.toHaveText(first, { timeout: 5_000 });
  await snap(main, 'main under replay');

  const ticket = await context.newPage();
  await ticket.goto(`${host.origin}/?window=ticket&instrument=paxos:BTCUSD#token=${host.token}`);
  await expect(ticket.getByTestId('replay-banner')).toBeVisible({ timeout: 20_000 });
  await ticket.getByTestId('ticket-type').selectOption('market');
  await ticket.getByTestId('ticket-tif').selectOption('IOC');
  await ticket.getByTestId('ticket-buy').click();
  await ticket.getByTestId('ticket-size').fill('0.01');
  await ticket.getByTestId('ticket-send').click();
  const confirm = ticket.getByTestId('confirm-ok');
  if (await confirm.isVisible({ timeout: 1_000 }).catch(() => false)) await confirm.click();
  await expect(ticket.getByTestId('ticket-message')).toContainText('Filled', { timeout: 15_000 });
  await snap(ticket, 'paper fill');
  const journal = join(dataDir, 'journal-replay.jsonl');
  await expect
    .poll(() => existsSync(journal) && readFileSync(journal, 'utf8').includes('"k":"fill"'))
    .toBe(true);
  expect(readFileSync(join(dataDir, 'journal-demo.jsonl'), 'utf8')).not.toContain('"k":"fill"');

  await main.getByTestId('replay-pause').click();
  await expect(main.getByTestId('replay-pace')).toHaveText('paused');
  await main.getByTestId('replay-stop').click();
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
  await expect(ticket.getByTestId('replay-banner')).toHaveCount(0);
  await expect(paxos).toContainText('live', { timeout: 30_000 });
  await expect(paxos).not.toContainText('replay');
});
