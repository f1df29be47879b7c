/**
 * The set-up scripts a person meets first: `npm start` / `npm run dev` / `npm run package` run on
 * Node alone (no bash, no root, no system packages); only `npm test` installs the test suite's
 * system packages, on Debian/Ubuntu. Where Electron's binary cannot be downloaded, the reason is one
 * line. Node versions: what the app needs (engines) and what the build and tests run on (devEngines).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_NODE, ensureElectronBinary, findElectronBinary, nodeTooOldForElectron } from '../../../scripts/electron-binary.mjs';
import { missingDebianPackages, npmPackagesStale, TEST_SYSTEM_PACKAGES } from '../../../scripts/setup.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string; onFail: string } };
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tokendesk-setup-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A checkout whose node_modules/electron has an installer that behaves as given. */
function fakeElectron(name: string, installer: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'node_modules/electron'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/electron/package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(join(dir, 'node_modules/electron/install.js'), installer);
  return dir;
}

describe('the Electron binary, fetched the normal way', () => {
  // The suite itself runs with ELECTRON_SKIP_BINARY_DOWNLOAD=1; a person's `npm start` does not.
  const personsEnv = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: undefined };

  it("where GitHub is unreachable: no binary, and one line saying why (the installer's own error)", () => {
    const dir = fakeElectron(
      'offline',
      `console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (node_modules/got/dist/source/core/index.js:1)'); process.exit(1);`,
    );
    const result = ensureElectronBinary(dir, personsEnv);
    expect(result.path).toBeNull();
    const reason = result.path === null ? result.reason : '';
    expect(reason).toMatch(/^the Electron binary could not be downloaded \(RequestError: getaddrinfo ENOTFOUND github\.com\)/);
    expect(reason).not.toContain('\n');
    if (nodeTooOldForElectron()) expect(reason).toContain(`Electron's installer needs Node ≥ ${ELECTRON_NODE} and this is Node ${process.versions.node}`);
  });

  it('where the installer succeeds: the binary it wrote is the one started', () => {
    const dir = fakeElectron(
      'online',
      `const fs = require('fs'); fs.mkdirSync(__dirname + '/dist'); fs.writeFileSync(__dirname + '/dist/electron', ''); fs.writeFileSync(__dirname + '/path.txt', 'electron');`,
    );
    expect(findElectronBinary(dir).path).toBeNull();
    expect(ensureElectronBinary(dir, personsEnv)).toEqual({ path: join(dir, 'node_modules/electron/dist/electron') });
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD=1 the installer is never run: the reason says the binary is missing', () => {
    const dir = fakeElectron('skipped', `require('fs').writeFileSync(__dirname + '/ran', ''); process.exit(1);`);
    const result = ensureElectronBinary(dir, { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(result).toEqual({ path: null, reason: expect.stringMatching(/has not been downloaded/) });
    expect(() => readFileSync(join(dir, 'node_modules/electron/ran'))).toThrow();
  });

  it("compares Node versions with Electron's requirement", () => {
    expect(nodeTooOldForElectron('20.20.2')).toBe(true);
    expect(nodeTooOldForElectron('22.11.0')).toBe(true);
    expect(nodeTooOldForElectron('22.12.0')).toBe(false);
    expect(nodeTooOldForElectron('24.1.0')).toBe(false);
  });
});

describe('npm packages: installed when missing or older than the lockfile', () => {
  it('is stale without node_modules, fresh after an install, stale again when the lockfile changes', () => {
    const dir = join(root, 'checkout');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    expect(npmPackagesStale(dir)).toBe(true);
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules/.package-lock.json'), '{}');
    const now = Date.now() / 1000;
    utimesSync(join(dir, 'package-lock.json'), now - 60, now - 60);
    expect(npmPackagesStale(dir)).toBe(false);
    utimesSync(join(dir, 'package-lock.json'), now + 60, now + 60);
    expect(npmPackagesStale(dir)).toBe(true);
  });
});

describe('system packages: for the test suite only', () => {
  it('npm start, dev, package, demo and setup run on Node alone and never ask for the test packages', () => {
    for (const script of ['start', 'dev', 'package', 'demo', 'bench', 'setup']) {
      expect(pkg.scripts[script], script).not.toMatch(/\bbash\b|\bsudo\b|apt-get|--tests/);
    }
    for (const file of ['scripts/start.mjs', 'scripts/dev.mjs', 'scripts/with-keychain.mjs']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/ensureTestSystemPackages|apt-get|sudo/);
    }
    expect(pkg.scripts['test']).toBe('node scripts/setup.mjs --tests && bash scripts/test.sh');
  });

  it("the test suite's packages: a Secret Service on D-Bus, the library keytar loads, Chromium and its headless shell, Xvfb", () => {
    expect(TEST_SYSTEM_PACKAGES).toEqual(['libsecret-1-0', 'gnome-keyring', 'dbus-daemon', 'dbus-bin', 'chromium', 'chromium-headless-shell', 'xvfb', 'xauth']);
  });

  it.runIf(missingDebianPackages(['dpkg']) !== null)('dpkg tells what is missing (Debian/Ubuntu)', () => {
    expect(missingDebianPackages(['dpkg', 'tokendesk-no-such-package'])).toEqual(['tokendesk-no-such-package']);
  });
});

describe('Node versions, stated honestly', () => {
  it("engines: what the desktop app needs, Electron's own requirement", () => {
    const electron = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { engines: { node: string } };
    expect(electron.engines.node.replace(/\s/g, '')).toBe(`>=${ELECTRON_NODE}`);
    expect(pkg.engines.node).toBe(`>=${ELECTRON_NODE}`);
  });

  it('devEngines: what the build and the tests run on, enforced by npm; nothing hides the difference', () => {
    expect(pkg.devEngines.runtime).toEqual({ name: 'node', version: `^20.19.0 || >=${ELECTRON_NODE}`, onFail: 'error' });
    expect(readFileSync('.npmrc', 'utf8')).not.toMatch(/engine-strict/);
  });
});
