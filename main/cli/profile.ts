/**
 * Where the CLI finds the app's data: the same store, audit log and keychain service as the
 * desktop app (Electron's userData for productName "Tokendesk"), or `--data-dir`.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../core/core';
import { AppError } from '../core/errors';
import { createKeytarKeychain, KEYCHAIN_SERVICE } from '../core/vault/keychain';
import type { Platform } from '../core/platform';
import { openConfStore } from '../core/store/metadata-store';
import { consoleLogger } from '../core/log/logger';
import { VERSION } from './version';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tokendesk');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Tokendesk');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Tokendesk');
}

/** The CLI has no clipboard, tray or notification area: those actions say so instead. */
function cliPlatform(stderr: NodeJS.WritableStream): Platform {
  const unsupported = async (): Promise<never> => {
    throw new AppError('invalid-input', 'The command line has no clipboard access: use `tokendesk tokens get <name>` and pipe the value where it is needed.');
  };
  return {
    clipboard: { write: unsupported, readText: unsupported, clear: async () => undefined },
    notify: ({ title, body }) => void stderr.write(`${title}: ${body}\n`),
    openExternal: async (url) => void stderr.write(`Open this page in your browser: ${url}\n`),
    refreshTray: () => undefined,
  };
}

export async function openProfile(dataDir: string, stderr: NodeJS.WritableStream): Promise<Core> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // TOKENDESK_KEYCHAIN_SERVICE keeps test and demo profiles apart from a real one.
  const keychain = createKeytarKeychain(process.env['TOKENDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE);
  const core = await createCore({ opened: openConfStore(dataDir), keychain, platform: cliPlatform(stderr), logger: consoleLogger(stderr), version: VERSION, runtime: 'harness' });
  const keychainInfo = core.info().keychain;
  if (!keychainInfo.available) stderr.write(`tokendesk: warning: ${keychainInfo.reason}\n`);
  return core;
}
