/**
 * After the settings file was rebuilt, sync recreates every token record with its former id
 * (reconcile.tokenRecordId); this re-links the values the vault still holds under those ids and
 * recomputes their fingerprints, so copy, reveal and leak matching work again. One store write.
 */
import type { TokenStore } from './token-store';

export async function relinkSecrets(tokens: TokenStore, accountId: string): Promise<number> {
  const orphans = tokens.all().filter((r) => r.accountId === accountId && !r.hasSecret && r.status !== 'revoked' && r.status !== 'gone' && tokens.hasSecret(r.id));
  if (orphans.length === 0) return 0;
  const prints = new Map<string, string | null>();
  for (const record of orphans) {
    const value = await tokens.secret(record.id);
    if (value !== null) prints.set(record.id, await tokens.fingerprintOf(value).catch(() => null));
  }
  await tokens.update((records) => records.map((r) => (prints.has(r.id) ? { ...r, hasSecret: true, fingerprint: prints.get(r.id) ?? null } : r)));
  return prints.size;
}
