/** The `tokens:changed` event for a store delta: what the window redraws. */
import type { Events, TokenRecord } from '../model';
import type { TokenDelta } from './token-store';

/**
 * A record's summary depends on its neighbours (a shared name needs the id to confirm a revoke):
 * the live records sharing a name with a changed one are sent again too.
 */
export function tokensChanged(
  delta: TokenDelta,
  all: readonly TokenRecord[],
  summaries: (records: TokenRecord[]) => Events['tokens:changed']['added'],
): Events['tokens:changed'] {
  const touched = new Set([...delta.added, ...delta.changed, ...delta.removedRecords].map((r) => `${r.accountId}\u0000${r.name}`));
  const addedIds = new Set(delta.added.map((r) => r.id));
  const changed = new Map(delta.changed.map((r) => [r.id, r]));
  for (const r of all) if (!addedIds.has(r.id) && !changed.has(r.id) && touched.has(`${r.accountId}\u0000${r.name}`)) changed.set(r.id, r);
  return { added: summaries([...delta.added]), changed: summaries([...changed.values()]), removed: delta.removed };
}
