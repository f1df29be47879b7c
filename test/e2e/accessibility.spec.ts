/**
 * axe-core (the accessibility checker) finds no serious or critical violation in any view or
 * dialog: the welcome, the main view (light and dark, 1280 and 720 px, the details and the
 * library over the list), the context menu and the filters, every dialog (forms with their
 * problems shown), the lock, and the audit log.
 */
import { act, details, expect, expectAccessible, row, scope, test } from './fixtures';

// A scan takes a few seconds on a busy 2-core machine; each test runs several.
test.describe.configure({ timeout: 90_000 });

test('the welcome, the connect dialog with its problems, and a failed connection test', async ({ app }) => {
  await expectAccessible(app, 'the welcome (light)');
  await app
    .getByTestId('welcome')
    .getByRole('button', { name: /Connect Falcon LogScale/ })
    .click();
  const dialog = app.getByRole('dialog', { name: 'Connect Falcon LogScale' });
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByTestId('problem-label')).toBeVisible();
  await expectAccessible(app, 'the connect dialog with problems', 'dialog[open]');
  await dialog.getByLabel('Account name').fill('Offline');
  await dialog.getByLabel('LogScale URL').fill('http://127.0.0.1:9');
  await dialog.getByLabel('API token').fill('x');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByTestId('check-failed')).toBeVisible();
  await expectAccessible(app, 'a failed connection test', 'dialog[open]');
  await app.keyboard.press('Escape');
  await app
    .getByTestId('welcome')
    .getByRole('button', { name: /Connect OVHcloud/ })
    .click();
  await expectAccessible(app, 'the OVHcloud connect dialog', 'dialog[open]');
});

test('the main view in light and dark, the context menu, the filters, an account, the audit log', async ({ desk }) => {
  await row(desk, 'release-pipeline').locator('.t-name').click();
  await expect(details(desk).getByTestId('detail-history')).toBeVisible();
  await expectAccessible(desk, 'the main view (light)');
  await desk.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(desk, 'the main view (dark)');
  await desk.emulateMedia({ colorScheme: 'light' });
  await row(desk, 'ci-deploy-reader').locator('.t-name').click({ button: 'right' });
  await expect(desk.getByRole('menu')).toBeVisible();
  await expectAccessible(desk, 'the context menu', '[role="menu"]');
  await desk.keyboard.press('Escape');
  await desk.getByRole('button', { name: 'Filter and sort' }).click();
  await expectAccessible(desk, 'the filters', '#filter-panel');
  await desk.keyboard.press('Escape');
  await scope(desk, /^OVH Europe/).click();
  await expect(desk.getByTestId('account-header')).toBeVisible();
  await expectAccessible(desk, 'an account');
  await scope(desk, 'Audit log').click();
  await expect(desk.getByTestId('audit-table').locator('tbody tr').first()).toBeVisible();
  await expectAccessible(desk, 'the audit log');
});

test('settings with a problem, the lock dialog, the locked window', async ({ desk }) => {
  await desk.getByRole('button', { name: 'Settings' }).click();
  await desk.getByRole('dialog', { name: 'Settings' }).getByLabel('Clear the clipboard after (seconds)').fill('1');
  await desk.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Save settings' }).click();
  await expect(desk.getByTestId('problem-clipboardClearSeconds')).toBeVisible();
  await expectAccessible(desk, 'settings with a problem', 'dialog[open]');
  await desk.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Set a PIN or passphrase…' }).click();
  await expectAccessible(desk, 'the lock dialog', 'dialog[open]');
  const lockDialog = desk.getByRole('dialog', { name: 'Lock Tokendesk' });
  await lockDialog.getByLabel('PIN', { exact: true }).fill('482910');
  await lockDialog.getByLabel('Type it again').fill('482910');
  await lockDialog.getByRole('button', { name: 'Set and lock when idle' }).click();
  await expect(lockDialog).toHaveCount(0);
  await desk.keyboard.press('Control+l');
  await expect(desk.getByTestId('unlock-bar')).toBeVisible();
  await expectAccessible(desk, 'the locked window');
});

test('every token dialog: new token (LDP, personal access token, LogScale), show-once, reveal, verify, rotate, revoke, leak, help', async ({ desk }) => {
  await desk.getByRole('button', { name: 'New token' }).click();
  const create = desk.getByRole('dialog', { name: 'New token' });
  await create.getByLabel('Account').selectOption({ label: 'OVH Europe (OVHcloud LDP)' });
  await create.getByRole('button', { name: 'Create token' }).click();
  await expect(create.getByTestId('problem-name')).toBeVisible();
  await expectAccessible(desk, 'new LDP token with a problem', 'dialog[open]');
  await create.getByRole('radio', { name: 'Security logs' }).check();
  await expect(create.getByTestId('pat-fields')).toBeVisible();
  await expectAccessible(desk, 'new IAM personal access token', 'dialog[open]');
  await create.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = create.getByTestId('logscale-form');
  await form.getByLabel('Token name').fill('a11y-probe');
  await form.getByRole('checkbox', { name: 'Read health check' }).check();
  await expectAccessible(desk, 'new LogScale token', 'dialog[open]');
  await form.getByRole('button', { name: 'Create token' }).click();
  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  await expectAccessible(desk, 'the show-once dialog', 'dialog[open]');
  await outcome.getByRole('button', { name: 'Done' }).click();

  await act(desk, 'release-pipeline', 'Reveal');
  await desk.getByRole('dialog', { name: 'Reveal token' }).getByRole('button', { name: 'Show value' }).click();
  await expectAccessible(desk, 'the reveal dialog', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await act(desk, 'release-pipeline', 'Verify');
  await expect(desk.getByRole('dialog', { name: 'Verify token' }).getByTestId('verify-check')).toContainText('Accepted');
  await expectAccessible(desk, 'the verify dialog', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await act(desk, 'release-pipeline', 'Rotate');
  await expectAccessible(desk, 'the rotate dialog', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await act(desk, 'release-pipeline', 'Revoke…');
  await expectAccessible(desk, 'the revoke dialog', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await desk.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  await expectAccessible(desk, 'the leak dialog', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('?');
  await expectAccessible(desk, 'the help', 'dialog[open]');
  await desk.keyboard.press('Escape');
  await desk.keyboard.press('a');
  await expectAccessible(desk, 'the add-account dialog', 'dialog[open]');
});

test.describe('720 px', () => {
  test.use({ viewport: { width: 720, height: 640 } });

  test('the narrow window, with the details and the library over the list, light and dark', async ({ desk }) => {
    await expectAccessible(desk, 'the narrow window');
    await row(desk, 'vector-forwarder').locator('.t-name').click();
    await expect(details(desk)).toBeVisible();
    await expectAccessible(desk, 'the details over the list');
    await desk.keyboard.press('Escape');
    await desk.emulateMedia({ colorScheme: 'dark' });
    await desk.getByRole('button', { name: 'Library' }).click();
    await expectAccessible(desk, 'the library over the list (dark)');
  });
});
