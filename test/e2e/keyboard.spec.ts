/**
 * Keyboard and mouse as a desktop app has them: the list is one Tab stop; arrows, Page Up/Down,
 * Home and End move the selection; Enter opens the details; Ctrl+C copies the selected token; a
 * context menu (right click, Shift+F10) holds every action; single-key shortcuts for reveal,
 * verify, rotate, revoke, sync, add account, the leak panel, Ctrl+L to lock, all listed in the
 * help; dialogs trap focus and give it back. And a narrow window (720 px), driven by keyboard only.
 */
import { details, expect, row, test } from './fixtures';

test('keyboard only: one Tab stop for the list, arrows select, Enter opens the details, Ctrl+C copies, shortcuts act on the selection', async ({
  desk,
  harness,
  scenario,
}) => {
  const grid = desk.getByRole('grid', { name: 'Tokens' });
  const search = desk.getByRole('searchbox', { name: 'Search tokens' });
  await desk.keyboard.press('/');
  await expect(search).toBeFocused();
  await desk.keyboard.type('n'); // typing in a field is typing, not a shortcut
  await expect(search).toHaveValue('n');
  await expect(desk.getByRole('dialog')).toHaveCount(0);
  await search.fill('');

  // Tab from the search reaches the list after the toolbar, the library and the list's own controls;
  // one more Tab leaves the list (its rows are not Tab stops).
  let stops = 0;
  while (!(await grid.evaluate((el) => el === document.activeElement)) && stops < 30) {
    await desk.keyboard.press('Tab');
    stops += 1;
  }
  expect(stops).toBeLessThan(20);
  await desk.keyboard.press('Home');
  await expect(row(desk, 'backup-exporter')).toHaveAttribute('aria-selected', 'true');
  await desk.keyboard.press('ArrowDown');
  await expect(row(desk, 'on-call-pager')).toHaveAttribute('aria-selected', 'true');
  await expect(grid).toHaveAttribute('aria-activedescendant', `token-row-${scenario.token('on-call-pager').id}`);
  await desk.keyboard.press('Tab');
  await expect(grid).not.toBeFocused();
  expect(await details(desk).evaluate((el) => el.contains(document.activeElement))).toBe(true);

  // release-pipeline: its secret is held, so every action runs.
  await grid.focus();
  await desk.keyboard.press('End');
  for (let i = 0; i < 20 && (await row(desk, 'release-pipeline').getAttribute('aria-selected')) !== 'true'; i++) await desk.keyboard.press('ArrowUp');
  await expect(row(desk, 'release-pipeline')).toHaveAttribute('aria-selected', 'true');
  await desk.keyboard.press('Enter');
  await expect(details(desk).getByRole('heading', { name: 'release-pipeline' })).toBeFocused();
  await grid.focus();
  await desk.keyboard.press('Control+c');
  await expect(desk.getByTestId('clipboard-status')).toHaveText(/^Copied ✓ “release-pipeline” · clears in (30|29) s$/);
  expect(harness.platform.clipboardText()).toBe((await harness.core.tokens.reveal(scenario.token('release-pipeline').id)).value);

  await desk.keyboard.press('r');
  await expect(desk.getByRole('dialog', { name: 'Reveal token' })).toBeVisible();
  await desk.keyboard.press('Escape');
  await expect(grid).toBeFocused(); // back where the dialog was opened from
  await desk.keyboard.press('v');
  const verify = desk.getByRole('dialog', { name: 'Verify token' });
  await expect(verify.getByTestId('verify-check')).toContainText('Accepted');
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('Shift+R');
  await expect(desk.getByRole('dialog', { name: 'Rotate token' })).toContainText('Rotate “release-pipeline”');
  // A LogScale rotation kills the current secret at once: focus starts on Cancel, so Enter does not rotate.
  await expect(desk.getByRole('dialog', { name: 'Rotate token' }).getByRole('button', { name: 'Cancel' })).toBeFocused();
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('Delete');
  await expect(desk.getByRole('dialog', { name: 'Revoke token' })).toContainText('Revoke “release-pipeline”');
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('l');
  await expect(desk.getByRole('dialog', { name: 'Revoke a leaked token' })).toBeVisible();
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('a');
  await expect(desk.getByRole('dialog', { name: 'Add an account' })).toBeVisible();
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('n');
  await expect(desk.getByRole('dialog', { name: 'New token' })).toBeVisible();
  await desk.keyboard.press('Escape');
  // S syncs (every account here): the provider is read again.
  const listed = scenario.logscale.operations('ListTokens').length;
  await desk.keyboard.press('s');
  await expect.poll(() => scenario.logscale.operations('ListTokens').length).toBeGreaterThan(listed);

  // A token whose secret Tokendesk never held: Ctrl+C explains instead of copying.
  await row(desk, 'ci-deploy-reader').locator('.t-name').click();
  await desk.keyboard.press('Control+c');
  await expect(desk.getByTestId('toast').filter({ hasText: 'Cannot copy “ci-deploy-reader”' })).toBeVisible();
  expect(harness.platform.recorded.clipboardWrites).toHaveLength(1);
});

