/**
 * The token records (metadata store) and their secrets (vault) behind one small door.
 *
 * - Records are read from memory; an id index and a fingerprint index are rebuilt only when the
 *   list changes.
 * - Every change is one store write under the profile lock, and one `onChange` with what changed
 *   (added, changed, removed): the window applies deltas instead of receiving 10,000 records.
 * - Secrets go to the vault in batches: a sync of 1,000 new values is one vault write.
 * - Records are replaced, never edited in place, so "changed" is "a different object".
 */
import type { TokenRecord } from '../model';
import { FingerprintIndex, fingerprint } from './fingerprint';
import type { MetadataStore } from '../store/metadata-store';
import type { SecretStore } from '../vault/vault';
import { rememberSecret } from '../log/known-secrets';
import { tokenSecretKey } from '../vault/vault-keys';

export interface TokenDelta {
  added: TokenRecord[];
  changed: TokenRecord[];
  removed: string[];
  /** The removed records themselves (their neighbours may need announcing again). */
  removedRecords: TokenRecord[];
}

/** The same records in the same order (records are replaced, never edited: identity is enough). */
const sameRecords = (a: readonly TokenRecord[], b: readonly TokenRecord[]): boolean => a === b || (a.length === b.length && a.every((r, i) => r === b[i]));

export const isEmptyDelta = (d: TokenDelta): boolean => d.added.length === 0 && d.changed.length === 0 && d.removed.length === 0;

/** What differs between two versions of the list (by id, and by object identity for changes). */
export function diffRecords(before: readonly TokenRecord[], after: readonly TokenRecord[]): TokenDelta {
  const old = new Map(before.map((r) => [r.id, r]));
  const delta: TokenDelta = { added: [], changed: [], removed: [], removedRecords: [] };
  for (const record of after) {
    const was = old.get(record.id);
    if (!was) delta.added.push(record);
    else if (was !== record) delta.changed.push(record);
    old.delete(record.id);
  }
  delta.removed = [...old.keys()];
  delta.removedRecords = [...old.values()];
  return delta;
}

export class TokenStore {
  #indexedList: readonly TokenRecord[] | null = null;
  #byId = new Map<string, TokenRecord>();
  #prints: FingerprintIndex | null = null;

  constructor(
    private readonly store: MetadataStore,
    private readonly secrets: SecretStore,
    private readonly fingerprintKey: () => Promise<Buffer>,
    private readonly onChange: (delta: TokenDelta) => void,
  ) {}

  all(): TokenRecord[] {
    return this.store.get('tokens');
  }

  find(id: string): TokenRecord | undefined {
    this.#reindex();
    return this.#byId.get(id);
  }

  /** Replaces the list with `change(current)` in one write; returns (and announces) what changed. */
  async update(change: (records: TokenRecord[]) => TokenRecord[]): Promise<TokenDelta> {
    const { before, after } = await this.store.update((data) => {
      const next = change(data.tokens);
      return sameRecords(next, data.tokens) ? undefined : { tokens: next };
    });
    return this.announce(diffRecords(before.tokens, after.tokens));
  }

  /** Takes in what another process wrote since (the store announces it). */
  async refresh(): Promise<void> {
    await this.store.refresh();
  }

  /** Tells listeners what changed (also used when another process changed the store). */
  announce(delta: TokenDelta): TokenDelta {
    if (!isEmptyDelta(delta)) this.onChange(delta);
    return delta;
  }

  async patch(id: string, fields: Partial<TokenRecord>): Promise<TokenRecord | undefined> {
    let patched: TokenRecord | undefined;
    await this.update((records) => records.map((r) => (r.id === id ? (patched = { ...r, ...fields }) : r)));
    return patched;
  }

  /**
   * Vault first, in one write; the records say they hold a secret only once the vault has it.
   * Returns each stored id's fingerprint (null when none could be made: the record is then not
   * matched by leak checks, a lesser loss than a thrown-away secret). Throws only when the vault
   * refused the values.
   */
  async storeSecrets(values: ReadonlyArray<{ id: string; value: string }>): Promise<Map<string, string | null>> {
    if (values.length === 0) return new Map();
    await this.secrets.batch(values.map(({ id, value }) => [tokenSecretKey(id), value] as const));
    const key = await this.fingerprintKey().catch(() => null);
    return new Map(values.map(({ id, value }) => [id, key ? fingerprint(key, value) : null]));
  }

  /** Stores one value and marks its record as holding it (with its fingerprint). */
  async storeSecret(id: string, value: string): Promise<void> {
    const prints = await this.storeSecrets([{ id, value }]);
    await this.patch(id, { hasSecret: true, fingerprint: prints.get(id) ?? null });
  }

  async secret(id: string): Promise<string | null> {
    const value = await this.secrets.get(tokenSecretKey(id));
    // The log redactor learns every value the process reads, whenever it reads it.
    if (value !== null) rememberSecret(value);
    return value;
  }

  hasSecret(id: string): boolean {
    return this.secrets.has(tokenSecretKey(id));
  }

  /** Deletes the values of these tokens from the vault, in one write. */
  async purgeSecrets(ids: readonly string[]): Promise<void> {
    await this.secrets.batch(ids.filter((id) => this.hasSecret(id)).map((id) => [tokenSecretKey(id), null] as const));
  }

  async fingerprintOf(value: string): Promise<string> {
    return fingerprint(await this.fingerprintKey(), value);
  }

  /** The fingerprint function with the key loaded once, synchronous: for a scan that fingerprints thousands of strings. */
  async fingerprinter(): Promise<(value: string) => string> {
    const key = await this.fingerprintKey();
    return (value) => fingerprint(key, value);
  }

  /** fingerprint -> record id over every record that holds one; rebuilt only after a change. */
  index(): FingerprintIndex {
    this.#reindex();
    this.#prints ??= new FingerprintIndex(this.all().flatMap((r) => (r.fingerprint ? [[r.fingerprint, r.id] as const] : [])));
    return this.#prints;
  }

  #reindex(): void {
    const list = this.all();
    if (list === this.#indexedList) return;
    this.#indexedList = list;
    this.#byId = new Map(list.map((r) => [r.id, r]));
    this.#prints = null;
  }
}
