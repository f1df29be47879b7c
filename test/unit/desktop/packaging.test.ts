/**
 * `npm run package`, as far as it runs without the real Electron binary:
 * - the afterPack hook's fuse check (scripts/after-pack.mjs) against fixture binaries: small files
 *   carrying the fuse sentinel and wire that @electron/fuses reads and writes;
 * - the files list and keytar's prebuild pruning for every target, through electron-builder's own
 *   file matchers (app-builder-lib, pinned with electron-builder), on the real checkout and node_modules;
 * - and one real `electron-builder --linux dir` with a fixture standing in for Electron: it packs
 *   app.asar from the real build, runs the hook, and the result is read back.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterPack, checkPackagedFuses, fuseConfig, fuseDifferences, packagedBinary } from '../../../scripts/after-pack.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve('.');
const config = parse(readFileSync('electron-builder.yml', 'utf8'));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in fuse-wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, ASAR integrity off, ASAR-only off, V8 snapshot off, file:// privileges on. */
const ELECTRON_DEFAULTS = '10110001';

/** A stand-in for an Electron binary: some code bytes, the fuse sentinel, wire version 1, its length, one byte per fuse. */
function writeFixtureBinary(file: string, wire = ELECTRON_DEFAULTS): void {
  const fuses = Buffer.from(wire, 'latin1');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('#!/bin/sh\nexit 0\n'),
      Buffer.alloc(256, 0x90),
      Buffer.from(SENTINEL, 'latin1'),
      Buffer.from([1, fuses.length]),
      fuses,
      Buffer.alloc(256),
    ]),
  );
  chmodSync(file, 0o755);
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tokendesk-package-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('afterPack: the packaged binary carries the configured fuses, or the build fails', () => {
  it('electron-builder.yml configures the hook and every fuse', () => {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    expect(Object.keys(config.electronFuses)).toHaveLength(7);
    expect(config.electronFuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(config.electronFuses.onlyLoadAppFromAsar).toBe(true);
  });

  it('an untouched Electron binary fails, naming each fuse that differs', async () => {
    const binary = join(scratch, 'untouched');
    writeFixtureBinary(binary);
    const problems = fuseDifferences(await getCurrentFuseWire(binary), config.electronFuses);
    expect(problems).toEqual([
      'runAsNode: wanted off, the binary has on',
      'enableCookieEncryption: wanted on, the binary has off',
      'enableNodeOptionsEnvironmentVariable: wanted off, the binary has on',
      'enableNodeCliInspectArguments: wanted off, the binary has on',
      'enableEmbeddedAsarIntegrityValidation: wanted on, the binary has off',
      'onlyLoadAppFromAsar: wanted on, the binary has off',
      'grantFileProtocolExtraPrivileges: wanted off, the binary has on',
    ]);
    await expect(checkPackagedFuses(binary, config.electronFuses)).rejects.toThrow(
      /does not carry the fuses of electron-builder\.yml:\n {2}runAsNode: wanted off, the binary has on/,
    );
  });

  it('one fuse flipped back (or removed, or missing from a short wire) is enough to fail', async () => {
    const binary = join(scratch, 'one-off');
    writeFixtureBinary(binary, '01011100'); // all as configured except enableNodeCliInspectArguments (index 3) on
    expect(fuseDifferences(await getCurrentFuseWire(binary), config.electronFuses)).toEqual(['enableNodeCliInspectArguments: wanted off, the binary has on']);
    writeFixtureBinary(binary, '0100r1'); // ASAR integrity removed; the wire stops before the file:// fuse
    expect(fuseDifferences(await getCurrentFuseWire(binary), config.electronFuses)).toEqual([
      'enableEmbeddedAsarIntegrityValidation: wanted on, the binary has removed',
      'grantFileProtocolExtraPrivileges: wanted off, the binary has absent (fuse wire too short)',
    ]);
  });

  it('the hook flips the fuses of the packaged binary, then the check passes', async () => {
    const appOutDir = join(scratch, 'linux-unpacked');
    mkdirSync(appOutDir);
    writeFixtureBinary(join(appOutDir, 'tokendesk'));
    const context = {
      appOutDir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { executableName: 'tokendesk', appInfo: { productFilename: 'Tokendesk' }, config },
    };
    await afterPack(context);
    expect(fuseDifferences(await getCurrentFuseWire(join(appOutDir, 'tokendesk')), config.electronFuses)).toEqual([]);
    expect(await getCurrentFuseWire(join(appOutDir, 'tokendesk'))).toMatchObject({ 0: 0x30, 1: 0x31, 4: 0x31, 5: 0x31, 6: 0x30, 7: 0x30 });
  });

  it('the hook fails the build when the binary cannot take the configuration', async () => {
    const appOutDir = join(scratch, 'short-wire');
    mkdirSync(appOutDir);
    writeFixtureBinary(join(appOutDir, 'tokendesk'), '1011'); // an Electron too old for the later fuses
    const context = {
      appOutDir,
      electronPlatformName: 'linux',
      arch: 1,
      packager: { executableName: 'tokendesk', appInfo: { productFilename: 'Tokendesk' }, config },
    };
    await expect(afterPack(context)).rejects.toThrow(/not long enough/);
  });

  it('finds the binary electron-builder made on each OS', () => {
    const packager = { executableName: 'tokendesk', appInfo: { productFilename: 'Tokendesk' } };
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(join('/o', 'tokendesk'));
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(join('/o', 'Tokendesk.exe'));
    expect(packagedBinary({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(join('/o', 'Tokendesk.app'));
    expect(fuseConfig({ runAsNode: false }, { resetAdHocDarwinSignature: true })).toEqual({ version: '1', resetAdHocDarwinSignature: true, 0: false });
  });
});

// ---- files and pruning through electron-builder's own matchers --------------------------------

const { getMainFileMatchers, getNodeModuleFileMatcher, FileMatcher } = require('app-builder-lib/out/fileMatcher.js');
const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js');

type Target = { os: 'mac' | 'win' | 'linux'; platform: 'darwin' | 'win32' | 'linux'; arch: 'x64' | 'arm64' };
const TARGETS: Target[] = [
  { os: 'linux', platform: 'linux', arch: 'x64' },
  { os: 'mac', platform: 'darwin', arch: 'x64' },
  { os: 'mac', platform: 'darwin', arch: 'arm64' },
  { os: 'win', platform: 'win32', arch: 'x64' },
];

function matchersFor(target: Target) {
  const expander = (pattern: string) => expandMacro(pattern, target.arch, { productName: 'Tokendesk' }, { os: target.os, '/*': '{,/**/*}' });
  const info = { projectDir: ROOT, buildResourcesDir: config.directories.buildResources, config, isPrepackedAppAsar: false, debugLogger: { isEnabled: false } };
  const [main] = getMainFileMatchers(ROOT, '/app', expander, config[target.os], { info }, join(ROOT, 'dist'), false);
  const modules = getNodeModuleFileMatcher(ROOT, '/app', expander, config[target.os], info);
  return { main, modules, expander };
}

/** Files under dir (relative to ROOT) that a filter keeps; directories it refuses are not entered. */
function kept(dir: string, filter: (file: string, stat: Stats) => boolean, statFor = (_file: string, stat: Stats): Stats => stat): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const stat = statFor(file, statSync(file));
    if (!filter(file, stat)) continue;
    if (stat.isDirectory()) out.push(...kept(file, filter, statFor));
    else out.push(relative(ROOT, file).split('\\').join('/'));
  }
  return out;
}

describe('what each package holds (electron-builder.yml `files`, per OS)', () => {
  beforeAll(() => {
    if (!existsSync('out/main/index.js') || !existsSync('out/icons/runtime/tray.png')) throw new Error('run `npm run build` first (npm test does)');
  });

  it('the three OS lists are the same but for the keytar prebuild they keep', () => {
    const generic = (os: string) => (config[os].files as string[]).map((p) => p.replace(/(darwin|win32|linux)-\$\{arch\}/, '<platform>-${arch}'));
    expect(generic('mac')).toEqual(generic('linux'));
    expect(generic('win')).toEqual(generic('linux'));
    expect(config.files).toBeUndefined();
  });

  it.each(TARGETS)('$os $arch: the app files are the build, the runtime images and package.json, nothing else of the checkout', (target) => {
    const { main } = matchersFor(target);
    const files = kept(ROOT, main.createFilter()).sort();
    const expected = [
      'out/main/index.js',
      'out/preload/index.cjs',
      ...readdirSync('out/renderer', { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/')),
      ...readdirSync('out/icons/runtime').map((f) => `out/icons/runtime/${f}`),
      'package.json',
    ].filter((f) => !f.endsWith('.map'));
    expect(files).toEqual(expected.sort());
    // Spelled out: what the shell loads at run time is in; sources, tests and the rest of out/ are not.
    expect(files).toEqual(
      expect.arrayContaining([
        'out/main/index.js',
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'out/icons/runtime/trayTemplate.png',
        'out/icons/runtime/tray.ico',
        'out/icons/runtime/tray.png',
      ]),
    );
    expect(files.filter((f) => /^(main|renderer|preload|test|scripts|resources|docs)\/|^out\/(cli|harness|icons\/app)\//.test(f))).toEqual([]);
  });

  it.each(TARGETS)('$os $arch: keytar keeps only its $platform-$arch prebuild and its loader', (target) => {
    const { modules, expander } = matchersFor(target);
    const keytarDir = join(ROOT, 'node_modules/@github/keytar');
    const matcher = new FileMatcher(keytarDir, '/app/node_modules/@github/keytar', expander, modules.patterns);
    // electron-builder matches module files by their path inside the package (moduleFullFilePath).
    const statFor = (file: string, stat: Stats): Stats =>
      Object.assign(stat, { moduleFullFilePath: join('node_modules/@github/keytar', relative(keytarDir, file)) });
    const files = kept(keytarDir, matcher.createFilter(), statFor).map((f) => f.replace('node_modules/@github/keytar/', ''));
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([`prebuilds/${target.platform}-${target.arch}/keytar.node`]);
    expect(files).toContain('lib/keytar.js');
    expect(files.filter((f) => /^(build|src|script)\/|binding\.gyp/.test(f))).toEqual([]);
    // The kept prebuild is the one keytar's loader asks for on that target.
    expect(readFileSync(join(keytarDir, 'lib/keytar.js'), 'utf8')).toContain("'prebuilds/' + process.platform + '-' + process.arch");
  });
});

// Linux only: on macOS and Windows the desktop workflow packages for real (npm run package).
describe.runIf(process.platform === 'linux')('a real electron-builder run (--linux dir, a fixture standing in for the Electron binary)', () => {
  let appOutDir: string;
  let log: string;

  beforeAll(() => {
    const dist = join(scratch, 'electron-dist');
    mkdirSync(dist);
    writeFixtureBinary(join(dist, 'electron'));
    const output = join(scratch, 'builder-out');
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--config',
        'electron-builder.yml',
        '--linux',
        'dir',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${dist}`,
        `-c.electronVersion=${require('electron/package.json').version}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, CI: 'true' } },
    );
    log = `${run.stdout}\n${run.stderr}`;
    expect(run.status, log).toBe(0);
    appOutDir = join(output, 'linux-unpacked');
  }, 300_000);

  it('runs the hook, which leaves the packaged binary with the configured fuses', async () => {
    expect(log).toContain('fuses checked');
    await expect(checkPackagedFuses(join(appOutDir, 'tokendesk'), config.electronFuses)).resolves.toBeUndefined();
  });

  it('packs exactly the app files into app.asar, and keytar with its linux-x64 prebuild only', () => {
    const entries = listPackage(join(appOutDir, 'resources/app.asar'), { isPack: false }).map((e) => e.split('\\').join('/'));
    const { main } = matchersFor(TARGETS[0]!);
    const appFiles = kept(ROOT, main.createFilter()).map((f) => `/${f}`);
    expect(entries.filter((e) => !e.startsWith('/node_modules') && !readdirSafe(e)).sort()).toEqual(appFiles.sort());
    expect(entries.filter((e) => e.endsWith('.node'))).toEqual(['/node_modules/@github/keytar/prebuilds/linux-x64/keytar.node']);
    expect(existsSync(join(appOutDir, 'resources/app.asar.unpacked/node_modules/@github/keytar/prebuilds/linux-x64/keytar.node'))).toBe(true);
    expect(readdirSync(join(appOutDir, 'resources/app.asar.unpacked/node_modules/@github/keytar/prebuilds'))).toEqual(['linux-x64']);
  });

  /** asar lists folders too; a folder is a prefix of another entry. */
  function readdirSafe(entry: string): boolean {
    return listPackage(join(appOutDir, 'resources/app.asar'), { isPack: false }).some((e) => e.split('\\').join('/').startsWith(`${entry}/`));
  }
});
