// Honest market state, end to end in the web host (issue 14, item 6): a consolidated BTC-USD
// ladder shows both venues while they are live; once one venue's simulator is stopped, the ladder
// says "DOWN since …" and leaves it out, and the app-wide status counts it. Switched to the
// production profile without credentials, no venue's book is left. When the host goes away, the
// window says "disconnected" at once. Its own host, so stopping a simulator touches no other test.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { startWebHostProcess, type WebHostProcess } from './web-host-process';

const SHOTS = process.env.CROSSBOOK_SHOTS_DIR ?? '/tmp/shots-stale';
/** The adapters see a stopped simulator's sockets close; allow their reconnect attempt and a frame. */
const STALENESS_WINDOW_MS = 10_000;

let host: WebHostProcess;
let dataDir: string;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'crossbook-e2e-feed-'));
  host = await startWebHostProcess(['--sim-rate', '300'], {
    CROSSBOOK_DATA_DIR: dataDir,
    CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-e2e-feed-${process.pid}`,
  });
});

test.afterAll(async () => {
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One request over the bridge, as a window sends it. */
function request(
  channel: string,
  payload: unknown,
): Promise<{ ok: boolean; result?: unknown; error?: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/bridge?token=${host.token}`, {
      headers: { Origin: host.origin },
    });
    ws.on('open', () => ws.send(JSON.stringify({ t: 'req', id: 1, channel, payload })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        t: string;
        id?: number;
        ok: boolean;
        result?: unknown;
        error?: unknown;
      };
      if (m.t !== 'res' || m.id !== 1) return;
      ws.close();
      resolve(m);
    });
    ws.on('error', reject);
  });
}

async function shot(page: Page, name: string): Promise<void> {
  const body = await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await test.info().attach(name, { body, contentType: 'image/png' });
}

test('a stopped venue shows DOWN on the consolidated ladder and is left out; the host going away shows disconnected', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const main = await context.newPage();
  await main.goto(host.url);
  const connections = main.getByTestId('connections');
  for (const venue of ['paxos', 'finery']) {
    await expect(connections.locator(`tr[data-venue="${venue}"]`)).toContainText('live', { timeout: 30_000 });
  }

  const ladder = await context.newPage();
  await ladder.setViewportSize({ width: 520, height: 700 });
  await ladder.goto(`${host.origin}/?window=ladder&instrument=BTC-USD#token=${host.token}`);
  await expect(ladder.getByTestId('ladder-instrument')).toContainText('consolidated');
  await expect(ladder.getByTestId('ladder-waiting')).toHaveCount(0, { timeout: 15_000 });
  await expect(ladder.getByTestId('feed-state')).toHaveCount(0);
  await expect(ladder.getByTestId('core-link')).toHaveText('core live', { timeout: 15_000 });
  await shot(ladder, '1-consolidated-live');

  // The hook is the demo's own: stop Finery's simulator.
  expect(await request('demo.stopSimulator', { venue: 'finery' })).toMatchObject({
    ok: true,
    result: { stopped: 'finery' },
  });
  const finery = ladder.getByTestId('feed-state-finery');
  await expect(finery).toContainText(/Finery Markets DOWN since \d\d:\d\d:\d\d/, {
    timeout: STALENESS_WINDOW_MS,
  });
  await expect(finery).toContainText('left out of this consolidated book');
  await expect(ladder.getByTestId('feed-state-paxos')).toHaveCount(0);
  await expect(ladder.getByTestId('core-link')).toHaveText('core live · 1 venue down');
  await expect(main.getByTestId('core-link')).toHaveText('core live · 1 venue down');
  await shot(ladder, '2-finery-stopped-down');
  await shot(main, '2-main-window-finery-down');

  // The first case: the production profile without credentials has no live venue, and
  // no book of the demo profile may survive the switch.
  expect(await request('session.switchProfile', { profile: 'production' })).toMatchObject({ ok: true });
  await expect(main.getByTestId('core-link')).toHaveText(/core live · 3 venues down/, { timeout: 15_000 });
  const prod = await context.newPage();
  await prod.setViewportSize({ width: 520, height: 700 });
  await prod.goto(`${host.origin}/?window=ladder&instrument=BTC-USD#token=${host.token}`);
  await shot(prod, '3-production-no-credentials');
  await shot(main, '3-main-production');
  await expect(ladder.getByTestId('feed-state-paxos')).toContainText('DOWN', {
    timeout: STALENESS_WINDOW_MS,
  });
  await shot(ladder, '3-old-ladder-after-switch');

  // The request refused outside the demo profile.
  expect(await request('demo.stopSimulator', { venue: 'paxos' })).toMatchObject({ ok: false });

  await host.stop();
  await expect(ladder.getByTestId('disconnected')).toBeVisible({ timeout: 5_000 });
  await expect(ladder.getByTestId('core-link')).toHaveText('core unreachable');
  await expect(main.getByTestId('disconnected')).toBeVisible();
  await shot(ladder, '4-host-gone-disconnected');
  await shot(main, '4-main-host-gone');
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('a window whose host restarted reconnects by itself and shows live data again', async ({ context }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crossbook-e2e-restart-'));
  const env = {
    CROSSBOOK_DATA_DIR: dir,
    CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-e2e-restart-${process.pid}`,
    CROSSBOOK_WEB_TOKEN: 'restart-test-token-0123456789abcdefghij',
  };
  let first: WebHostProcess | undefined = await startWebHostProcess(
    ['--port', String(port), '--sim-rate', '300'],
    env,
  );
  let second: WebHostProcess | undefined;
  try {
    const ladder = await context.newPage();
    await ladder.setViewportSize({ width: 520, height: 600 });
    await ladder.goto(`${first.origin}/?window=ladder&instrument=paxos:BTCUSD#token=${first.token}`);
    await expect(ladder.getByTestId('ladder-waiting')).toHaveCount(0, { timeout: 30_000 });
    await expect(ladder.getByTestId('core-link')).toHaveText('core live', { timeout: 15_000 });

    await first.stop();
    first = undefined;
    await expect(ladder.getByTestId('disconnected')).toBeVisible({ timeout: 5_000 });
    await shot(ladder, '5-host-restarting');

    second = await startWebHostProcess(['--port', String(port), '--sim-rate', '300'], env);
    await expect(ladder.getByTestId('disconnected')).toHaveCount(0, { timeout: 20_000 });
    await expect(ladder.getByTestId('core-link')).toHaveText('core live', { timeout: 20_000 });
    await expect(ladder.getByTestId('feed-state')).toHaveCount(0, { timeout: 30_000 });
    await shot(ladder, '6-host-back-reconnected');
  } finally {
    await first?.stop();
    await second?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
