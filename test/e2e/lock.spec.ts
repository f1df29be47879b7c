/**
 * The app lock: set a PIN in Settings; Ctrl+L locks; while locked the list shows names only, and
 * copy, reveal and tray copy ask to unlock (main refuses them, whatever the page does); the asked
 * action runs once unlocked; wrong tries cost a growing wait, enforced by main; the app locks
 * when the system is idle and when the screen locks, closing any dialog (a revealed value goes),
 * and it starts locked.
 */
import { runTrayAction } from '../../main/core/tray/tray-actions';
import { startHarness } from '../harness/server';
import { act, details, expect, openApp, row, test } from './fixtures';

const PIN = '274839';

async function setPin(page: import('@playwright/test').Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Set a PIN or passphrase…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Lock Tokendesk' });
  await dialog.getByLabel('PIN', { exact: true }).fill('1234');
  await dialog.getByLabel('Type it again').fill('1234');
  await dialog.getByRole('button', { name: 'Set and lock when idle' }).click();
  await expect(dialog.getByTestId('problem-secret')).toHaveText('A PIN is 6 to 12 digits.');
  await expect(dialog.getByLabel('PIN', { exact: true })).toBeFocused();
  await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
  await dialog.getByLabel('Type it again').fill('274830');
  await dialog.getByRole('button', { name: 'Set and lock when idle' }).click();
  await expect(dialog.getByTestId('problem-again')).toHaveText('The two PINs differ.');
  await dialog.getByLabel('Type it again').fill(PIN);
  await dialog.getByRole('button', { name: 'Set and lock when idle' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('toast').filter({ hasText: 'Tokendesk now locks with your PIN' })).toBeVisible();
}

test('Ctrl+L locks: names only, copy asks to unlock and main refuses it; a wrong PIN is said; the right one unlocks and the asked copy runs', async ({
  desk,
  harness,
  scenario,
  vault,
}) => {
  await setPin(desk);
  expect(await vault.secret('lock:verifier')).not.toContain(PIN);
  await row(desk, 'release-pipeline').locator('.t-name').click();
  await desk.keyboard.press('Control+l');
  const bar = desk.getByTestId('unlock-bar');
  await expect(bar).toContainText('Tokendesk is locked.');
  await expect(bar.getByLabel('Your PIN')).toBeFocused();

  // Names only: no account, scope, dates or status in the list; no details.
  const locked = row(desk, 'release-pipeline');
  await expect(locked).toHaveText('release-pipeline');
  await expect(desk.getByRole('grid', { name: 'Tokens' }).getByRole('columnheader')).toHaveText(['Name']);
  await expect(details(desk)).toContainText('Tokendesk is locked.');
  await expect(desk.getByRole('searchbox', { name: 'Search tokens' })).toBeDisabled();

  // Copy asks to unlock; main refuses the copy whatever the page does.
  await desk.getByRole('grid', { name: 'Tokens' }).focus();
  await desk.keyboard.press('Control+c');
  await expect(bar.getByLabel('Your PIN')).toBeFocused();
  const refused = await desk.evaluate((id) => window.tokendesk.tokens.copy({ id }), scenario.token('release-pipeline').id);
  expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });
  const revealed = await desk.evaluate((id) => window.tokendesk.tokens.reveal({ id }), scenario.token('release-pipeline').id);
  expect(revealed).toMatchObject({ ok: false, error: { code: 'locked' } });
  expect(harness.platform.recorded.clipboardWrites).toHaveLength(0);

  await bar.getByLabel('Your PIN').fill('000000');
  await bar.getByRole('button', { name: 'Unlock' }).click();
  await expect(bar.getByTestId('unlock-error')).toHaveText('That PIN is not right.');
  await expect(bar.getByLabel('Your PIN')).toHaveValue('');
  await bar.getByLabel('Your PIN').fill(PIN);
  await desk.keyboard.press('Enter');
  await expect(bar).toHaveCount(0);
  // The copy asked for while locked runs now.
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “release-pipeline”');
  expect(harness.platform.clipboardText()).toBe((await harness.core.tokens.reveal(scenario.token('release-pipeline').id)).value);
  await expect(row(desk, 'release-pipeline')).toContainText('Production LogScale');
});

test('wrong tries: after three, each waits longer, and main refuses even the right PIN until then', async ({ page, keychain }) => {
  // Main's clock stands still until the test moves it: the wait is exactly what the rule says.
  let now = Date.parse('2026-03-02T10:00:00Z');
  const harness = await startHarness({ keychain, now: () => now });
  try {
    await harness.core.lock.setup('pin', PIN);
    const check = await openApp(page, harness, { clockAt: now - 60_000, pauseAt: now });
    await page.keyboard.press('Control+l');
    const bar = page.getByTestId('unlock-bar');
    for (let i = 0; i < 3; i++) {
      await bar.getByLabel('Your PIN').fill(`00000${i}`);
      await bar.getByRole('button', { name: 'Unlock' }).click();
      await expect(bar.getByLabel('Your PIN')).toHaveValue('');
    }
    await expect(bar.getByTestId('unlock-error')).toHaveText('Too many wrong tries: wait 5 s.');
    await expect(bar.getByRole('button', { name: 'Unlock' })).toBeDisabled();
    const early = await page.evaluate((secret) => window.tokendesk.lock.unlock({ secret }), PIN);
    expect(early).toMatchObject({ ok: false, error: { code: 'rate-limited', message: 'Too many wrong tries: wait 5 seconds before the next one.' } });
    expect(harness.core.lock.status()).toMatchObject({ locked: true, failures: 3 });
    expect((await harness.core.audit.entries()).filter((e) => e.action === 'unlock-failed')).toHaveLength(3);

    // Five seconds later (main's and the page's clocks), the right PIN is accepted.
    now += 5_000;
    await page.clock.runFor(6_000); // the window's seconds tick 5 ms after each second
    await expect(bar.getByRole('button', { name: 'Unlock' })).toBeEnabled();
    await bar.getByLabel('Your PIN').fill(PIN);
    await bar.getByRole('button', { name: 'Unlock' }).click();
    await expect(bar).toHaveCount(0);
    expect(harness.core.lock.status()).toMatchObject({ locked: false, failures: 0 });
    check();
  } finally {
    await harness.close();
  }
});