test('the context menu: right click or Shift+F10 on the list, every action, disabled ones say why; Esc gives the focus back', async ({
  desk,
  harness,
  scenario,
}) => {
  await row(desk, 'fluent-bit-shipper').locator('.t-name').click({ button: 'right' });
  const menu = desk.getByRole('menu', { name: 'Actions on fluent-bit-shipper' });
  await expect(menu.getByRole('menuitem')).toHaveText([/^Copy/, /^Reveal/, /^Verify/, /^Rotate/, /^Revoke…/, /^Show details/, /^Show this account’s tokens/]);
  await expect(menu.getByRole('menuitem', { name: /^Copy/ })).toBeFocused();
  await desk.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “fluent-bit-shipper”');
  const value = [...scenario.ovh.state.service(scenario.services.production).tokens.values()].find((t) => t.name === 'fluent-bit-shipper')!.value;
  expect(harness.platform.clipboardText()).toBe(value);

  // Keyboard: Shift+F10 on the selected row; arrows move; a disabled action says why.
  const grid = desk.getByRole('grid', { name: 'Tokens' });
  await row(desk, 'ci-deploy-reader').locator('.t-name').click();
  await grid.focus();
  await desk.keyboard.press('Shift+F10');
  const other = desk.getByRole('menu', { name: 'Actions on ci-deploy-reader' });
  await expect(other.getByRole('menuitem', { name: /^Copy/ })).toHaveAttribute('aria-disabled', 'true');
  await expect(other.getByRole('menuitem', { name: /^Copy/ })).toHaveAttribute('title', /created elsewhere/);
  await expect(other.getByRole('menuitem', { name: /^Rotate/ })).toBeFocused(); // the first that can run
  await desk.keyboard.press('ArrowDown');
  await expect(other.getByRole('menuitem', { name: /^Revoke…/ })).toBeFocused();
  await desk.keyboard.press('ArrowUp');
  await desk.keyboard.press('ArrowUp');
  await expect(other.getByRole('menuitem', { name: /^Verify/ })).toBeFocused();
  await desk.keyboard.press('Escape');
  await expect(other).toHaveCount(0);
  await expect(grid).toBeFocused();
  await desk.keyboard.press('Shift+F10');
  await other.getByRole('menuitem', { name: /^Show this account’s tokens/ }).click();
  await expect(desk.getByRole('heading', { name: 'Production LogScale', level: 2 })).toBeVisible();
  // A double click opens the details (the name takes the focus).
  await row(desk, 'metrics-scraper').locator('.t-name').dblclick();
  await expect(details(desk).getByRole('heading', { name: 'metrics-scraper' })).toBeFocused();
  await expect(desk.getByRole('heading', { name: 'Production LogScale', level: 2 })).toBeVisible();
});

