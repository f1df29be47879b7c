/**
 * The real app in the real Electron, where the binary exists (the desktop workflow on Linux, macOS
 * and Windows; `npm run test:electron`). On machines that cannot download it (no route to GitHub)
 * the test is reported as skipped, with the reason.
 *
 * One user's path through the real shell: the app starts on a throwaway profile and its own keychain
 * service (the unpackaged-only switches of main/electron/test-hooks.ts), shows its window and the
 * list, an account is added on the LogScale emulator, a token is created in the window, then copied
 * from the TRAY's menu (the real Electron MenuItem is clicked, so tray.ts, tray-actions, the
 * clipboard guard and Electron's clipboard all run), and Quit must leave the clipboard without it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { TRAY_HOOK } from '../../main/electron/test-hooks';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { channels, type Result } from '../../preload/contract';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';

const binary = findElectronBinary();
const ACCOUNT = 'Smoke LogScale';
const TOKEN = 'smoke-tray-copy';

/** Clicks the tray menu item at this label path, in the main process, on the live Electron Menu. */
async function clickTrayItem(app: ElectronApplication, path: string[]): Promise<boolean> {
  return app.evaluate(
    (_electron, { hook, path }) => {
      type Item = { label: string; enabled: boolean; submenu?: { items: Item[] }; click: () => void };
      const menu = (globalThis as unknown as Record<string, () => { items: Item[] } | undefined>)[hook]?.();
      let items = menu?.items ?? [];
      let found: Item | undefined;
      for (const label of path) {
        found = items.find((i) => i.label === label);
        items = found?.submenu?.items ?? [];
      }
      if (!found?.enabled) return false;
      found.click();
      return true;
    },
    { hook: TRAY_HOOK, path },
  );
}

const readClipboard = (app: ElectronApplication) => app.evaluate(({ clipboard }) => clipboard.readText());

async function quit(app: ElectronApplication): Promise<void> {
  const closed = app.waitForEvent('close');
  // The process may end before evaluate() returns.
  await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
  await closed;
}

test('Electron: window and list, a token created on the emulator, copied from the tray, gone from the clipboard after Quit', async () => {
  test.skip(binary.path === null, `Electron binary unavailable: ${binary.path === null ? binary.reason : ''}`);
  test.setTimeout(120_000);
  const profile = mkdtempSync(join(tmpdir(), 'tokendesk-smoke-'));
  const keychainService = `tokendesk-smoke-${randomUUID()}`;
  const env = { ...process.env, TOKENDESK_TEST_PROFILE: profile, TOKENDESK_TEST_KEYCHAIN_SERVICE: keychainService, TOKENDESK_TEST_TRAY: '1' } as Record<
    string,
    string
  >;
  const launch = () => electron.launch({ executablePath: binary.path!, args: ['.'], env });
  let emulator: LogScaleEmulator | undefined;
  let app: ElectronApplication | undefined;
  try {
    emulator = await startLogScaleEmulator();
    app = await launch();
    const page = await app.firstWindow();

    // The window, its page and its sandboxed bridge; the (empty) list.
    await expect(page.getByRole('heading', { name: 'Tokendesk' })).toBeVisible();
    expect(await page.evaluate(() => location.href)).toBe('app://tokendesk/index.html');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    const groups = [...new Set(channels.map((c) => c.split(':')[0]))];
    expect(await page.evaluate(() => Object.keys(window.tokendesk).sort())).toEqual([...groups, 'on'].sort());
    await expect(page.getByTestId('tokens-empty')).toBeVisible();

    // An account on the emulator, through the real IPC path (preload → ipcMain → handler table → core).
    const added = await page.evaluate((input) => window.tokendesk.accounts.add(input) as Promise<Result<unknown>>, {
      provider: 'logscale' as const,
      label: ACCOUNT,
      baseUrl: emulator.baseUrl,
      token: emulator.adminToken,
    });
    expect(added.ok, JSON.stringify(added)).toBe(true);

    // A token created in the window.
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New token' });
    await dialog.getByLabel('Account').selectOption({ label: `${ACCOUNT} (LogScale)` });
    const form = dialog.getByTestId('logscale-form');
    await form.getByRole('radio', { name: 'System' }).check();
    await form.getByLabel('Token name').fill(TOKEN);
    await form.getByLabel('Filter permissions').fill('health');
    await form.getByRole('checkbox', { name: 'Read health check' }).check();
    await form.getByRole('button', { name: 'Create token' }).click();
    const outcome = page.getByRole('dialog', { name: 'Token created' });
    await expect(outcome.getByTestId('outcome-stored')).toContainText('The secret is already in your vault');
    await outcome.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('token-row').filter({ hasText: TOKEN })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('electron-window.png') });

    // Copied from the tray's menu: the real MenuItem, once the menu lists the new token.
    await expect.poll(() => clickTrayItem(app!, [ACCOUNT, `Copy ${TOKEN}`]), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => readClipboard(app!), { timeout: 15_000 }).not.toBe('');
    const copied = await readClipboard(app);
    expect(emulator.state.authenticate(copied)?.name, 'the clipboard holds the secret of the token just created').toBe(TOKEN);
    await expect(page.getByTestId('clipboard-status')).toContainText(`Copied “${TOKEN}”`);

    // Quit clears it (it is still ours), then a second start on the same profile reads the clipboard.
    await quit(app);
    app = await launch();
    const again = await app.firstWindow();
    await expect(again.getByTestId('token-row').filter({ hasText: TOKEN })).toBeVisible();
    expect(await readClipboard(app)).not.toBe(copied);
    await quit(app);
    app = undefined;
  } finally {
    if (app) await app.close().catch(() => undefined);
    await emulator?.close();
    const keychain = createKeytarKeychain(keychainService);
    for (const key of await keychain.keys().catch(() => [])) await keychain.delete(key).catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
});
