/** The tray icon; its menu is built from data by core/tray/tray-menu.ts and only translated here. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from '../core/tray/tray-menu';

export function createTray(iconPath: string, onAction: (action: TrayAction) => void): (items: TrayItem[]) => void {
  const image = nativeImage.createFromPath(iconPath);
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip('Tokendesk');
  const toElectron = (item: TrayItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'submenu') return { label: item.label, submenu: item.items.map(toElectron) };
    return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
  };
  return (items) => tray.setContextMenu(Menu.buildFromTemplate(items.map(toElectron)));
}
