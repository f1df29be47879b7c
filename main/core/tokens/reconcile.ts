/**
 * Merges what a provider listed into the stored records of one account. Pure: it decides, the
 * service applies (keychain writes and deletes, store write, events).
 *
 *  - a token listed in full: record created or its metadata refreshed (a 'gone' one comes back);
 *  - a token listed as unchanged: kept, marked synced;
 *  - a stored token not listed (and not in an unreadable container): marked 'gone', secret purged;
 *  - revoked records are history: they stay revoked.
 */
import { createHash } from 'node:crypto';
import { remoteKey, type ListResult, type RemoteToken } from './adapter';
import type { TokenRecord } from '../model';

export interface Reconciled {
  records: TokenRecord[];
  /** New or refreshed tokens that came with a value to store (record id -> value). */
  valuesToStore: Array<{ id: string; value: string }>;
  /** Records that disappeared remotely: their secrets must leave the keychain. */
  gone: TokenRecord[];
}

export function reconcile(existing: readonly TokenRecord[], accountId: string, provider: TokenRecord['provider'], listed: ListResult, now: string): Reconciled {
  const mine = existing.filter((r) => r.accountId === accountId);
  const others = existing.filter((r) => r.accountId !== accountId);
  const byKey = new Map(mine.map((r) => [remoteKey(r), r]));
  const seen = new Set<string>();
  const valuesToStore: Reconciled['valuesToStore'] = [];
  const next: TokenRecord[] = [];

  for (const remote of listed.tokens) {
    const key = remoteKey(remote);
    seen.add(key);
    const before = byKey.get(key);
    const record = refresh(before, remote, accountId, provider, now);
    if (remote.value !== undefined && !before?.hasSecret) valuesToStore.push({ id: record.id, value: remote.value });
    next.push(record);
  }
  for (const key of listed.unchanged) {
    const before = byKey.get(key);
    if (!before || seen.has(key)) continue;
    seen.add(key);
    const back = before.status === 'gone';
    const { endedAt: _ended, ...kept } = before;
    next.push({ ...(back ? kept : before), status: back ? 'active' : before.status, lastSyncedAt: now });
  }
  const unreadable = new Set(listed.unreadable);
  const gone: TokenRecord[] = [];
  for (const record of mine) {
    if (seen.has(remoteKey(record))) continue;
    if (record.status === 'revoked' || record.status === 'gone' || unreadable.has(record.container)) {
      next.push(record);
      continue;
    }
    const marked: TokenRecord = { ...record, status: 'gone', hasSecret: false, fingerprint: null, lastSyncedAt: now, endedAt: now };
    gone.push(record);
    next.push(marked);
  }
  return { records: [...others, ...next], valuesToStore, gone };
}

function refresh(before: TokenRecord | undefined, remote: RemoteToken, accountId: string, provider: TokenRecord['provider'], now: string): TokenRecord {
  const status = !before || before.status === 'gone' ? 'active' : before.status === 'revoked' ? 'active' : before.status;
  return {
    id: before?.id ?? tokenRecordId(accountId, remoteKey(remote)),
    accountId,
    provider,
    kind: remote.kind,
    remoteId: remote.remoteId,
    container: remote.container,
    name: remote.name,
    scope: remote.scope,
    createdAt: remote.createdAt,
    expiresAt: remote.expiresAt,
    ipFilter: remote.ipFilter,
    hasSecret: before?.hasSecret ?? false,
    fingerprint: before?.fingerprint ?? null,
    status,
    lastSyncedAt: now,
  };
}

/** Adds or refreshes one token (after a create or rotate), leaving every other record untouched. */
export function upsertRemote(existing: readonly TokenRecord[], accountId: string, provider: TokenRecord['provider'], remote: RemoteToken, now: string): { records: TokenRecord[]; record: TokenRecord } {
  const key = remoteKey(remote);
  const before = existing.find((r) => r.accountId === accountId && remoteKey(r) === key);
  const record = refresh(before, remote, accountId, provider, now);
  return { records: before ? existing.map((r) => (r === before ? record : r)) : [...existing, record], record };
}

/**
 * A record's id is derived from its account and remote identity, so a store rebuilt from the
 * providers gives every token the id it had, and the secret kept under `token:<id>` is found again.
 */
export function tokenRecordId(accountId: string, key: string): string {
  return createHash('sha256').update(`${accountId}|${key}`, 'utf8').digest('base64url').slice(0, 32);
}
