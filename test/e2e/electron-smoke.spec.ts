/**
 * The real app in the real Electron, where the binary exists. On machines that cannot download it
 * (no route to GitHub) the test is reported as skipped, with the reason.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { channels } from '../../preload/contract';

const binary = findElectronBinary();

test('Electron: the window loads app://tokendesk with the sandboxed bridge only', async () => {
  test.skip(binary.path === null, `Electron binary unavailable: ${binary.path === null ? binary.reason : ''}`);
  const app = await electron.launch({ executablePath: binary.path!, args: ['.'] });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Tokendesk' })).toBeVisible();
    expect(await page.evaluate(() => location.href)).toBe('app://tokendesk/index.html');
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
    const groups = [...new Set(channels.map((c) => c.split(':')[0]))];
    expect(await page.evaluate(() => Object.keys(window.tokendesk).sort())).toEqual([...groups, 'on'].sort());
  } finally {
    await app.close();
  }
});
