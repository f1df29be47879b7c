// `npm start`: runs the built app in Electron. Where the Electron binary cannot be had (no route to
// GitHub, where Electron publishes it), says so in one line and points to the browser demo.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

let found = findElectronBinary();
if (!found.path && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  spawnSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'ignore', timeout: 120_000 });
  found = findElectronBinary();
}
if (!found.path) {
  console.error(`tokendesk: cannot start the desktop app here: ${found.reason} and it cannot be downloaded on this machine. Run \`npm run demo\` to use Tokendesk in your browser instead.`);
  process.exit(1);
}
const child = spawn(found.path, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
