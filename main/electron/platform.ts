/**
 * The Electron implementation of the Platform seam. Each method is a direct call to an Electron
 * API; all decisions (what to copy, when to clear, what the menu holds) are made in the core.
 */
import { clipboard, ClipboardItem, dialog, Notification, powerMonitor, shell, systemPreferences, type BrowserWindow } from 'electron';
import { concealedClipboardMarkers, markerBytes } from './clipboard-formats';
import type { Platform } from '../core/platform';
import type { TrayItem } from '../core/model';

export function createElectronPlatform(options: {
  showTray: (items: TrayItem[]) => void;
  onNotificationClick: (tokenId: string) => void;
  window: () => BrowserWindow | undefined;
}): Platform {
  const markers = concealedClipboardMarkers(process.platform);
  return {
    clipboard: {
      async write(text, { concealed }) {
        if (!concealed) return clipboard.writeText(text);
        const entries: Record<string, string | Blob> = { 'text/plain': text };
        for (const marker of markers) entries[marker.format] = new Blob([markerBytes(marker.value)]);
        // One item: text and markers are committed atomically (Electron >= 44).
        await clipboard.write([new ClipboardItem(entries)]);
      },
      readText: () => clipboard.readText(),
      clear: async () => clipboard.clear(),
    },
    notify({ title, body, tokenId }) {
      const notification = new Notification({ title, body });
      if (tokenId) notification.on('click', () => options.onNotificationClick(tokenId));
      notification.show();
    },
    openExternal: (url) => shell.openExternal(url),
    refreshTray: (items) => options.showTray(items),
    // The app lock follows the system's idle time and screen lock (the core decides when to lock).
    power: {
      idleSeconds: () => powerMonitor.getSystemIdleTime(),
      onLockScreen(listener) {
        powerMonitor.on('lock-screen', listener);
        return () => void powerMonitor.off('lock-screen', listener);
      },
    },
    // Touch ID: macOS only, where the machine has a sensor. Not run on this project's CI (no Electron binary, no Mac).
    ...(process.platform === 'darwin'
      ? {
          biometric: {
            available: () => systemPreferences.canPromptTouchID(),
            prompt: (reason: string) =>
              systemPreferences.promptTouchID(reason).then(
                () => true,
                () => false,
              ),
          },
        }
      : {}),
    async pickFolder({ title }) {
      // Modal to our window when it is open, so the picker cannot hide behind it.
      const win = options.window();
      const settings = { title, properties: ['openDirectory', 'dontAddToRecent'] as Array<'openDirectory' | 'dontAddToRecent'> };
      const picked = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, settings) : await dialog.showOpenDialog(settings);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  };
}
