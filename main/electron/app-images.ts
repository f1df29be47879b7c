/**
 * Which image the shell shows where, per OS. The files are rendered at build time from
 * resources/*.svg by scripts/icons.mjs into out/icons/runtime/, which electron-builder packs
 * beside out/main/ (so the same relative path works unpackaged and inside app.asar).
 *
 * - macOS: the tray is a template image (black + alpha; the menu bar tints it for light and dark
 *   mode). Electron picks `trayTemplate@2x.png` by itself on Retina screens.
 * - Windows: the notification area wants an .ico carrying every size, so Windows picks per DPI.
 * - Linux: a colour PNG (with @2x for HiDPI panels); the window gets the app icon too, because
 *   X11 window managers read it from the window, not from the .desktop file.
 * The app icons of the packages (.icns, .ico, PNG set) are electron-builder's business, not the shell's.
 */
import { join } from 'node:path';

export interface TrayImage {
  file: string;
  /** macOS template image: only its alpha counts. */
  template: boolean;
}

export function runtimeImagesDir(mainDir: string): string {
  return join(mainDir, '../icons/runtime');
}

export function trayImage(platform: NodeJS.Platform, imagesDir: string): TrayImage {
  if (platform === 'darwin') return { file: join(imagesDir, 'trayTemplate.png'), template: true };
  if (platform === 'win32') return { file: join(imagesDir, 'tray.ico'), template: false };
  return { file: join(imagesDir, 'tray.png'), template: false };
}

/** The window's own icon: Linux only (macOS and Windows take the app bundle's / executable's). */
export function windowIcon(platform: NodeJS.Platform, imagesDir: string): string | undefined {
  return platform === 'linux' ? join(imagesDir, 'window.png') : undefined;
}
