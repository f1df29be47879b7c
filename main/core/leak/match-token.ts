/**
 * Which token a value is, the one rule the leak check and the scan share: the keyed fingerprint
 * first (the exact value Tokendesk holds or held: certain), then, for a LogScale API token, the id
 * before its `~`.
 *
 * An id is no proof of whose token it is: any LogScale server an admin added (a partner's, a test
 * cluster) may list a token carrying the id of another account's token. So an id that more than
 * one record carries is ambiguous, and said so with every candidate: never resolved by the order
 * records were synced in, because the answer decides which server the pasted secret is presented to.
 */
import type { TokenRecord } from '../model';
import { providerModule, providerModules } from '../providers/registry';
import type { FingerprintIndex } from '../tokens/fingerprint';

export type TokenMatch =
  | { by: 'fingerprint'; tokenId: string }
  | { by: 'logscale-token-id'; tokenId: string }
  /** The id of more than one record (most often of several accounts): no token is named. */
  | { by: 'ambiguous'; remoteId: string; tokenIds: string[] };

export type TokenMatcher = (value: string, print: string) => TokenMatch | null;

/**
 * A matcher over these records, built once (a scan asks it for every candidate string); `print` is
 * the value's fingerprint, made by the caller with the install's key.
 */
export function tokenMatcher(records: readonly TokenRecord[], index: FingerprintIndex): TokenMatcher {
  // Per platform whose values name their token: remote id to the records carrying it.
  const byRemoteId = new Map<string, string[]>();
  for (const r of records) {
    if (!providerModule(r.provider).idInValue?.names(r.kind)) continue;
    const key = `${r.provider}\u0000${r.remoteId}`;
    const ids = byRemoteId.get(key);
    if (ids) ids.push(r.id);
    else byRemoteId.set(key, [r.id]);
  }
  const naming = providerModules().filter((m) => m.idInValue);
  return (value, print) => {
    const byPrint = index.lookup(print);
    if (byPrint) return { by: 'fingerprint', tokenId: byPrint };
    for (const module of naming) {
      const remoteId = module.idInValue!.read(value);
      const ids = remoteId ? byRemoteId.get(`${module.id}\u0000${remoteId}`) : undefined;
      if (!remoteId || !ids) continue;
      return ids.length === 1 ? { by: 'logscale-token-id', tokenId: ids[0]! } : { by: 'ambiguous', remoteId, tokenIds: [...ids] };
    }
    return null;
  };
}
