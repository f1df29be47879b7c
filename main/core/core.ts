/**
 * The core: every service of the app wired together, with no Electron in sight. The Electron
 * shell, the browser harness, the CLI and the benchmarks all build one of these.
 */
import type { AppInfo, TokenSummary } from '../../preload/contract';
import { AccountService } from './accounts';
import { AppError } from './errors';
import { CoreEvents } from './events';
import { probeKeychain, type Keychain, type KeychainStatus } from './keychain';
import type { OpenedStore } from './store';

export interface CoreOptions {
  opened: OpenedStore;
  keychain: Keychain;
  version: string;
  runtime: AppInfo['runtime'];
}

export interface Core {
  readonly events: CoreEvents;
  readonly accounts: AccountService;
  readonly tokens: { list(): Promise<TokenSummary[]> };
  info(): AppInfo;
}

export async function createCore({ opened, keychain, version, runtime }: CoreOptions): Promise<Core> {
  const events = new CoreEvents();
  const keychainStatus = await probeKeychain(keychain);
  const guarded = keychainStatus.available ? keychain : refusingKeychain(keychain, keychainStatus);
  const accounts = new AccountService(opened.store, guarded, (list) => events.emit('accounts:changed', list));
  if (keychainStatus.available) await accounts.sweepOrphans();

  const info = (): AppInfo => ({
    version,
    runtime,
    keychain: { ...keychainStatus },
    store: opened.recoveredFrom ? { path: opened.store.path, recoveredFrom: opened.recoveredFrom } : { path: opened.store.path },
  });
  // Tokens arrive with the providers and the token service (issues 3-5); the list is empty until then.
  const tokens = { list: async (): Promise<TokenSummary[]> => [] };
  return { events, accounts, tokens, info };
}

/**
 * Degraded mode: without a working keychain, metadata can still be listed but nothing secret is
 * stored or read, and every attempt says why (never a plaintext fallback).
 */
function refusingKeychain(inner: Keychain, status: KeychainStatus): Keychain {
  const refuse = async (): Promise<never> => {
    throw new AppError('keychain-unavailable', status.reason ?? 'The OS keychain is not available.');
  };
  return { get: refuse, set: refuse, delete: refuse, keys: () => inner.keys().catch(() => []) };
}
