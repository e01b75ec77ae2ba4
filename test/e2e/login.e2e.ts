// Login, credentials and the promise that secrets never leave the core: every bridge frame the
// page receives and every log line the host writes is searched for the secrets we typed.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startWebHostProcess } from './web-host-process';

const origin = () => process.env.CROSSBOOK_E2E_ORIGIN!;
const token = () => process.env.CROSSBOOK_E2E_TOKEN!;

function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) =>
      frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1')),
    );
    ws.on('framesent', (f) => void f);
  });
  return frames;
}

test('the demo profile unlocks by itself and shows which credentials are set', async ({ page }) => {
  await page.goto(`${origin()}/?window=login#token=${token()}`);
  await expect(page.getByTestId('login-profile')).toHaveText('Demo (local simulators)');
  const table = page.getByTestId('credentials-status');
  for (const venue of ['paxos', 'finery', 'alor']) {
    await expect(table.locator(`tr[data-venue="${venue}"]`)).toContainText('set ····');
  }
});

test('credentials go in, only set/last four come back, and no secret reaches the page or a log', async ({
  page,
}) => {
  const frames = recordFrames(page);
  const secrets = {
    clientSecret: 'pX-secret-4f9a1c77e2b04d3a',
    fineryKey: 'fin-key-0a1b2c3d',
    finerySecret: 'fin-secret-9e8d7c6b5a4f3e2d',
    refreshToken: 'alor-refresh-7c1e2d3f4a5b6c7d',
  };
  await page.goto(`${origin()}/?window=settings#token=${token()}`);
  await page.getByTestId('profile-select').selectOption('test');

  await page.getByTestId('paxos-clientId').fill('client-id-1');
  await page.getByTestId('paxos-clientSecret').fill(secrets.clientSecret);
  await page.getByTestId('paxos-save').click();
  await expect(page.getByTestId('paxos-message')).toHaveText('Saved to the keychain.');
  await expect(page.getByTestId('paxos-clientSecret')).toHaveValue('');

  await page.getByTestId('finery-key').fill(secrets.fineryKey);
  await page.getByTestId('finery-secret').fill(secrets.finerySecret);
  await page.getByTestId('finery-save').click();
  await expect(page.getByTestId('finery-message')).toHaveText('Saved to the keychain.');

  // Bad input: a clear message naming the field, nothing stored, the secret not echoed.
  await page.getByTestId('alor-refreshToken').fill(secrets.refreshToken);
  await page.getByTestId('alor-portfolio').fill('not a portfolio!');
  await page.getByTestId('alor-save').click();
  await expect(page.getByTestId('alor-message')).toContainText('portfolio');

  // Switch to the test profile to see its status table: last four only.
  await page.getByTestId('switch-profile').click();
  const table = page.getByTestId('credentials-status');
  await expect(table.locator('tr[data-venue="paxos"]')).toContainText(
    `set ····${secrets.clientSecret.slice(-4)}`,
  );
  await expect(table.locator('tr[data-venue="alor"]')).toContainText('not set');

  // Back to demo and test the demo connection against the simulator.
  await page.getByTestId('profile-select').selectOption('demo');
  await page.getByTestId('switch-profile').click();
  await expect(page.getByTestId('credentials-status').locator('tr[data-venue="paxos"]')).toContainText(
    'set ····',
  );
  await page.getByTestId('paxos-test').click();
  await expect(page.getByTestId('paxos-message')).toContainText('Paxos accepted the credentials');
  await page.getByTestId('finery-test').click();
  await expect(page.getByTestId('finery-message')).toContainText('Finery accepted');
  await page.getByTestId('alor-test').click();
  await expect(page.getByTestId('alor-message')).toContainText('ALOR issued an access token');

  const sim = JSON.parse(process.env.CROSSBOOK_E2E_SIM!) as {
    paxos: { clientSecret: string };
    finery: { secret: string };
    alor: { refreshToken: string };
  };
  const all = [...Object.values(secrets), sim.paxos.clientSecret, sim.finery.secret, sim.alor.refreshToken];
  const log = readFileSync(process.env.CROSSBOOK_E2E_LOG!, 'utf8');
  expect(frames.length).toBeGreaterThan(5);
  expect(log.length).toBeGreaterThan(0);
  for (const secret of all) {
    expect(
      frames.some((f) => f.includes(secret)),
      `a bridge frame contained a secret`,
    ).toBe(false);
    expect(log.includes(secret), `the log contained a secret`).toBe(false);
  }
});

test('without a Secret Service the login says what is missing and how to fix it', async ({ page }) => {
  const host = await startWebHostProcess([], {
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/crossbook-bus',
    CROSSBOOK_DATA_DIR: `/tmp/crossbook-e2e-nokeychain-${process.pid}`,
  });
  try {
    expect(host.sim).toBeUndefined(); // nothing starts without the keychain: no plaintext fallback
    await page.goto(host.url);
    const problem = page.getByTestId('keychain-problem');
    await expect(problem).toContainText('The OS keychain is not available.');
    await expect(problem).toContainText('How to fix it');
    await expect(page.getByTestId('unlock')).toHaveText('Try again');
  } finally {
    await host.stop();
  }
});
