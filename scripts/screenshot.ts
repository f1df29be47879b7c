/**
 * Renders docs/screenshot.png for the README: the populated token list (test/harness/scenario.ts,
 * both emulators, three accounts) at 1280×800 in Debian's Chromium, light theme.
 *
 *   npm run build && npx tsx scripts/screenshot.ts [output.png]
 *
 * Uses an in-memory keychain: the picture needs no Secret Service, and nothing is left behind.
 */
import { chromium } from '@playwright/test';
import { startScenario } from '../test/harness/scenario';
import { startHarness } from '../test/harness/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { memoryKeychain } from '../test/support/memory-keychain';

const output = process.argv[2] ?? 'docs/screenshot.png';

const keychain = memoryKeychain();

const harness = await startHarness({ keychain });
const scenario = await startScenario(harness.core, { staging: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', deviceScaleFactor: 1 });
  await page.goto(harness.url);
  await page.getByTestId('token-row').first().waitFor();
  // A copied token, so the top bar shows the clipboard countdown; a selected row.
  const row = page.getByTestId('token-row').filter({ hasText: 'release-pipeline' });
  await row.getByRole('button', { name: 'Copy release-pipeline' }).click();
  await page.getByTestId('clipboard-status').getByText('Clipboard clears in').waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await harness.close();
  await scenario.close();
}
