/**
 * Playwright fixtures: every test gets its own harness (fresh profile, its own keychain service in
 * the real Secret Service) and a page that fails the test on any CSP violation, console error or
 * uncaught exception.
 *
 * - `app`: the page on an empty profile.
 * - `scenario` + `desk`: both provider emulators with sample accounts and tokens, synced
 *   (test/harness/scenario.ts), then the page opened on them.
 *
 * Determinism on a loaded machine: the page's clock is Playwright's (`page.clock`): a test moves it
 * on instead of sleeping, or pauses it where it asserts a countdown (seeded from the scenario's
 * own dates); tests wait for final states (a dialog's result, a row's status), never for a state
 * that lasts only as long as a request.
 */
import axe from 'axe-core';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { startScenario, type Scenario, type ScenarioOptions } from '../harness/scenario';
import { startHarness, type Harness, type HarnessOptions } from '../harness/server';
import { failableSecrets } from '../support/core';
import { createTestKeychain, type TestKeychain } from '../support/keychain';
import { readVaultFile, vaultSecret } from '../support/vault';

/** The profile's vault as its file on disk holds it (decrypted with the keychain's key). */
export interface VaultView {
  secret(key: string): Promise<string | null>;
  /** Keys of the secrets held, without the install's own (fingerprint key, audit anchor, lock verifier). */
  keys(): Promise<string[]>;
  /** While on, every vault write fails (a full disk). */
  failWrites(on: boolean): void;
}

interface Fixtures {
  /** Options of the scenario (`test.use({ scenarioOptions: { … } })`). */
  scenarioOptions: ScenarioOptions;
  /** Options of the harness (`test.use({ harnessOptions: { standIns: true } })`). */
  harnessOptions: Pick<HarnessOptions, 'standIns'>;
  keychain: TestKeychain;
  vault: VaultView;
  harness: Harness;
  app: Page;
  scenario: Scenario;
  desk: Page;
}

/** Opens the app and records CSP violations, console errors and page errors; returns the check to run at the end. */
export async function openApp(page: Page, harness: Harness, options: { clockAt?: number; pauseAt?: number } = {}): Promise<() => void> {
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
  if (options.clockAt !== undefined) await page.clock.install({ time: options.clockAt });
  await page.goto(harness.url);
  await expect(page.getByRole('heading', { name: 'Tokendesk', exact: true })).toBeVisible();
  // Jumps the page's clock to that time and stops it there: from then on, time moves only when the test says.
  if (options.pauseAt !== undefined) await page.clock.pauseAt(options.pauseAt);
  return () => expect(problems, 'the page must run without CSP violations or console errors').toEqual([]);
}

export const test = base.extend<Fixtures>({
  scenarioOptions: [{}, { option: true }],
  harnessOptions: [{}, { option: true }],
  keychain: async ({}, use) => {
    const keychain = createTestKeychain();
    await use(keychain);
    await keychain.cleanup();
  },
  harness: async ({ keychain, harnessOptions }, use) => {
    const writes = failableSecrets();
    const harness = await startHarness({ keychain, wrapSecrets: writes.wrapSecrets, ...harnessOptions });
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
    // The page runs on Playwright's clock, from now (main's clock, for what main dates: copies, syncs,
    // waits), so a test can move it on (`page.clock.runFor`) instead of sleeping.
    void scenario;
    const check = await openApp(page, harness, { clockAt: Date.now() });
    // Populated: the list shows the scenario's tokens.
    await expect(page.getByTestId('token-row').first()).toBeVisible();
    await use(page);
    check();
  },
});

export { expect };

/** The row of the token with this name (rows are only in the DOM while in view). */
export const row = (page: Page, name: string): Locator =>
  page.getByTestId('token-row').filter({ has: page.locator('.t-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const INSTALL_KEYS = new Set(['install:fingerprint-key', 'audit:head', 'lock:verifier']);
const failSwitches = new WeakMap<Harness, (on: boolean) => void>();
/** The details pane (beside the list, or over it in a narrow window). */
export const details = (page: Page): Locator => page.getByTestId('detail-pane');

/** Selects a token by clicking its row, then runs an action from the details pane. */
export async function act(page: Page, name: string, action: 'Copy' | 'Reveal' | 'Verify' | 'Rotate' | 'Revoke…'): Promise<void> {
  await row(page, name).locator('.t-name').click();
  await expect(details(page).getByRole('heading', { name, exact: true })).toBeVisible();
  await details(page).getByRole('button', { name: action, exact: true }).click();
}

/** A sidebar entry (scope) by its label. */
export const scope = (page: Page, label: string | RegExp): Locator => page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: label });

/**
 * axe-core (the accessibility checker) on the page as it is now (or on the part `within` selects):
 * no serious or critical violation. `what` names the view or dialog in the failure.
 *
 * axe goes into the page once (through the DevTools protocol, so the page's CSP does not apply to
 * it) and stays until the page navigates. @axe-core/playwright injected its 560 KB again on every
 * check and finished each in a second, blank page: 1–2 s a check against 0.2–1 s here, with the
 * same rules. A dialog or a menu is checked on its own (the page behind it is checked as a view).
 */
export async function expectAccessible(page: Page, what: string, within?: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (within) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    const found = await axe.run(within ? { include: [[within]] } : document, { resultTypes: ['violations'] });
    return found.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, within);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map(
    (v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.length} node${v.targets.length === 1 ? '' : 's'}: ${v.targets.slice(0, 3).join(' | ')})`,
  );
  expect(described, `axe-core on ${what}`).toEqual([]);
}
