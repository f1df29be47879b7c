/**
 * The Platform seam for the harness and tests: behaves like a desktop (a clipboard that holds text,
 * a tray that shows a menu, a system idle time and a screen that can lock) and records what
 * happened, so tests assert what a user would see. `watch` tells the demo's stand-ins (tray menu,
 * notifications, clipboard shown in the page) when something changed.
 */
import type { Platform } from '../../main/core/platform';
import type { TrayItem } from '../../main/core/model';

export type PlatformChange = 'clipboard' | 'notification' | 'tray';

export interface RecordingPlatform extends Platform {
  readonly recorded: {
    clipboardWrites: Array<{ concealed: boolean }>;
    notifications: Array<{ title: string; body: string; tokenId?: string }>;
    opened: string[];
    trays: TrayItem[][];
    /** Titles of the folder pickers shown. */
    folderPickers: string[];
  };
  /** What the clipboard holds now (tests only; the app reads it through clipboard.readText). */
  clipboardText(): string;
  /** Simulates the user copying something else. */
  userCopies(text: string): void;
  /** The user touched the keyboard or the mouse (the demo page reports it): system idle time restarts. */
  activity(): void;
  /** Tests: the system idle time, in seconds, whatever the activity (null: back to measuring). */
  setIdleSeconds(seconds: number | null): void;
  /** Simulates the screen locking. */
  lockScreen(): void;
  watch(listener: (change: PlatformChange) => void): () => void;
  /** What the next folder picker answers (null: the user cancels; the default, as the browser harness has no picker). */
  nextFolder(path: string | null): void;
}

export function createRecordingPlatform(now: () => number = Date.now): RecordingPlatform {
  let clipboard = '';
  let lastActivity = now();
  let idleOverride: number | null = null;
  const screenListeners = new Set<() => void>();
  const watchers = new Set<(change: PlatformChange) => void>();
  const changed = (change: PlatformChange): void => watchers.forEach((w) => w(change));
  const recorded: RecordingPlatform['recorded'] = { clipboardWrites: [], notifications: [], opened: [], trays: [], folderPickers: [] };
  let folder: string | null = null;
  return {
    recorded,
    clipboardText: () => clipboard,
    userCopies: (text) => {
      clipboard = text;
    },
    nextFolder: (path) => {
      folder = path;
    },
    clipboard: {
      async write(text, { concealed }) {
        clipboard = text;
        recorded.clipboardWrites.push({ concealed });
        changed('clipboard');
      },
      readText: async () => clipboard,
      clear: async () => {
        clipboard = '';
        changed('clipboard');
      },
    },
    notify: (notification) => {
      recorded.notifications.push({ ...notification });
      changed('notification');
    },
    openExternal: async (url) => void recorded.opened.push(url),
    pickFolder: async ({ title }) => {
      recorded.folderPickers.push(title);
      const answer = folder;
      folder = null;
      return answer;
    },
    refreshTray: (items) => {
      recorded.trays.push(items);
      changed('tray');
    },
    power: {
      idleSeconds: () => idleOverride ?? Math.max(0, (now() - lastActivity) / 1000),
      onLockScreen: (listener) => {
        screenListeners.add(listener);
        return () => void screenListeners.delete(listener);
      },
    },
    activity: () => {
      lastActivity = now();
    },
    setIdleSeconds: (seconds) => {
      idleOverride = seconds;
    },
    lockScreen: () => screenListeners.forEach((l) => l()),
    watch: (listener) => {
      watchers.add(listener);
      return () => void watchers.delete(listener);
    },
  };
}
