/**
 * Renders the README screenshot (docs/screenshot.png) and the main views at 1280 and 720 px,
 * light and dark (docs/screenshots/), from the populated demo (test/harness/scenario.ts, both
 * emulators, three accounts) in Debian's Chromium. Driven by the keyboard, as a user without a
 * mouse would: the pictures show where focus goes.
 *
 *   npm run build && npx tsx scripts/screenshot.ts [output-folder]
 *
 * Uses an in-memory keychain: the pictures need no Secret Service, and nothing is left behind.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startScenario } from '../test/harness/scenario';
import { startHarness } from '../test/harness/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { memoryKeychain } from '../test/support/memory-keychain';

const folder = process.argv[2] ?? 'docs';
mkdirSync(join(folder, 'screenshots'), { recursive: true });

const SIZES = { 1280: { width: 1280, height: 800 }, 720: { width: 720, height: 720 } } as const;
type Width = keyof typeof SIZES;
type Scheme = 'light' | 'dark';

const harness = await startHarness({ keychain: memoryKeychain() });
const empty = await startHarness({ keychain: memoryKeychain() });
const scenario = await startScenario(harness.core, { staging: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

async function open(url: string, width: Width, scheme: Scheme): Promise<Page> {
  const page = await browser.newPage({ viewport: SIZES[width], colorScheme: scheme, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Tokendesk', exact: true }).waitFor();
  return page;
}

/** Keyboard only: into the list, to a token, Enter for its details. */
async function selectByKeyboard(page: Page, name: string): Promise<void> {
  await page.getByRole('grid', { name: 'Tokens' }).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 30; i++) {
    const selected = await page.locator('[role="row"][aria-selected="true"] .t-name').textContent();
    if (selected === name) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('detail-history').waitFor();
}

async function shot(page: Page, file: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(folder, file) });
  console.log(`wrote ${join(folder, file)}`);
}

try {
  // The main view: a selected token with its details, a copy counting down in the status bar.
  for (const width of [1280, 720] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(harness.url, width, scheme);
      await selectByKeyboard(page, 'release-pipeline');
      await page.keyboard.press('Control+c');
      await page.getByTestId('clipboard-status').getByText('clears in').waitFor();
      if (width === 720) await page.getByRole('heading', { name: 'release-pipeline' }).focus();
      await shot(page, `screenshots/main-${width}-${scheme}.png`);
      if (width === 1280 && scheme === 'light') await shot(page, 'screenshot.png');
      await page.close();
    }
  }
  for (const [width, scheme] of [
    [1280, 'light'],
    [720, 'dark'],
  ] as const) {
    // First run: connect a platform; set a lock.
    let page = await open(empty.url, width, scheme);
    await page.getByTestId('welcome').waitFor();
    await shot(page, `screenshots/welcome-${width}-${scheme}.png`);
    await page.keyboard.press('Enter'); // the first connect button has the focus
    await page.getByRole('dialog', { name: 'Connect Falcon LogScale' }).waitFor();
    await page.keyboard.press('Enter'); // submitted empty: the problems on their fields
    await page.getByTestId('problem-label').waitFor();
    await shot(page, `screenshots/connect-${width}-${scheme}.png`);
    await page.close();

    // A new LogScale token, with the organization's policy shown before submitting.
    page = await open(harness.url, width, scheme);
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New token' });
    await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
    await dialog.getByTestId('policy').waitFor();
    await shot(page, `screenshots/new-token-${width}-${scheme}.png`);
    await page.keyboard.press('Escape');

    // The audit log.
    await page
      .getByRole('navigation', { name: 'Library' })
      .getByRole('button', { name: 'Audit log' })
      .click({ force: true })
      .catch(async () => {
        await page.getByRole('button', { name: 'Library' }).click();
        await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: 'Audit log' }).click();
      });
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor();
    await page.getByTestId('audit-chain').getByText('Chain intact').waitFor();
    await shot(page, `screenshots/audit-${width}-${scheme}.png`);
    await page.close();
  }
  // Locked: names only, the unlock field.
  await harness.core.lock.setup('pin', '482910');
  for (const [width, scheme] of [
    [1280, 'dark'],
    [720, 'light'],
  ] as const) {
    const page = await open(harness.url, width, scheme);
    await page.keyboard.press('Control+l');
    await page.getByTestId('unlock-bar').waitFor();
    await shot(page, `screenshots/locked-${width}-${scheme}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await harness.close();
  await empty.close();
  await scenario.close();
}
