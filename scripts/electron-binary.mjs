// The Electron binary: where it is, and fetching it the normal way. Electron >= 42 no longer downloads
// it at `npm install`; its package's own installer (`install-electron`, node_modules/electron/install.js)
// fetches it from GitHub on first use into node_modules/electron/dist. On machines that cannot reach
// GitHub it stays absent, and callers say so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Electron's own requirement for its installer (electron's package.json `engines`). */
export const ELECTRON_NODE = '22.12.0';

/** @returns {{ path: string } | { path: null, reason: string }} */
export function findElectronBinary(root = process.cwd()) {
  const dir = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(path) ? { path } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no electron binary (${path})` };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)' };
  const path = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path } : { path: null, reason: `the Electron binary is missing at ${path}` };
}

/** True when this Node is older than what Electron's installer declares. */
export function nodeTooOldForElectron(version = process.versions.node) {
  const [a, b] = version.split('.').map(Number);
  const [x, y] = ELECTRON_NODE.split('.').map(Number);
  return a < x || (a === x && b < y);
}

/**
 * The binary, downloading it first if needed (progress on the terminal). On failure, `reason` is one
 * line: the installer's last error line, and the Node version when it is older than Electron's requirement.
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 (set by the test runner and CI) means: never download, say what is missing.
 * @returns {{ path: string } | { path: null, reason: string }}
 */
export function ensureElectronBinary(root = process.cwd(), env = process.env) {
  const found = findElectronBinary(root);
  if (found.path || env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return found;
  const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  console.log(`Downloading Electron ${version} (once; about 100 MB)…`);
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 600_000,
  });
  const after = findElectronBinary(root);
  if (after.path) return after;
  const lines = `${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.find((l) => /Error|ENOTFOUND|ECONN|ETIMEDOUT|fetch failed/.test(l)) ?? lines.at(-1) ?? `exit code ${run.status}`;
  const node = nodeTooOldForElectron() ? `; note that Electron's installer needs Node ≥ ${ELECTRON_NODE} and this is Node ${process.versions.node}` : '';
  return { path: null, reason: `the Electron binary could not be downloaded (${error})${node}` };
}
