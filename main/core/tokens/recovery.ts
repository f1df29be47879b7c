/**
 * After the settings file was rebuilt, sync recreates every token record with its former id
 * (reconcile.tokenRecordId); this re-links the secrets the keychain still holds under those ids and
 * recomputes their fingerprints, so copy, reveal and leak matching work again.
 */
import { tokenSecretKey } from './record';
import type { TokenStore } from './token-store';
import type { Keychain } from '../vault/keychain';

export async function relinkSecrets(tokens: TokenStore, keychain: Keychain, accountId: string): Promise<number> {
  let relinked = 0;
  for (const record of tokens.all().filter((r) => r.accountId === accountId && !r.hasSecret && r.status !== 'revoked' && r.status !== 'gone')) {
    const value = await keychain.get(tokenSecretKey(record.id));
    if (value === null) continue;
    tokens.patch(record.id, { hasSecret: true, fingerprint: await tokens.fingerprintOf(value).catch(() => null) });
    relinked += 1;
  }
  return relinked;
}
