/**
 * Values the records say the vault holds but it does not (a lost vault key, a damaged or missing
 * vault file). At open they are marked as holding none, in one write, and listed for the window
 * until the admin has seen them. An LDP value, a LogScale ingest token or an LDP stream write token
 * comes back at the next sync (the provider answers it on every read); a value shown once (LogScale
 * API tokens, IAM personal access tokens) does not.
 */
import type { CoreEvents } from '../events';
import type { Events, LostValue } from '../model';
import type { MetadataStore } from '../store/metadata-store';
import { valueReadableAgain } from '../tokens/record';
import type { TokenStore } from '../tokens/token-store';
import type { SecretStore } from '../vault/vault';
import { tokenSecretKey } from '../vault/vault-keys';

export class LostValues {
  constructor(
    private readonly store: MetadataStore,
    private readonly tokens: TokenStore,
    private readonly secrets: SecretStore,
  ) {}

  list(): LostValue[] {
    return this.store.get('lostValues') ?? [];
  }

  /** Marks the records whose value the vault lacks, and lists them (kept in the metadata store: the process that found them may be a CLI run, and the window opens later). */
  async markMissing(): Promise<void> {
    const lost = this.tokens.all().filter((r) => r.hasSecret && !this.secrets.has(tokenSecretKey(r.id)));
    if (lost.length === 0) return;
    const ids = new Set(lost.map((r) => r.id));
    await this.tokens.update((records) => records.map((r) => (ids.has(r.id) ? { ...r, hasSecret: false } : r)));
    const labels = new Map(this.store.get('accounts').map((a) => [a.id, a.label]));
    const found = lost.map((r) => ({
      tokenId: r.id,
      name: r.name,
      accountLabel: labels.get(r.accountId) ?? 'an account',
      comesBack: valueReadableAgain(r.kind),
    }));
    await this.store.update((data) => ({ lostValues: [...(data.lostValues ?? []).filter((v) => !ids.has(v.tokenId)), ...found] }));
  }

  /** A lost value that came back (the next sync of an LDP token, a restored vault file) is no longer lost. */
  follow(events: Pick<CoreEvents, 'subscribe'>): () => void {
    return events.subscribe((name, payload) => {
      const lost = this.store.get('lostValues');
      if (name !== 'tokens:changed' || !lost?.length) return;
      const { added, changed } = payload as Events['tokens:changed'];
      const back = new Set([...added, ...changed].filter((t) => t.hasSecret).map((t) => t.id));
      if (lost.some((v) => back.has(v.tokenId)))
        void this.store.update((data) => ({ lostValues: (data.lostValues ?? []).filter((v) => !back.has(v.tokenId)) })).catch(() => undefined);
    });
  }

  /** The admin has seen the lost values: the window and the CLI stop listing them. */
  async forget(): Promise<{ forgotten: number }> {
    const forgotten = this.list().length;
    if (forgotten) await this.store.update(() => ({ lostValues: [] }));
    return { forgotten };
  }
}
