/**
 * The shell's per-OS decisions, as pure functions: which tray and window image, which application
 * menu, which test switches are honoured. What Electron does with them is the smoke test's job
 * (test/e2e/electron-smoke.spec.ts, where the binary exists).
 */
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { runtimeImagesDir, trayImage, windowIcon } from '../../../main/electron/app-images';
import { applicationMenuTemplate, EDIT_ROLES } from '../../../main/electron/app-menu';
import { readTestHooks } from '../../../main/electron/test-hooks';

const roles = (items: MenuItemConstructorOptions[] | null): string[] =>
  (items ?? []).flatMap((item) => [...(item.role ? [item.role] : []), ...roles(Array.isArray(item.submenu) ? item.submenu : null)]);

describe('tray and window images per OS', () => {
  const dir = '/app/out/icons/runtime';
  it('macOS: a template image (Electron adds @2x itself); no window icon (the bundle has it)', () => {
    expect(trayImage('darwin', dir)).toEqual({ file: join(dir, 'trayTemplate.png'), template: true });
    expect(windowIcon('darwin', dir)).toBeUndefined();
  });
  it('Windows: an .ico for every DPI, not a template; the window takes the executable icon', () => {
    expect(trayImage('win32', dir)).toEqual({ file: join(dir, 'tray.ico'), template: false });
    expect(windowIcon('win32', dir)).toBeUndefined();
  });
  it('Linux: a colour PNG, and the window carries the app icon (X11 reads it from the window)', () => {
    expect(trayImage('linux', dir)).toEqual({ file: join(dir, 'tray.png'), template: false });
    expect(windowIcon('linux', dir)).toBe(join(dir, 'window.png'));
  });
  it('the folder sits beside out/main, so it resolves the same unpackaged and inside app.asar', () => {
    expect(runtimeImagesDir(join('/x/resources/app.asar/out/main'))).toBe(join('/x/resources/app.asar/out/icons/runtime'));
    expect(runtimeImagesDir(join('/checkout/out/main'))).toBe(join('/checkout/out/icons/runtime'));
  });
});

describe('application menu', () => {
  it('macOS keeps every Edit role, so copy and paste work in every field', () => {
    const menu = applicationMenuTemplate('darwin', { isDev: false });
    const edit = menu?.find((m) => m.label === 'Edit');
    expect(roles(edit ? [edit] : null)).toEqual([...EDIT_ROLES]);
    expect(EDIT_ROLES).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'undo', 'redo']));
  });
  it('macOS has the app menu (Quit, Hide) and the window menu (Close, Minimize), and no reload or devtools in a packaged app', () => {
    const all = roles(applicationMenuTemplate('darwin', { isDev: false }));
    expect(all).toEqual(expect.arrayContaining(['appMenu', 'windowMenu']));
    expect(all.filter((r) => /reload|devtools/i.test(r))).toEqual([]);
  });
  it('Windows and Linux: no menu bar in a packaged app (Chromium handles Ctrl+C / Ctrl+V in fields)', () => {
    expect(applicationMenuTemplate('win32', { isDev: false })).toBeNull();
    expect(applicationMenuTemplate('linux', { isDev: false })).toBeNull();
  });
  it('development only: reload and the developer tools, on every OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(roles(applicationMenuTemplate(platform, { isDev: true }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    }
  });
});

describe('smoke-test switches', () => {
  const env = { TOKENDESK_TEST_PROFILE: '/tmp/p', TOKENDESK_TEST_KEYCHAIN_SERVICE: 'tokendesk-smoke', TOKENDESK_TEST_TRAY: '1' };
  it('are read when the app is not packaged', () => {
    expect(readTestHooks(env, false)).toEqual({ profileDir: '/tmp/p', keychainService: 'tokendesk-smoke', exposeTray: true });
    expect(readTestHooks({}, false)).toEqual({ exposeTray: false });
  });
  it('are ignored entirely by a packaged build, whatever the environment says', () => {
    expect(readTestHooks(env, true)).toEqual({ exposeTray: false });
  });
});
