/**
 * How a listing becomes records when other writers changed the records while it was taken
 * (reconcile.ts): a listing only speaks of what existed when it was asked for, missing once is not
 * proof of gone, and a held value is never deleted on the word of one sync.
 */
import { describe, expect, it } from 'vitest';
import { askedRecords, missingFrom, reconcile } from '../../main/core/tokens/reconcile';
import type { ListResult, RemoteToken } from '../../main/core/tokens/adapter';
import type { TokenRecord } from '../../main/core/model';
import { tokenRecord } from '../support/records';

const NOW = '2026-12-07T12:00:00.000Z';
const remote = (r: TokenRecord): RemoteToken => ({
  kind: r.kind,
  remoteId: r.remoteId,
  container: r.container,
  name: r.name,
  scope: r.scope,
  createdAt: r.createdAt,
  expiresAt: r.expiresAt,
  ipFilter: r.ipFilter,
});
const listing = (...tokens: RemoteToken[]): ListResult => ({ tokens, unchanged: [], unreadable: [], notes: [] });
const byId = (records: TokenRecord[], id: string): TokenRecord | undefined => records.find((r) => r.id === id);

/** One sync as the token service runs it: asked, listed (twice when something seems missing), then reconciled on the records of now. */
function sync(askedFrom: TokenRecord[], now: TokenRecord[], first: ListResult, confirming: ListResult | null = first) {
  const asked = askedRecords(askedFrom, 'acc');
  const mayEnd = confirming ? missingFrom(asked, [first, confirming]) : new Set<string>();
  return reconcile(now, 'acc', 'logscale', confirming ?? first, NOW, { asked, mayEnd });
}

describe('reconcile against records that changed while the listing was taken', () => {
  const old = tokenRecord('old', null);

  it('a token created after the listing was asked for is kept, with its value, though the listing lacks it', () => {
    const created = tokenRecord('new', null, { fingerprint: 'print' });
    const plan = sync([old], [old, created], listing(remote(old)));
    expect(byId(plan.records, 'new')).toBe(created);
    expect(plan.purge).toEqual([]);
  });

  it('a record changed since the listing was asked for (revoked, rotated) is kept as it is now', () => {
    const revoked = { ...old, status: 'revoked' as const, hasSecret: false, statusSince: NOW };
    // The listing was read before the revoke reached the provider: it still lists the token.
    const plan = sync([old], [revoked], listing(remote(old)));
    expect(byId(plan.records, 'old')).toBe(revoked);
    const renamedSince = { ...old, name: 'renamed by a create' };
    expect(byId(sync([old], [renamedSince], listing({ ...remote(old), name: 'stale name' })).records, 'old')).toBe(renamedSince);
  });

  it('a token missing from the first listing but present in the confirming one stays active', () => {
    const plan = sync([old], [old], listing(), listing(remote(old)));
    expect(byId(plan.records, 'old')).toBe(old);
  });

  it('a token missing from both listings becomes gone and keeps its value; a later sync that misses it again purges the value', () => {
    const first = sync([old], [old], listing(), listing());
    const gone = byId(first.records, 'old')!;
    expect(gone).toMatchObject({ status: 'gone', hasSecret: true, statusSince: NOW });
    expect(first.purge).toEqual([]);
    const second = sync(first.records, first.records, listing(), listing());
    expect(byId(second.records, 'old')).toMatchObject({ status: 'gone', hasSecret: false });
    expect(second.purge.map((r) => r.id)).toEqual(['old']);
  });

  it('a gone token that is listed again lives again, its value still held', () => {
    const gone = { ...old, status: 'gone' as const, statusSince: NOW };
    expect(byId(sync([gone], [gone], listing(remote(old))).records, 'old')).toMatchObject({ status: 'active', hasSecret: true });
  });

  it('a record removed from the store since the listing was asked for is not brought back by it', () => {
    const plan = sync([old], [], listing(remote(old)));
    expect(plan.records).toEqual([]);
  });

  it('without a window, one listing is judged against the records as they are (the old behaviour, values kept)', () => {
    const plan = reconcile([old], 'acc', 'logscale', listing(), NOW);
    expect(byId(plan.records, 'old')).toMatchObject({ status: 'gone', hasSecret: true });
  });
});
