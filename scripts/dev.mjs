// `npm run dev`: electron-vite's dev server with live reload. The renderer reloads in place on save
// (Vite HMR); main and preload are rebuilt and Electron restarted (--watch). The page's CSP is relaxed
// for the dev server's origin only (main/electron/csp.ts, electron.vite.config.ts); the shell honours
// that server only when unpackaged.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureElectronBinary } from './electron-binary.mjs';
import { ensureNpmPackages, ROOT } from './setup.mjs';

ensureNpmPackages();
// The tray and window images are not part of electron-vite's build.
if (spawnSync(process.execPath, [join(ROOT, 'scripts', 'icons.mjs')], { stdio: 'inherit', cwd: ROOT }).status !== 0) process.exit(1);
const binary = ensureElectronBinary(ROOT);
if (!binary.path) {
  console.error(`tokendesk: cannot start the desktop app: ${binary.reason}. Run \`npm run demo\` to use Tokendesk in your browser instead.`);
  process.exit(1);
}
const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [cli, 'dev', '--watch', ...process.argv.slice(2)], { stdio: 'inherit', cwd: ROOT });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
