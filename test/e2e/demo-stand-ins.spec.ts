/**
 * The demo tells the truth: with the harness's stand-ins (as `npm run demo` serves them), the tray
 * menu and the notifications are shown in the page, marked as stand-ins, and do what the desktop
 * app's do (through the core's own tray and notification actions); a copy puts the value on the
 * page's clipboard, and the clear empties it. Only the harness build has them.
 */
import { expect, expectAccessible, row, test } from './fixtures';

test.use({ harnessOptions: { standIns: true } });

test('tray menu and notifications in the page, marked as stand-ins; a tray copy reaches the page clipboard and is cleared from it', async ({
  desk,
  harness,
  scenario,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.origin });
  const panel = desk.getByTestId('stand-ins');
  await expect(panel).toContainText('Demo desktop (stand-ins)');
  await panel.locator('summary').click();
  await expect(panel).toContainText('Stand-ins for the desktop: in the app, this menu is the system tray and these are system notifications.');
  const tray = panel.getByRole('list', { name: 'Tray menu (stand-in)' });
  await expect(tray.getByRole('button', { name: 'Copy release-pipeline' })).toBeEnabled();
  await expectAccessible(desk, 'the demo stand-ins');

  // Copy from the tray: main writes its clipboard; the page's clipboard gets the value.
  const value = (await harness.core.tokens.reveal(scenario.token('release-pipeline').id)).value;
  await tray.getByRole('button', { name: 'Copy release-pipeline' }).click();
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “release-pipeline”');
  await expect.poll(() => desk.evaluate(() => navigator.clipboard.readText())).toBe(value);
  // Cleared (the timeout, here asked at once): the page's clipboard is emptied the same way.
  expect(await harness.core.clipboard.clear()).toBe('cleared');
  await expect.poll(() => desk.evaluate(() => navigator.clipboard.readText())).toBe('');
  await expect(desk.getByTestId('clipboard-status')).toHaveText('Clipboard cleared');

  // The tray's leak entry opens the leak panel.
  await tray.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  await expect(desk.getByRole('dialog', { name: 'Revoke a leaked token' })).toBeVisible();
  await desk.keyboard.press('Escape');

  // An expiry notification (on-call-pager expires within the day): a click shows that token.
  harness.core.alerts.check();
  const notes = panel.getByRole('list', { name: 'Notifications (stand-in)' });
  const note = notes.getByRole('button', { name: /on-call-pager/ }).first();
  await expect(note).toBeVisible();
  await note.click();
  await expect(row(desk, 'on-call-pager')).toHaveAttribute('aria-selected', 'true');
  await expect(desk.getByTestId('detail-pane').getByRole('heading', { name: 'on-call-pager' })).toBeVisible();
});

test('without the stand-ins (the desktop build, and every other test) the page has none of them', async ({ page }) => {
  const plain = await (await import('../harness/server')).startHarness({ keychain: (await import('../support/memory-keychain')).memoryKeychain() });
  try {
    await page.goto(plain.url);
    await expect(page.getByRole('heading', { name: 'Tokendesk', exact: true })).toBeVisible();
    await expect(page.getByTestId('stand-ins')).toHaveCount(0);
    const blocked = await page.evaluate(() =>
      fetch('./__harness/clipboard', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status),
    );
    expect(blocked).toBe(404);
  } finally {
    await plain.close();
  }
});
