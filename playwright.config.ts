import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_HEADLESS_PATH } from './test/support/chromium';

export default defineConfig({
  testDir: './test/e2e',
  outputDir: './test-results',
  workers: 2,
  fullyParallel: true,
  retries: 0,
  // Generous bounds, not waits: a test waits for a final state and goes on the moment it shows; on
  // a loaded 2-core machine that moment can come late.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_HEADLESS_PATH, args: CHROMIUM_ARGS },
  },
});
