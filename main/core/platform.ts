/**
 * The seam for what only Electron has. The Electron shell implements it in main/electron/platform.ts; the
 * browser harness and tests implement it with recording fakes (test/harness/recording-platform.ts).
 * Keep it small: every method here is something a test cannot exercise for real on a machine
 * without the Electron binary.
 */
import type { TrayItem } from './model';

export interface Platform {
  clipboard: {
    /** Writes text; `concealed` adds the OS markers that keep it out of clipboard history. */
    write(text: string, options: { concealed: boolean }): Promise<void>;
    readText(): Promise<string>;
    clear(): Promise<void>;
  };
  notify(notification: { title: string; body: string; tokenId?: string }): void;
  /** Opens a URL in the user's browser. Callers pass allowlisted URLs only (see links.ts). */
  openExternal(url: string): Promise<void>;
  /** Replaces the tray menu with this model (labels only, never values). */
  refreshTray(items: TrayItem[]): void;
  /** System idle time and screen lock, which the app lock follows; absent without a desktop session (the CLI). */
  power?: {
    idleSeconds(): number;
    onLockScreen(listener: () => void): () => void;
  };
  /** Touch ID (macOS, where the machine has it); absent elsewhere. */
  biometric?: {
    available(): boolean;
    /** Shows the system prompt; true when the user passed it. */
    prompt(reason: string): Promise<boolean>;
  };
  /**
   * Asks the user for a folder (to scan) with the desktop's own picker; null when cancelled or
   * when there is no picker (the browser harness, the CLI): the window then offers a path field.
   */
  pickFolder(options: { title: string }): Promise<string | null>;
}
