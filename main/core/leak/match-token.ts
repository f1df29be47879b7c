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
import { isLogScaleApiKind, logScaleTokenId } from '../providers/logscale/token-shape';
import type { FingerprintIndex } from './fingerprint';

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
  const byRemoteId = new Map<string, string[]>();
  for (const r of records) {
    if (r.provider !== 'logscale' || !isLogScaleApiKind(r.kind)) continue;
    const ids = byRemoteId.get(r.remoteId);
    if (ids) ids.push(r.id);
    else byRemoteId.set(r.remoteId, [r.id]);
  }
  return (value, print) => {
    const byPrint = index.lookup(print);
    if (byPrint) return { by: 'fingerprint', tokenId: byPrint };
    const remoteId = logScaleTokenId(value);
    const ids = remoteId ? byRemoteId.get(remoteId) : undefined;
    if (!remoteId || !ids) return null;
    return ids.length === 1 ? { by: 'logscale-token-id', tokenId: ids[0]! } : { by: 'ambiguous', remoteId, tokenIds: [...ids] };
  };
}
