/**
 * Where the CLI finds the app's data: the same store, vault, audit log and keychain service as the
 * desktop app (Electron's userData for productName "Tokendesk"), or `--data-dir`.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../core/core';
import type { AppInfo } from '../core/model';
import { AppError } from '../core/errors';
import { createKeytarKeychain, KEYCHAIN_SERVICE } from '../core/vault/keychain';
import type { Platform } from '../core/platform';
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
    // The command line takes paths as arguments.
    pickFolder: async () => null,
  };
}

export async function openProfile(dataDir: string, stderr: NodeJS.WritableStream): Promise<Core> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // TOKENDESK_KEYCHAIN_SERVICE keeps test and demo profiles apart from a real one.
  const keychain = createKeytarKeychain(process.env['TOKENDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE);
  const core = await createCore({
    profileDir: dataDir,
    keychain,
    platform: cliPlatform(stderr),
    logger: consoleLogger(stderr),
    version: VERSION,
    runtime: 'cli',
  });
  const info = core.profile.info();
  if (!info.keychain.available) stderr.write(`tokendesk: warning: ${info.keychain.reason}\n`);
  for (const line of vaultWarnings(info)) stderr.write(`tokendesk: warning: ${line}\n`);
  return core;
}

/** What the CLI says when the vault could not be opened as it was, or values are missing from it (the window shows the same). */
export function vaultWarnings(info: AppInfo): string[] {
  const { vault } = info;
  const lines: string[] = [];
  if (vault.state === 'reset') {
    const why = {
      'key-lost': 'the OS keychain no longer holds its key',
      'other-key': 'it was written with another key (another machine or another user?)',
      'other-profile': 'the file belongs to another profile',
      damaged: 'the file is damaged',
      'file-lost': 'the file is missing',
    }[vault.reason ?? 'damaged'];
    lines.push(
      `the vault could not be opened (${why}); a new one was started${vault.setAside ? `, and the old file was kept at ${vault.setAside}` : ''}.`,
      'Account credentials that were in the vault must be entered again (tokendesk accounts edit, or the window).',
    );
  }
  const back = vault.lostValues.filter((v) => v.comesBack);
  const gone = vault.lostValues.filter((v) => !v.comesBack);
  if (back.length) lines.push(`${back.length} LDP token value(s) will be read again from OVHcloud at the next sync.`);
  if (gone.length)
    lines.push(
      `${gone.length} value(s) shown only once by the provider are lost: ${gone
        .slice(0, 10)
        .map((v) => `"${v.name}" (${v.accountLabel})`)
        .join(', ')}${gone.length > 10 ? ', …' : ''}. Rotate those tokens to get new values.`,
    );
  return lines;
}
