import { defineConfig } from '@playwright/test';

// Debian's Chromium: no browser is ever downloaded. The flags keep it from reaching for the
// network this machine does not have.
export const chromiumLaunch = {
  executablePath: process.env.CROSSBOOK_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-results/e2e',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [
    ['list'],
    ['html', { outputFolder: '../../test-results/e2e-report', open: 'never' }],
    ['json', { outputFile: '../../test-results/e2e.json' }],
  ],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
