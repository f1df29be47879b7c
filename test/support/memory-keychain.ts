/**
 * A keychain in memory, for benchmarks and the screenshot script only: they measure or draw, and a
 * D-Bus round trip per secret would only add noise. Tests use the real Secret Service (keychain.ts).
 */
import type { Keychain } from '../../main/core/vault/keychain';

export function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    get: async (key) => items.get(key) ?? null,
    set: async (key, secret) => void items.set(key, secret),
    delete: async (key) => items.delete(key),
    keys: async () => [...items.keys()],
  };
}
