import { expect, test } from '@playwright/test';
import WebSocket from 'ws';

const url = () => process.env.CROSSBOOK_E2E_URL!;
const origin = () => process.env.CROSSBOOK_E2E_ORIGIN!;
const token = () => process.env.CROSSBOOK_E2E_TOKEN!;

function upgradeStatus(target: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', reject);
  });
}

test('the page loads, a request round-trips and the heartbeat stream arrives', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url());
  await expect(page).toHaveTitle('Crossbook');
  await expect(page.getByTestId('profile')).toHaveText('demo');
  await expect(page.getByTestId('app-version')).toContainText('web host');
  await expect(page.getByTestId('core-link')).toHaveText('core live');
  await expect(page.getByTestId('heartbeat')).toHaveText(/heartbeats ([2-9]|\d\d+)/, { timeout: 10_000 });
  await expect(page.getByTestId('connections').locator('tbody tr')).toHaveCount(3, { timeout: 10_000 });
  expect(page.url()).not.toContain('token='); // the token is taken out of the address bar
  expect(errors).toEqual([]);
});

test('a page with a wrong token is refused and says so', async ({ page }) => {
  await page.goto(`${origin()}/#token=not-the-token`);
  await expect(page.getByTestId('core-link')).toHaveText('core unreachable', { timeout: 10_000 });
});

test('a page without a token explains how to open Crossbook', async ({ page }) => {
  await page.goto(`${origin()}/`);
  await expect(page.getByRole('alert')).toContainText('CROSSBOOK_URL');
});

test('the bridge refuses a wrong token, a foreign Origin and a foreign Host', async () => {
  const bridge = origin().replace('http', 'ws') + '/bridge';
  expect(await upgradeStatus(`${bridge}?token=${token()}`, { Origin: origin() })).toBe(101);
  expect(await upgradeStatus(`${bridge}?token=wrong`, { Origin: origin() })).toBe(401);
  expect(await upgradeStatus(`${bridge}`, { Origin: origin() })).toBe(401);
  expect(await upgradeStatus(`${bridge}?token=${token()}`, { Origin: 'http://evil.example' })).toBe(403);
  expect(await upgradeStatus(`${bridge}?token=${token()}`, {})).toBe(403);
  expect(await upgradeStatus(`${bridge}?token=${token()}`, { Origin: origin(), Host: 'evil.example' })).toBe(
    421,
  );
});

test('pages are served with a strict Content-Security-Policy', async ({ request }) => {
  const response = await request.get(`${origin()}/`);
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe');
  expect((await request.get(`${origin()}/..%2f..%2fpackage.json`)).status()).toBeGreaterThanOrEqual(400);
});

test('a malformed bridge message gets a clear error and the bridge keeps working', async () => {
  const bridge = origin().replace('http', 'ws') + `/bridge?token=${token()}`;
  const ws = new WebSocket(bridge, { headers: { Origin: origin() } });
  const messages: unknown[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise((r) => ws.once('open', r));
  ws.send('{not json');
  ws.send(JSON.stringify({ t: 'req', id: 1, channel: 'app.echo', payload: { text: 42 } }));
  ws.send(JSON.stringify({ t: 'req', id: 2, channel: 'app.echo', payload: { text: 'still here' } }));
  await expect.poll(() => messages.length).toBe(3);
  ws.close();
  expect(messages[0]).toMatchObject({
    t: 'err',
    error: { code: 'BAD_REQUEST', message: 'message is not valid JSON' },
  });
  expect(messages[1]).toMatchObject({ t: 'res', id: 1, ok: false, error: { code: 'BAD_REQUEST' } });
  expect((messages[1] as { error: { message: string } }).error.message).toContain('text');
  expect(messages[2]).toMatchObject({ t: 'res', id: 2, ok: true, result: { text: 'still here' } });
});
