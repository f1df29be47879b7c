// Prepares this checkout, the same way on Linux, macOS and Windows, without root:
//   node scripts/setup.mjs           npm packages, when node_modules is missing or older than the lockfile
//   node scripts/setup.mjs --tests   first the system packages the TEST SUITE drives (Debian/Ubuntu only:
//                                    a Secret Service, D-Bus, Chromium, Xvfb), as root or through sudo
// `npm start`, `npm run dev` and `npm run package` never install system packages: the desktop app needs
// none beyond what a desktop has (on Linux, libsecret and a Secret Service; without one the app starts in
// its keychain-missing mode and says what to install).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** libsecret: the library keytar loads; gnome-keyring + D-Bus: a private Secret Service per test run;
 *  chromium-headless-shell: the browser the headless tests drive (a third lighter than the full one);
 *  chromium: the full browser, for the benchmark, screenshots and headed runs; xvfb + xauth: headed runs. */
export const TEST_SYSTEM_PACKAGES = ['libsecret-1-0', 'gnome-keyring', 'dbus-daemon', 'dbus-bin', 'chromium', 'chromium-headless-shell', 'xvfb', 'xauth'];

const log = (line) => console.log(`tokendesk setup: ${line}`);

/** Runs npm with these arguments: through the npm that runs us when there is one (no shell needed on Windows). */
export function runNpm(args, options = {}) {
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli && /\.c?js$/.test(npmCli)
      ? spawnSync(process.execPath, [npmCli, ...args], { stdio: 'inherit', cwd: ROOT, ...options })
      : spawnSync('npm', args, { stdio: 'inherit', cwd: ROOT, shell: process.platform === 'win32', ...options });
  return result.status ?? 1;
}

/** True when node_modules is missing, or the lockfile changed since the last install. */
export function npmPackagesStale(root = ROOT) {
  const installed = join(root, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
}

export function ensureNpmPackages(root = ROOT) {
  if (!npmPackagesStale(root)) return;
  log('installing npm packages (npm ci)');
  if (runNpm(['ci', '--no-audit', '--no-fund'], { cwd: root }) !== 0) {
    console.error('tokendesk setup: `npm ci` failed; see above.');
    process.exit(1);
  }
}

/** The packages of `wanted` that dpkg does not list as installed; null when this is not a dpkg system. */
export function missingDebianPackages(wanted) {
  const probe = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...wanted], { encoding: 'utf8' });
  if (probe.error) return null;
  const installed = new Set(
    probe.stdout
      .split('\n')
      .filter((l) => l.endsWith(' install ok installed'))
      .map((l) => l.split(' ')[0]),
  );
  return wanted.filter((p) => !installed.has(p));
}

export function ensureTestSystemPackages() {
  if (process.platform !== 'linux') return;
  const missing = missingDebianPackages(TEST_SYSTEM_PACKAGES);
  if (missing === null) {
    log(`not a Debian/Ubuntu machine: the tests need libsecret, gnome-keyring, dbus and Chromium (CHROMIUM_PATH); install them with your package manager.`);
    return;
  }
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : spawnSync('sudo', ['-V'], { stdio: 'ignore' }).status === 0 ? ['sudo'] : null;
  if (!sudo) {
    console.error(`tokendesk setup: the tests need these system packages: ${missing.join(' ')}. Install them as root: apt-get install ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`installing the test suite's system packages: ${missing.join(' ')}`);
  const apt = (args) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    const status = spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
    if (status !== 0) {
      console.error(`tokendesk setup: apt-get ${args[0]} failed (exit ${status}).`);
      process.exit(1);
    }
  };
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--tests')) ensureTestSystemPackages();
  ensureNpmPackages();
}