test('an unlock whose answer reaches the window after the screen locked again leaves it locked: the events are newer', async ({ desk, harness }) => {
  await harness.core.lock.setup('pin', PIN);
  harness.core.lock.lock();
  const bar = desk.getByTestId('unlock-bar');
  await expect(bar).toBeVisible();
  // Counts the unlock answers the page has taken in (read by the test, after they are applied).
  await desk.evaluate(() => {
    const page = window as unknown as { __unlockAnswers: number };
    page.__unlockAnswers = 0;
    const original = window.fetch.bind(window);
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await original(...args);
      if (!String(args[0]).endsWith('api/lock:unlock')) return response;
      const json = response.json.bind(response);
      response.json = async () => {
        const body: unknown = await json();
        queueMicrotask(() => void (page.__unlockAnswers += 1));
        return body;
      };
      return response;
    };
  });
  // Main unlocks (and says so by an event at once); its answer is held on the way.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await desk.route('**/api/lock:unlock', async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  await bar.getByLabel('Your PIN').fill(PIN);
  await desk.keyboard.press('Enter');
  await expect(bar).toHaveCount(0);
  harness.platform.lockScreen();
  await expect(bar).toBeVisible();

  release();
  await expect.poll(() => desk.evaluate(() => (window as unknown as { __unlockAnswers: number }).__unlockAnswers)).toBe(1);
  await expect(bar).toBeVisible();
  expect(harness.core.lock.status().locked).toBe(true);
});

test('it locks when the system is idle and when the screen locks, closing a dialog that showed a value; a tray copy asks to unlock; the next start is locked', async ({
  page,
  desk,
  harness,
  keychain,
  scenario,
}) => {
  await harness.core.lock.setup('pin', PIN);
  const value = (await harness.core.tokens.reveal(scenario.token('release-pipeline').id)).value;
  await act(desk, 'release-pipeline', 'Reveal');
  const reveal = desk.getByRole('dialog', { name: 'Reveal token' });
  await reveal.getByRole('button', { name: 'Show value' }).click();
  await expect(reveal.getByTestId('revealed-value')).toHaveValue(value);

  // Ten minutes without input (the default): locked, the dialog and its value gone.
  harness.platform.setIdleSeconds(9 * 60);
  harness.core.lock.checkIdle();
  await expect(reveal).toBeVisible();
  harness.platform.setIdleSeconds(10 * 60);
  harness.core.lock.checkIdle();
  await expect(desk.getByTestId('unlock-bar')).toBeVisible();
  await expect(reveal).toHaveCount(0);
  expect(await desk.content()).not.toContain(value);
  harness.platform.setIdleSeconds(0);

  // A tray copy while locked: no copy; the window asks to unlock.
  const shown: string[] = [];
  await runTrayAction(
    harness.core,
    { showWindow: () => void shown.push('show'), quit: () => {} },
    { kind: 'copy', tokenId: scenario.token('release-pipeline').id },
  );
  expect(shown).toEqual(['show']);
  expect(harness.platform.recorded.clipboardWrites).toHaveLength(0);
  await expect(desk.getByTestId('unlock-bar').getByLabel('Your PIN')).toBeFocused();
  expect(
    harness.platform.recorded.trays
      .at(-1)!
      .flatMap((i) => (i.type === 'submenu' ? i.items : [i]))
      .some((i) => i.type === 'item' && i.label === 'Copy release-pipeline (unlock first)'),
  ).toBe(true);

  await desk.getByTestId('unlock-bar').getByLabel('Your PIN').fill(PIN);
  await desk.keyboard.press('Enter');
  await expect(desk.getByTestId('unlock-bar')).toHaveCount(0);
  harness.platform.lockScreen();
  await expect(desk.getByTestId('unlock-bar')).toBeVisible();

  // Started again on the same profile: locked from the start.
  const restarted = await startHarness({ keychain, dataDir: harness.dataDir });
  try {
    const other = await page.context().newPage();
    const check = await openApp(other, restarted);
    await expect(other.getByTestId('unlock-bar')).toBeVisible();
    await expect(other.getByTestId('unlock-bar').getByLabel('Your PIN')).toBeFocused();
    check();
    await other.close();
  } finally {
    await restarted.close();
  }
});
