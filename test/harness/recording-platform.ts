/**
 * The Platform seam for the harness and tests: behaves like a desktop (a clipboard that holds text,
 * a tray that shows a menu) and records what happened, so tests assert what a user would see.
 */
import type { Platform } from '../../main/core/platform';
import type { TrayItem } from '../../main/core/tray/tray-menu';

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
  /** What the next folder picker answers (null: the user cancels; the default, as the browser harness has no picker). */
  nextFolder(path: string | null): void;
}

export function createRecordingPlatform(): RecordingPlatform {
  let clipboard = '';
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
      },
      readText: async () => clipboard,
      clear: async () => {
        clipboard = '';
      },
    },
    notify: (notification) => void recorded.notifications.push({ ...notification }),
    openExternal: async (url) => void recorded.opened.push(url),
    refreshTray: (items) => void recorded.trays.push(items),
    pickFolder: async ({ title }) => {
      recorded.folderPickers.push(title);
      const answer = folder;
      folder = null;
      return answer;
    },
  };
}
