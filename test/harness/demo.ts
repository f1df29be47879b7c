/**
 * `npm run demo`: the whole app in a browser, on this machine, without the Electron binary, with
 * both provider emulators and sample accounts (test/harness/scenario.ts), so the window opens
 * populated. Uses a throwaway profile and the keychain service `tokendesk-demo`, so it never
 * touches the data of an installed Tokendesk. `DEMO_EMPTY=1` starts without the sample accounts.
 */
import { startBackground } from '../../main/core/background';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startScenario, type Scenario } from './scenario';
import { startHarness } from './server';

// With the desktop stand-ins: tray menu and notifications in the page, copies on the page's clipboard.
const harness = await startHarness({ keychain: createKeytarKeychain('tokendesk-demo'), port: Number(process.env['PORT'] ?? 0), standIns: true });
let scenario: Scenario | undefined;
if (!process.env['DEMO_EMPTY']) {
  scenario = await startScenario(harness.core, { staging: true });
  console.log(`Sample accounts: LogScale emulator at ${scenario.logscale.baseUrl}, OVHcloud emulator at ${scenario.ovh.baseUrl}`);
}
// As the desktop app does: a sync now and every N minutes (Settings), and expiry alerts.
const stopBackground = startBackground(harness.core);
console.log(`Tokendesk demo is running. Open this address in Chromium:\n\n  ${harness.url}\n`);
console.log(`Profile: ${harness.dataDir}\nPress Ctrl+C to stop.`);

const stop = async (): Promise<void> => {
  stopBackground();
  await harness.close();
  await scenario?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
