/** The tray icon; its menu is built from data by core/tray/tray-menu.ts and only translated here. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from '../core/model';
import type { TrayImage } from './app-images';
import { TRAY_HOOK } from './test-hooks';

export function createTray(icon: TrayImage, onAction: (action: TrayAction) => void, options: { exposeForTests?: boolean } = {}): (items: TrayItem[]) => void {
  const image = nativeImage.createFromPath(icon.file);
  if (icon.template) image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip('Tokendesk');
  const toElectron = (item: TrayItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'submenu') return { label: item.label, submenu: item.items.map(toElectron) };
    return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
  };
  let menu: Menu | undefined;
  // Unpackaged test runs only (main/electron/test-hooks.ts): the smoke test clicks the real menu.
  if (options.exposeForTests) Object.assign(globalThis, { [TRAY_HOOK]: () => menu });
  return (items) => {
    menu = Menu.buildFromTemplate(items.map(toElectron));
    tray.setContextMenu(menu);
  };
}
