/**
 * The token records in the store, and their secrets in the keychain, behind one small door.
 * Every change is a synchronous read-modify-write of the store (no await in between), so two
 * actions running at once never overwrite each other's records.
 */
import type { Keychain } from '../vault/keychain';
import { FingerprintIndex, fingerprint } from '../leak/fingerprint';
import type { MetadataStore } from '../store/metadata-store';
import { tokenSecretKey } from './record';
import type { TokenRecord } from '../model';
import { rememberSecret } from '../log/known-secrets';

export class TokenStore {
  #index: FingerprintIndex | null = null;

  constructor(
    private readonly store: MetadataStore,
    private readonly keychain: Keychain,
    private readonly fingerprintKey: () => Promise<Buffer>,
    private readonly onChange: () => void,
  ) {}

  all(): TokenRecord[] {
    return this.store.get('tokens');
  }

  find(id: string): TokenRecord | undefined {
    return this.all().find((r) => r.id === id);
  }

  update(change: (records: TokenRecord[]) => TokenRecord[]): void {
    this.store.set('tokens', change(this.all()));
    this.#index = null;
    this.onChange();
  }

  patch(id: string, fields: Partial<TokenRecord>): TokenRecord | undefined {
    let patched: TokenRecord | undefined;
    this.update((records) => records.map((r) => (r.id === id ? (patched = { ...r, ...fields }) : r)));
    return patched;
  }

  /**
   * Keychain first; the record says it holds a secret only once the keychain has it. Throws only
   * when the keychain refused the value; a fingerprint that cannot be made leaves the record
   * unmatched by leak checks, which is a lesser loss than a thrown-away secret.
   */
  async storeSecret(id: string, value: string): Promise<void> {
    rememberSecret(value);
    await this.keychain.set(tokenSecretKey(id), value);
    const print = await this.fingerprintOf(value).catch(() => null);
    this.patch(id, { hasSecret: true, fingerprint: print });
  }

  async secret(id: string): Promise<string | null> {
    const value = await this.keychain.get(tokenSecretKey(id));
    rememberSecret(value);
    return value;
  }

  async purgeSecret(id: string): Promise<void> {
    await this.keychain.delete(tokenSecretKey(id));
  }

  async fingerprintOf(value: string): Promise<string> {
    return fingerprint(await this.fingerprintKey(), value);
  }

  /** fingerprint -> record id over every record that holds one; rebuilt only after a change. */
  index(): FingerprintIndex {
    this.#index ??= new FingerprintIndex(this.all().flatMap((r) => (r.fingerprint ? [[r.fingerprint, r.id] as const] : [])));
    return this.#index;
  }
}
