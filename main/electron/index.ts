/**
 * Tokendesk's Electron entry: lifecycle only. Everything with logic lives in ./core and runs in
 * plain Node; this file wires Electron's objects to it.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, session } from 'electron';
import { startBackground } from '../core/background';
import { createCore, type Core } from '../core/core';
import { openTokenFromNotification, runTrayAction } from '../core/tray/tray-actions';
import { createHandlers } from '../ipc/handlers';
import { redactSecrets } from '../core/log/redact';
import { createKeytarKeychain } from '../core/vault/keychain';
import { keepTrayCurrent } from '../core/tray/tray-menu';
import { runtimeImagesDir, trayImage, windowIcon } from './app-images';
import { applicationMenuTemplate } from './app-menu';
import { forwardEvents, registerIpc } from './ipc';
import { withKeychainAdvice } from './keychain-advice';
import { createMainLogger, logFilePath } from './log';
import { createElectronPlatform } from './platform';
import { registerAppScheme, serveRenderer } from './protocol';
import { denyAllPermissions, denyNavigationAndPopups } from './security';
import { readTestHooks } from './test-hooks';
import { createTray } from './tray';
import { createMainWindow, preloadPath, rendererDir } from './window';

const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const imagesDir = runtimeImagesDir(mainDir);
// Smoke-test switches; ignored by packaged builds (test-hooks.ts). Set before the single-instance lock, which lives in userData.
const testHooks = readTestHooks(process.env, app.isPackaged);
if (testHooks.profileDir) app.setPath('userData', testHooks.profileDir);
let window: BrowserWindow | undefined;
// First, so that whatever happens next (a start-up failure included) is logged, redacted.
const logger = createMainLogger();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  denyNavigationAndPopups();
  app.on('second-instance', () => showWindow());
  // One catch for both: whenReady's own rejection and any error inside start().
  app.whenReady().then(start).catch(failedToStart);
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  serveRenderer(rendererDir(mainDir));
  const menu = applicationMenuTemplate(process.platform, { isDev: !app.isPackaged });
  Menu.setApplicationMenu(menu && Menu.buildFromTemplate(menu));
  const shell = { showWindow, quit: () => app.quit() };
  let core: Core | undefined;
  const showTray = createTray(trayImage(process.platform, imagesDir), (action) => core && void runTrayAction(core, shell, action), {
    exposeForTests: testHooks.exposeTray,
  });
  const platform = createElectronPlatform({
    showTray,
    onNotificationClick: (tokenId) => core && openTokenFromNotification(core, shell, tokenId),
    window: () => window,
  });
  core = await createCore({
    profileDir: app.getPath('userData'),
    keychain: withKeychainAdvice(createKeytarKeychain(testHooks.keychainService), process.platform),
    platform,
    logger,
    version: app.getVersion(),
    runtime: 'electron',
  });
  const ourWindow = () => window?.webContents;
  registerIpc(ipcMain, createHandlers(core, platform), ourWindow, devServerUrl);
  forwardEvents(core.events, ourWindow);
  clearClipboardOnQuit(core);
  // A copied token does not survive the screen locking or the machine sleeping.
  powerMonitor.on('lock-screen', () => void core?.clipboard.clear());
  powerMonitor.on('suspend', () => void core?.clipboard.clear());
  await keepTrayCurrent(core, platform);
  // What the CLI changes in the same profile shows in the window at once.
  core.profile.watch();
  showWindow();
  // macOS: clicking the Dock icon after the window was closed opens it again.
  app.on('activate', () => showWindow());
  startBackground(core);
}

/**
 * Start-up failed: there may be no window to say so, so say it in a native error box (with where
 * the details are), log it redacted, and exit non-zero instead of running on with nothing shown.
 */
function failedToStart(error: unknown): void {
  try {
    logger.error('Tokendesk failed to start', error);
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    dialog.showErrorBox('Tokendesk could not start', `${message}\n\nThe details are in the log file: ${logFilePath()}`);
  } finally {
    app.exit(1);
  }
}

function showWindow(): void {
  if (!window || window.isDestroyed()) {
    window = createMainWindow({
      preloadPath: preloadPath(mainDir),
      isDev: !app.isPackaged,
      icon: windowIcon(process.platform, imagesDir),
      ...(devServerUrl ? { devServerUrl } : {}),
    });
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

// Closing the window keeps Tokendesk in the tray (copy from the tray menu); Quit is in that menu.
app.on('window-all-closed', () => {});

/** A copied token never outlives the app: clear it (if still ours) before quitting. */
function clearClipboardOnQuit(core: { shutdown(): Promise<void> }): void {
  let cleared = false;
  app.on('before-quit', (event) => {
    if (cleared) return;
    event.preventDefault();
    void core.shutdown().finally(() => {
      cleared = true;
      app.quit();
    });
  });
}
