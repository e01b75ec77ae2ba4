// The real Electron app, driven by Playwright. Electron's binary cannot be downloaded on every
// machine (CI here has no access to its release host), so this runs only where one is installed
// and otherwise reports itself skipped with the reason.
import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary } from '../../build/electron-binary.mjs';

const binary: string | undefined = installedElectronBinary();
const reason =
  'no Electron binary on this machine (its first-run download is unavailable); run `npm start` where it is';
if (!binary) console.log(`electron e2e skipped: ${reason}`);

test.describe('Electron host', () => {
  test.skip(!binary, reason);

  test('opens the main window with the secure preload API', async () => {
    const app = await electron.launch({ executablePath: binary, args: ['.', '--no-sandbox'] });
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle('Crossbook');
      await expect(page.getByTestId('core-link')).toHaveText('core live', { timeout: 15_000 });
      expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() =>
          Object.keys((globalThis as unknown as { crossbook: object }).crossbook).sort(),
        ),
      ).toEqual(['host', 'invoke', 'subscribe']);
    } finally {
      await app.close();
    }
  });
});