test('the help lists every shortcut as the keys are (arrows, Page Up/Down, Home, End, Enter, Shift+F10, Ctrl+C, Ctrl+L); dialogs trap focus and give it back', async ({
  desk,
}) => {
  await desk.keyboard.press('?');
  const help = desk.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const text = (await help.textContent()) ?? '';
  for (const what of [
    'Search tokens',
    'New token',
    'Copy the selected token',
    'Reveal the selected token',
    'Verify the selected token',
    'Rotate the selected token',
    'Revoke the selected token',
    'Sync',
    'Add an account',
    'Revoke a leaked token',
    'Lock Tokendesk',
    'Previous token',
    'Next token',
    'A page up',
    'A page down',
    'First token',
    'Last token',
    'Open the details',
    'Actions of the selected token',
  ])
    expect(text).toContain(what);
  await expect(help.getByRole('row', { name: /Next token/ }).locator('kbd')).toHaveText(['↓']);
  await expect(help.getByRole('row', { name: /Copy the selected token/ }).locator('kbd')).toHaveText(['Ctrl', 'C']);
  await expect(help.getByRole('row', { name: /Lock Tokendesk/ }).locator('kbd')).toHaveText(['Ctrl', 'L']);
  await expect(help.getByRole('row', { name: /Actions of the selected token/ }).locator('kbd')).toHaveText(['Shift', 'F10']);
  await expect(help.getByRole('row', { name: /A page down/ }).locator('kbd')).toHaveText(['Page Down']);
  for (let i = 0; i < 6; i++) {
    await desk.keyboard.press('Tab');
    expect(await help.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await desk.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  const opener = desk.getByRole('button', { name: 'Settings' });
  await opener.focus();
  await desk.keyboard.press('Enter');
  const settings = desk.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByLabel('Clear the clipboard after (seconds)')).toBeFocused();
  for (let i = 0; i < 14; i++) {
    await desk.keyboard.press('Shift+Tab');
    expect(await settings.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await desk.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);
  await expect(opener).toBeFocused();
});

test.describe('a narrow window (720 px)', () => {
  test.use({ viewport: { width: 720, height: 640 } });

  test('nothing is cut off; the details open over the list and every action is reachable by keyboard', async ({ desk, harness, scenario }) => {
    const grid = desk.getByRole('grid', { name: 'Tokens' });
    // Every column of the row is inside the window, the Status one included.
    const status = row(desk, 'release-pipeline').getByTestId('status');
    await expect(status).toBeInViewport({ ratio: 1 });
    await expect(desk.getByRole('navigation', { name: 'Library' })).toBeHidden();
    await expect(details(desk)).toBeHidden();

    // The library opens over the list.
    await desk.getByRole('button', { name: 'Library' }).click();
    await expect(desk.getByRole('navigation', { name: 'Library' })).toBeVisible();
    await desk
      .getByRole('navigation', { name: 'Library' })
      .getByRole('button', { name: /^OVH Europe/ })
      .click();
    await expect(desk.getByRole('navigation', { name: 'Library' })).toBeHidden();
    await expect(desk.getByTestId('token-count')).toHaveText('6 tokens');
    await desk.getByRole('button', { name: 'Library' }).click();
    await desk
      .getByRole('navigation', { name: 'Library' })
      .getByRole('button', { name: /^All tokens/ })
      .click();

    // Keyboard only: select, Enter, act from the details, Esc back to the list.
    await grid.focus();
    await desk.keyboard.press('Home');
    for (let i = 0; i < 20 && (await row(desk, 'release-pipeline').getAttribute('aria-selected')) !== 'true'; i++) await desk.keyboard.press('ArrowDown');
    await desk.keyboard.press('Enter');
    const pane = details(desk);
    await expect(pane).toBeVisible();
    await expect(pane.getByRole('heading', { name: 'release-pipeline' })).toBeFocused();
    for (const action of ['Copy', 'Reveal', 'Verify', 'Rotate', 'Revoke…'])
      await expect(pane.getByRole('button', { name: action, exact: true })).toBeInViewport({ ratio: 1 });
    await desk.keyboard.press('Tab');
    await expect(pane.getByRole('button', { name: 'Copy', exact: true })).toBeFocused();
    await desk.keyboard.press('Enter');
    await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “release-pipeline”');
    expect(harness.platform.clipboardText()).toBe((await harness.core.tokens.reveal(scenario.token('release-pipeline').id)).value);
    await desk.keyboard.press('Escape');
    await expect(pane).toBeHidden();
    await expect(grid).toBeFocused();
    // A click opens the details too (there is no room beside the list).
    await row(desk, 'metrics-scraper').locator('.t-name').click();
    await expect(pane.getByRole('heading', { name: 'metrics-scraper' })).toBeVisible();
    await pane.getByRole('button', { name: 'Back to the list' }).click();
    await expect(pane).toBeHidden();
  });
});
