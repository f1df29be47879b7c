/**
 * The application menu, as a template (data), so what it holds is tested in plain Node.
 *
 * macOS: a menu bar always exists, and text fields get copy and paste only through the Edit menu's
 * roles: without them Cmd+C / Cmd+V do nothing in any field. So macOS gets the standard app, Edit
 * and Window menus.
 * Windows and Linux: Chromium handles Ctrl+C / Ctrl+V in fields by itself, and Electron's default
 * menu bar (File, Edit, View with Reload and Toggle Developer Tools, Window, Help) would only
 * add noise and a reload of a page holding a show-once secret: no menu bar.
 * In development only (npm run dev, unpackaged), a View menu adds Reload and the developer tools.
 */
import type { MenuItemConstructorOptions } from 'electron';

export const EDIT_ROLES = ['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll'] as const;

export function applicationMenuTemplate(platform: NodeJS.Platform, options: { isDev: boolean }): MenuItemConstructorOptions[] | null {
  const view: MenuItemConstructorOptions[] = options.isDev
    ? [{ label: 'View', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] }]
    : [];
  if (platform !== 'darwin') return view.length ? view : null;
  const [undo, redo, ...clipboard] = EDIT_ROLES;
  return [
    // appMenu: About, Services, Hide, Hide Others, Show All, Quit (Cmd+Q, which clears a copied token).
    { role: 'appMenu' },
    { label: 'Edit', submenu: [{ role: undo }, { role: redo }, { type: 'separator' }, ...clipboard.map((role) => ({ role }))] },
    ...view,
    // windowMenu: Minimize, Zoom, Close (Cmd+W closes the window; Tokendesk stays in the menu bar and the Dock).
    { role: 'windowMenu' },
  ];
}
