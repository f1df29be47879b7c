/**
 * The OS keychain: it holds one item per profile, the vault's key (vault.ts).
 *
 * `Keychain` is the small interface the core uses; `createKeytarKeychain` implements it with the
 * keytar API (`@github/keytar`, the maintained fork with N-API prebuilds), which speaks to the
 * Secret Service on Linux, Keychain on macOS and Credential Manager on Windows. The service is
 * `tokendesk`; earlier versions kept one item per secret there (keychain-migration.ts moves them).
 */
import { createRequire } from 'node:module';
import { AppError } from '../errors';

export const KEYCHAIN_SERVICE = 'tokendesk';

export interface Keychain {
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  /** Resolves true when an item was removed, false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Keys of every item this app holds (values are not read). */
  keys(): Promise<string[]>;
}

export interface KeychainStatus {
  available: boolean;
  /** Why it is unavailable and how to fix it, in words an admin can act on. */
  reason?: string;
}

interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

function loadKeytar(): KeytarApi {
  // keytar is CommonJS with a native addon; createRequire keeps it out of bundlers' way.
  const require = createRequire(import.meta.url);
  return require('@github/keytar') as KeytarApi;
}

export function createKeytarKeychain(service: string = KEYCHAIN_SERVICE): Keychain {
  let keytar: KeytarApi | undefined;
  const api = (): KeytarApi => (keytar ??= loadKeytar());
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new AppError('keychain-failed', `The OS keychain refused to ${what}: ${describeKeychainError(error)}`, { cause: error });
    }
  };
  return {
    get: (key) => guard('read a secret', () => api().getPassword(service, key)),
    set: (key, secret) => guard('store a secret', () => api().setPassword(service, key, secret)),
    delete: (key) => guard('delete a secret', () => api().deletePassword(service, key)),
    // findCredentials returns values too; we drop them at once and never hold them.
    keys: () => guard('list secrets', async () => (await api().findCredentials(service)).map((c) => c.account)),
  };
}

/** The library's own message, which names the backend problem (it never contains a secret). */
function describeKeychainError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
