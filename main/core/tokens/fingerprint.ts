/**
 * Keyed fingerprints of token values (HMAC-SHA-256 with a per-install key kept in the vault), so
 * a pasted secret can be matched without reading or decrypting any stored value, and a fingerprint
 * is useless off this machine.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SecretStore } from '../vault/vault';
import { FINGERPRINT_KEY_ITEM } from '../vault/vault-keys';

export async function loadFingerprintKey(secrets: SecretStore): Promise<Buffer> {
  const stored = await secrets.get(FINGERPRINT_KEY_ITEM);
  if (stored) return Buffer.from(stored, 'base64');
  const key = randomBytes(32);
  await secrets.set(FINGERPRINT_KEY_ITEM, key.toString('base64'));
  return key;
}

export function fingerprint(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/**
 * fingerprint -> token id, one map probe per lookup. A constant-time compare would add nothing: the
 * map lives in main's memory, and whoever can time it can read it; the keyed HMAC is the protection.
 */
export class FingerprintIndex {
  readonly #byPrint = new Map<string, string>();

  constructor(entries: Iterable<readonly [fingerprint: string, tokenId: string]> = []) {
    for (const [print, id] of entries) this.#byPrint.set(print, id);
  }

  get size(): number {
    return this.#byPrint.size;
  }

  set(print: string, tokenId: string): void {
    this.#byPrint.set(print, tokenId);
  }

  delete(print: string): void {
    this.#byPrint.delete(print);
  }

  lookup(print: string): string | undefined {
    return this.#byPrint.get(print);
  }
}
