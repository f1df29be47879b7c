/**
 * Playwright fixtures: every test gets its own harness (fresh profile, its own keychain service in
 * the real Secret Service) and a page that fails the test on any CSP violation, console error or
 * uncaught exception.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { startHarness, type Harness } from '../harness/server';
import { createTestKeychain, type TestKeychain } from '../support/keychain';

interface Fixtures {
  keychain: TestKeychain;
  harness: Harness;
  app: Page;
}

export const test = base.extend<Fixtures>({
  keychain: async ({}, use) => {
    const keychain = createTestKeychain();
    await use(keychain);
    await keychain.cleanup();
  },
  harness: async ({ keychain }, use) => {
    const harness = await startHarness({ keychain });
    await use(harness);
    await harness.close();
  },
  app: async ({ page, harness }, use) => {
    const problems: string[] = [];
    await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { name: 'Tokendesk' })).toBeVisible();
    await use(page);
    expect(problems, 'the page must run without CSP violations or console errors').toEqual([]);
  },
});

export { expect };
