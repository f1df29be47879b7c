// Renders every image Tokendesk needs from the SVGs in resources/, at build time, offline:
//   out/icons/app/      for electron-builder only: app.icns (macOS), app.ico (Windows), png/NxN.png (Linux)
//   out/icons/runtime/  packed into the app and loaded by the shell (main/electron/app-images.ts names
//                       them): the macOS tray template (black + alpha, @2x), the Windows tray .ico,
//                       the Linux tray PNG (@2x) and the Linux window icon.
// icon-gen writes the .icns and .ico containers; sharp (librsvg, prebuilt from npm) renders the PNGs.
//
//   node scripts/icons.mjs            (part of `npm run build`; skips the work when nothing changed)
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import icongen from 'icon-gen';
import sharp from 'sharp';

export const ICON_SVG = 'resources/icon.svg';
export const TRAY_TEMPLATE_SVG = 'resources/tray-template.svg';
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024];
export const TRAY_ICO_SIZES = [16, 24, 32, 48];

/** Every file written, relative to the output folder, with its pixel size where it is one PNG. */
export function plannedOutputs() {
  return [
    'app/app.icns',
    'app/app.ico',
    ...LINUX_ICON_SIZES.map((s) => `app/png/${s}x${s}.png`),
    'runtime/trayTemplate.png', // 16 px: macOS menu bar, 16 pt
    'runtime/trayTemplate@2x.png', // 32 px: Retina
    'runtime/tray.ico', // Windows notification area, every DPI
    'runtime/tray.png', // 24 px: Linux panels
    'runtime/tray@2x.png', // 48 px: HiDPI panels
    'runtime/window.png', // 256 px: the Linux window icon (X11 _NET_WM_ICON)
  ];
}

const SCRIPT = fileURLToPath(import.meta.url);

/** Renders an SVG to a square PNG of `size` pixels. */
async function renderPng(svg, size) {
  const { width = size } = await sharp(svg).metadata();
  // Rasterise at the target size (density scales the SVG's own size), then fix any rounding.
  return sharp(svg, { density: (72 * size) / width })
    .resize(size, size)
    .png()
    .toBuffer();
}

/** A macOS template image: every pixel black, only the alpha kept (the menu bar tints it). */
async function renderTemplate(svg, size) {
  const { data, info } = await sharp(await renderPng(svg, size))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i += 4) data[i] = data[i + 1] = data[i + 2] = 0;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .png()
    .toBuffer();
}

function isFresh(root, outDir) {
  const newest = Math.max(...[ICON_SVG, TRAY_TEMPLATE_SVG].map((f) => statSync(join(root, f)).mtimeMs), statSync(SCRIPT).mtimeMs);
  return plannedOutputs().every((f) => existsSync(join(outDir, f)) && statSync(join(outDir, f)).mtimeMs >= newest);
}

/** Writes every planned file under `outDir`; returns their paths. */
export async function generateIcons({ root = process.cwd(), outDir = join(root, 'out/icons'), force = false } = {}) {
  outDir = resolve(outDir);
  if (!force && isFresh(root, outDir)) return { written: [], skipped: true };
  const icon = await readFile(join(root, ICON_SVG));
  const glyph = await readFile(join(root, TRAY_TEMPLATE_SVG));
  await mkdir(join(outDir, 'app/png'), { recursive: true });
  await mkdir(join(outDir, 'runtime'), { recursive: true });

  const files = {
    ...Object.fromEntries(await Promise.all(LINUX_ICON_SIZES.map(async (s) => [`app/png/${s}x${s}.png`, await renderPng(icon, s)]))),
    'runtime/trayTemplate.png': await renderTemplate(glyph, 16),
    'runtime/trayTemplate@2x.png': await renderTemplate(glyph, 32),
    'runtime/tray.png': await renderPng(icon, 24),
    'runtime/tray@2x.png': await renderPng(icon, 48),
    'runtime/window.png': await renderPng(icon, 256),
  };
  for (const [name, data] of Object.entries(files)) await writeFile(join(outDir, name), data);
  await icongen(join(root, ICON_SVG), join(outDir, 'app'), { report: false, icns: { name: 'app', sizes: ICNS_SIZES }, ico: { name: 'app', sizes: ICO_SIZES } });
  await icongen(join(root, ICON_SVG), join(outDir, 'runtime'), { report: false, ico: { name: 'tray', sizes: TRAY_ICO_SIZES } });
  return { written: plannedOutputs().map((f) => join(outDir, f)), skipped: false };
}

if (process.argv[1] && resolve(process.argv[1]) === SCRIPT) {
  const { written, skipped } = await generateIcons({ force: process.argv.includes('--force') });
  if (!skipped) console.log(`icons: ${written.length} files in out/icons`);
}
