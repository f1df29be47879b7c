/**
 * Merges what a provider listed into the stored records of one account. Pure: it decides, the
 * service applies (keychain writes and deletes, store write, events).
 *
 *  - a token listed in full: record created or its metadata refreshed (a 'gone' one comes back);
 *  - a token listed as unchanged: kept as it is;
 *  - a stored token not listed (and not in an unreadable container): marked 'gone', secret purged
 *    (its fingerprint stays, so a leak of the old value is still recognised);
 *  - revoked records are history: they stay revoked.
 *
 * A record nothing new was learnt about is kept as the very same object, so a sync that changed
 * nothing writes nothing and tells the window nothing. (`lastSyncedAt` is when the record last
 * changed; when the account was last read is its sync state.)
 */
import { hash } from 'node:crypto';
import { remoteKey, type ListResult, type RemoteToken } from './adapter';
import type { TokenRecord } from '../model';
import { sameJson } from '../objects';

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
    if (remote.value !== undefined && !before?.hasSecret && record.status === 'active') valuesToStore.push({ id: record.id, value: remote.value });
    next.push(record);
  }
  for (const key of listed.unchanged) {
    const before = byKey.get(key);
    if (!before || seen.has(key)) continue;
    seen.add(key);
    next.push(before.status === 'gone' ? { ...before, status: 'active', statusSince: null, lastSyncedAt: now } : before);
  }
  const unreadable = new Set(listed.unreadable);
  const gone: TokenRecord[] = [];
  for (const record of mine) {
    if (seen.has(remoteKey(record))) continue;
    if (record.status === 'revoked' || record.status === 'gone' || unreadable.has(record.container)) {
      next.push(record);
      continue;
    }
    const marked: TokenRecord = { ...record, status: 'gone', statusSince: now, hasSecret: false, lastSyncedAt: now };
    gone.push(record);
    next.push(marked);
  }
  return { records: [...others, ...next], valuesToStore, gone };
}

function refresh(before: TokenRecord | undefined, remote: RemoteToken, accountId: string, provider: TokenRecord['provider'], now: string): TokenRecord {
  // A revoke the provider confirmed is history: a provider still listing the token for a while
  // (its own delay) does not make it live again. A token that was gone and is back lives again.
  const status = !before || before.status === 'gone' ? 'active' : before.status;
  if (before && status === before.status && sameRemoteFields(before, remote)) return before;
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
    statusSince: before && status === before.status ? (before.statusSince ?? null) : null,
    rotatedTo: before?.rotatedTo ?? null,
    lastSyncedAt: now,
  };
}

/**
 * Forgets the fingerprints of tokens revoked, rotated away or gone longer than the retention
 * (the fingerprint retention setting): past it, a leak of the old value is no longer recognised.
 */
export function pruneFingerprints(records: readonly TokenRecord[], retentionDays: number, now: number): TokenRecord[] {
  const cutoff = now - retentionDays * 86_400_000;
  // A token that still lives (an LDP token rotated but not revoked yet) keeps its fingerprint.
  const ended = (r: TokenRecord): string | null => (r.status === 'revoked' || r.status === 'gone' ? (r.statusSince ?? r.rotatedTo?.at ?? null) : null);
  let changed = false;
  const next = records.map((r) => {
    const since = ended(r);
    if (!r.fingerprint || since === null || Date.parse(since) > cutoff) return r;
    changed = true;
    return { ...r, fingerprint: null };
  });
  return changed ? next : (records as TokenRecord[]);
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
  return hash('sha256', `${accountId}|${key}`, 'base64url').slice(0, 32);
}

/** Whether a provider's description of a token says nothing new about the record. */
function sameRemoteFields(record: TokenRecord, remote: RemoteToken): boolean {
  return (
    record.kind === remote.kind &&
    record.remoteId === remote.remoteId &&
    record.container === remote.container &&
    record.name === remote.name &&
    record.createdAt === remote.createdAt &&
    record.expiresAt === remote.expiresAt &&
    record.ipFilter === remote.ipFilter &&
    sameJson(record.scope, remote.scope)
  );
}
