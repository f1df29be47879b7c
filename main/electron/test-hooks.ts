/**
 * Switches for the Electron smoke test (test/e2e/electron-smoke.spec.ts), read from the environment
 * and honoured only when the app is NOT packaged: a packaged build (app.isPackaged, i.e. anything
 * electron-builder made) ignores these variables entirely, so a user's environment cannot redirect
 * its profile or keychain, or reach into its tray.
 *
 * - TOKENDESK_TEST_PROFILE: the userData folder (settings, audit log, single-instance lock), so a
 *   test runs on a throwaway profile beside a developer's own Tokendesk.
 * - TOKENDESK_TEST_KEYCHAIN_SERVICE: the keychain service name, so test secrets never mix with the
 *   developer's (`tokendesk`).
 * - TOKENDESK_TEST_TRAY=1: exposes the live tray menu on globalThis (TRAY_HOOK) for Playwright's
 *   electronApp.evaluate(), which runs in the main process: the test clicks real MenuItems.
 */
export interface TestHooks {
  profileDir?: string;
  keychainService?: string;
  exposeTray: boolean;
}

export const TRAY_HOOK = '__tokendeskTrayMenu';

const NONE: TestHooks = { exposeTray: false };

export function readTestHooks(env: Record<string, string | undefined>, isPackaged: boolean): TestHooks {
  if (isPackaged) return NONE;
  const hooks: TestHooks = { exposeTray: env['TOKENDESK_TEST_TRAY'] === '1' };
  if (env['TOKENDESK_TEST_PROFILE']) hooks.profileDir = env['TOKENDESK_TEST_PROFILE'];
  if (env['TOKENDESK_TEST_KEYCHAIN_SERVICE']) hooks.keychainService = env['TOKENDESK_TEST_KEYCHAIN_SERVICE'];
  return hooks;
}
