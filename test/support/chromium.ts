/**
 * Debian's Chromium (never a downloaded browser), and the flags that keep it off the network this
 * machine cannot reach. Used by the Playwright config, the renderer benchmark and the screenshot script.
 */
import { existsSync } from 'node:fs';

/** The full browser (package `chromium`): the renderer benchmark and the screenshot script. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The headless tests' browser: Debian's headless shell (package `chromium-headless-shell`), the same
 * Blink and V8 without the desktop browser around them, which is what Playwright itself runs for
 * headless Chromium. The full browser in its headless mode kept both cores busy with its own
 * processes (software GL, browser UI): the Playwright suite took 4.2 min with it and 3.0 min with the
 * shell on the same machine. Without the shell (another distribution), the full browser.
 */
const DEBIAN_HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';
export const CHROMIUM_HEADLESS_PATH =
  process.env['CHROMIUM_HEADLESS_PATH'] ??
  (process.env['CHROMIUM_PATH'] === undefined && existsSync(DEBIAN_HEADLESS_SHELL) ? DEBIAN_HEADLESS_SHELL : CHROMIUM_PATH);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--metrics-recording-only',
  '--no-default-browser-check',
];
