/**
 * `npm run demo`: the whole app in a browser, on this machine, without the Electron binary.
 * Uses a throwaway profile and the keychain service `tokendesk-demo`, so it never touches the
 * data of an installed Tokendesk.
 */
import { createKeytarKeychain } from '../../main/core/keychain';
import { startHarness } from './server';

const harness = await startHarness({ keychain: createKeytarKeychain('tokendesk-demo'), port: Number(process.env['PORT'] ?? 0) });
console.log(`Tokendesk demo is running. Open this address in Chromium:\n\n  ${harness.url}\n`);
console.log(`Profile: ${harness.dataDir}\nPress Ctrl+C to stop.`);

const stop = async (): Promise<void> => {
  await harness.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
