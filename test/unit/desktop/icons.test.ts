/**
 * scripts/icons.mjs, run for real into a temp folder: every file electron-builder and the shell
 * name exists, at the size and in the format each OS wants. The containers are read back from their
 * bytes (ICO directory, ICNS blocks, PNG headers), not trusted from the generator.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trayImage, windowIcon } from '../../../main/electron/app-images';
import { generateIcons, ICNS_SIZES, ICO_SIZES, LINUX_ICON_SIZES, plannedOutputs, TRAY_ICO_SIZES } from '../../../scripts/icons.mjs';

let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'tokendesk-icons-'));
  await generateIcons({ outDir: out, force: true });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const pngSize = (file: string): [number, number] => {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
};

/** Sizes in an .ico: its directory lists width and height per entry (0 means 256). */
const icoSizes = (file: string): number[] => {
  const bytes = readFileSync(file);
  expect(bytes.readUInt16LE(2), 'ICO type').toBe(1);
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => bytes[6 + i * 16] || 256).sort((a, b) => a - b);
};

/** Block types in an .icns: 'icns', total length, then (type, length) blocks. */
const icnsTypes = (file: string): string[] => {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(bytes.readUInt32BE(4)).toBe(bytes.length);
  const types: string[] = [];
  for (let at = 8; at < bytes.length; at += bytes.readUInt32BE(at + 4)) types.push(bytes.subarray(at, at + 4).toString('latin1'));
  return types;
};

describe('icons from resources/icon.svg and resources/tray-template.svg', () => {
  it('writes every planned file', () => {
    for (const file of plannedOutputs()) expect(existsSync(join(out, file)), file).toBe(true);
  });

  it('Linux: a PNG per size, named NxN.png as electron-builder reads a folder icon', () => {
    for (const size of LINUX_ICON_SIZES) expect(pngSize(join(out, 'app/png', `${size}x${size}.png`))).toEqual([size, size]);
  });

  it('Windows: app.ico carries 16 to 256 px; the tray .ico carries the small sizes Windows picks per DPI', () => {
    expect(icoSizes(join(out, 'app/app.ico'))).toEqual(ICO_SIZES);
    expect(icoSizes(join(out, 'runtime/tray.ico'))).toEqual(TRAY_ICO_SIZES);
  });

  it('macOS: app.icns holds every size from 16 px to 512 px @2x (1024 px)', () => {
    expect(ICNS_SIZES).toContain(1024);
    // is32/il32: 16 and 32 px; ic07–ic10: 128, 256, 512, 1024 px; ic11–ic14: 16, 32, 128, 256 pt @2x.
    expect(icnsTypes(join(out, 'app/app.icns'))).toEqual(
      expect.arrayContaining(['is32', 'il32', 'ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']),
    );
  });

  it('macOS tray: a template image, black + alpha only, 16 px and 32 px @2x, with a visible glyph', async () => {
    for (const [name, size] of [
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      const { data, info } = await sharp(join(out, 'runtime', name))
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([size, size]);
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4) {
        expect([data[i], data[i + 1], data[i + 2]], `${name} pixel ${i / 4} must be black`).toEqual([0, 0, 0]);
        if (data[i + 3]! > 128) opaque += 1;
      }
      // Neither empty nor a filled square (what a template of the old opaque tray.png showed).
      expect(opaque / (size * size)).toBeGreaterThan(0.1);
      expect(opaque / (size * size)).toBeLessThan(0.6);
    }
  });

  it('every image the shell loads exists, for each OS, with its @2x where Electron looks for one', () => {
    const dir = join(out, 'runtime');
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(existsSync(trayImage(platform, dir).file), platform).toBe(true);
    expect(pngSize(join(dir, 'trayTemplate@2x.png'))).toEqual([32, 32]);
    expect(pngSize(join(dir, 'tray.png'))).toEqual([24, 24]);
    expect(pngSize(join(dir, 'tray@2x.png'))).toEqual([48, 48]);
    expect(pngSize(windowIcon('linux', dir)!)).toEqual([256, 256]);
  });

  it('electron-builder.yml names the generated icons, from the folder the build writes', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8'));
    expect(config.mac.icon).toBe('out/icons/app/app.icns');
    expect(config.win.icon).toBe('out/icons/app/app.ico');
    expect(config.linux.icon).toBe('out/icons/app/png');
    expect(readFileSync('package.json', 'utf8')).toMatch(/"build": "electron-vite build && node scripts\/icons\.mjs/);
  });
});
