/**
 * Who may call the IPC handlers (Electron checklist #17): only the main frame of our own window,
 * showing our own page (app://tokendesk/, or the Vite dev server in development).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tokendesk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface SenderFacts {
  /** URL of the frame that sent the message. */
  frameUrl: string | undefined;
  /** Whether that frame is the top frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** Whether the sending page is our main window's. */
  isOurWindow: boolean;
}

export function isTrustedSender(sender: SenderFacts, devServerUrl?: string): boolean {
  if (!sender.isMainFrame || !sender.isOurWindow || !sender.frameUrl) return false;
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return url.protocol === dev.protocol && url.host === dev.host;
  }
  return false;
}
