/**
 * Main sends the window somewhere (`ui:navigate`): the tray's "Revoke a leaked token…" opens the
 * leak panel; a click on an expiry notification selects that token and scrolls the list to it,
 * and opens nothing else. Driven from the test process through the core's own tray actions.
 */
import { openTokenFromNotification, runTrayAction } from '../../main/core/tray/tray-actions';
import { expect, row, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 560 } }); // a short window: the list scrolls

test('the tray opens the leak panel; an expiry notification selects its token and scrolls to it, even when a search hid it, and opens nothing', async ({
  desk,
  harness,
  scenario,
}) => {
  const calls: string[] = [];
  const shell = { showWindow: () => void calls.push('show'), quit: () => void calls.push('quit') };

  // Tray: "Revoke a leaked token…".
  await runTrayAction(harness.core, shell, { kind: 'leak-panel' });
  expect(calls).toEqual(['show']);
  const leak = desk.getByRole('dialog', { name: 'Revoke a leaked token' });
  await expect(leak).toBeVisible();
  await expect(leak.getByLabel('Paste what leaked')).toBeFocused();
  await desk.screenshot({ path: test.info().outputPath('tray-leak.png') });
  // Asked again while open: still the one panel. The request reaches the page over the event
  // stream: wait until the page has had it, or Escape could close the panel first and the late
  // request open it again (CI met that once).
  await desk.evaluate(() => {
    const page = window as unknown as { tokendesk: { on(event: 'ui:navigate', listener: () => void): () => void }; secondNavigate?: Promise<void> };
    page.secondNavigate = new Promise<void>((done) => {
      const off = page.tokendesk.on('ui:navigate', () => {
        off();
        done();
      });
    });
  });
  await runTrayAction(harness.core, shell, { kind: 'leak-panel' });
  await desk.evaluate(() => (window as unknown as { secondNavigate: Promise<void> }).secondNavigate);
  await expect(desk.getByRole('dialog')).toHaveCount(1);
  await desk.keyboard.press('Escape');
  await expect(desk.getByRole('dialog')).toHaveCount(0);

  // Notification: a token below the fold, hidden by a search.
  const target = scenario.token('staging-shipper'); // never expires: the last row by expiry
  const grid = desk.getByRole('grid', { name: 'Tokens' });
  await expect(row(desk, 'staging-shipper')).not.toBeInViewport();
  await desk.getByRole('searchbox', { name: 'Search tokens' }).fill('pager');
  await expect(row(desk, 'staging-shipper')).toHaveCount(0);

  openTokenFromNotification(harness.core, shell, target.id);
  expect(calls).toEqual(['show', 'show', 'show']);
  const shown = row(desk, 'staging-shipper');
  await expect(shown).toHaveAttribute('aria-selected', 'true');
  await expect(shown).toBeInViewport();
  await expect(desk.getByRole('searchbox', { name: 'Search tokens' })).toHaveValue('');
  await expect(grid).toBeFocused();
  await expect(grid).toHaveAttribute('aria-activedescendant', `token-row-${target.id}`);
  await expect(desk.getByRole('dialog')).toHaveCount(0);
  await desk.screenshot({ path: test.info().outputPath('notification-token.png') });
  // The shortcuts act on it at once.
  await desk.keyboard.press('Control+c');
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “staging-shipper”');
});
