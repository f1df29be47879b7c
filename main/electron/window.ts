/** The one window: sandboxed, isolated, no Node, devtools only in development. */
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_URL } from './ipc-sender';

export function createMainWindow(options: { preloadPath: string; devServerUrl?: string; isDev: boolean; icon?: string }): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.icon ? { icon: options.icon } : {}),
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Tokendesk',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: options.isDev,
    },
  });
  // Keep token values out of screenshots and screen sharing where the OS allows it (Windows, macOS).
  window.setContentProtection(true);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.devServerUrl ?? APP_URL);
  return window;
}

export const preloadPath = (mainDir: string): string => join(mainDir, '../preload/index.cjs');
export const rendererDir = (mainDir: string): string => join(mainDir, '../renderer');
