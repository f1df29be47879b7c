// Runs a command where the OS keychain answers: on Linux inside scripts/with-keyring.sh (a private,
// unlocked gnome-keyring on a private D-Bus session, unless a desktop session already has a Secret
// Service); on macOS and Windows as is, since their keychain is always there.
//   node scripts/with-keychain.mjs tsx test/harness/demo.ts
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './setup.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-keychain.mjs <command> [args…]');
  process.exit(2);
}
const child =
  process.platform === 'linux'
    ? spawn('bash', [join(ROOT, 'scripts', 'with-keyring.sh'), command, ...args], { stdio: 'inherit', cwd: ROOT })
    : spawn(command, args, { stdio: 'inherit', cwd: ROOT, shell: process.platform === 'win32' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
