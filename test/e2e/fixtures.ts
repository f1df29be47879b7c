/**
 * Playwright fixtures: every test gets its own harness (fresh profile, its own keychain service in
 * the real Secret Service) and a page that fails the test on any CSP violation, console error or
 * uncaught exception.
 *
 * - `app`: the page on an empty profile.
 * - `scenario` + `desk`: both provider emulators with sample accounts and tokens, synced
 *   (test/harness/scenario.ts), then the page opened on them.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { startScenario, type Scenario, type ScenarioOptions } from '../harness/scenario';
import { startHarness, type Harness } from '../harness/server';
import { failableSecrets } from '../support/core';
import { createTestKeychain, type TestKeychain } from '../support/keychain';
import { readVaultFile, vaultSecret } from '../support/vault';

/** The profile's vault as its file on disk holds it (decrypted with the keychain's key). */
export interface VaultView {
  secret(key: string): Promise<string | null>;
  /** Keys of the secrets held, without the install's own (fingerprint key, audit anchor). */
  keys(): Promise<string[]>;
  /** While on, every vault write fails (a full disk). */
  failWrites(on: boolean): void;
}

interface Fixtures {
  /** Options of the scenario (`test.use({ scenarioOptions: { … } })`). */
  scenarioOptions: ScenarioOptions;
  keychain: TestKeychain;
  vault: VaultView;
  harness: Harness;
  app: Page;
  scenario: Scenario;
  desk: Page;
}

/** Opens the app and records CSP violations, console errors and page errors; returns the check to run at the end. */
export async function openApp(page: Page, harness: Harness): Promise<() => void> {
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
  return () => expect(problems, 'the page must run without CSP violations or console errors').toEqual([]);
}

export const test = base.extend<Fixtures>({
  scenarioOptions: [{}, { option: true }],
  keychain: async ({}, use) => {
    const keychain = createTestKeychain();
    await use(keychain);
    await keychain.cleanup();
  },
  harness: async ({ keychain }, use) => {
    const writes = failableSecrets();
    const harness = await startHarness({ keychain, wrapSecrets: writes.wrapSecrets });
    failSwitches.set(harness, writes.failSecretWrites);
    await use(harness);
    await harness.close();
  },
  vault: async ({ harness, keychain }, use) => {
    await use({
      secret: (key) => vaultSecret(harness.dataDir, keychain, key),
      keys: async () => Object.keys((await readVaultFile(harness.dataDir, keychain))?.secrets ?? {}).filter((k) => !INSTALL_KEYS.has(k)),
      failWrites: (on) => failSwitches.get(harness)?.(on),
    });
  },
  app: async ({ page, harness }, use) => {
    const check = await openApp(page, harness);
    await use(page);
    check();
  },
  scenario: async ({ harness, scenarioOptions }, use) => {
    const scenario = await startScenario(harness.core, scenarioOptions);
    await use(scenario);
    await scenario.close();
  },
  desk: async ({ page, harness, scenario }, use) => {
    const check = await openApp(page, harness);
    // Populated: the list shows the scenario's tokens.
    await expect(page.getByTestId('token-row').first()).toBeVisible();
    void scenario;
    await use(page);
    check();
  },
});

export { expect };

/** The row of the token with this name (rows are only in the DOM while in view). */
export const row = (page: Page, name: string) => page.getByTestId('token-row').filter({ has: page.locator('.t-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const INSTALL_KEYS = new Set(['install:fingerprint-key', 'audit:head']);
const failSwitches = new WeakMap<Harness, (on: boolean) => void>();
