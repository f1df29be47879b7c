// `npm start`: npm packages if missing, a build, then the app in Electron (its binary fetched the normal
// way on first start). Where the binary cannot be had, one line says why and points to the browser demo.
// Installs no system package and needs no root (scripts/setup.mjs).
import { spawn } from 'node:child_process';
import { ensureElectronBinary } from './electron-binary.mjs';
import { ensureNpmPackages, ROOT, runNpm } from './setup.mjs';

ensureNpmPackages();
if (runNpm(['run', 'build', '--silent']) !== 0) process.exit(1);
const binary = ensureElectronBinary(ROOT);
if (!binary.path) {
  console.error(`tokendesk: cannot start the desktop app: ${binary.reason}. Run \`npm run demo\` to use Tokendesk in your browser instead.`);
  process.exit(1);
}
const child = spawn(binary.path, ['.'], { stdio: 'inherit', cwd: ROOT });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
