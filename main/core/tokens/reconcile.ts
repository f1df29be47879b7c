/**
 * Merges what a provider listed into the stored records of one account. Pure: it decides, the
 * service applies (vault writes and deletes, store write, events).
 *
 * A listing is a picture of the provider taken at one moment, and other processes (the CLI beside
 * the window, the window's own create while its periodic sync reads) change the records while it
 * is taken. So a listing speaks only of what existed when it was asked for:
 *
 *  - `asked`: the account's records as they were when the listing was asked for. A record that is
 *    not there, or changed since (a create, a rotation, a revoke, another sync wrote it), is newer
 *    than the listing: it is kept exactly as it is, listed or not;
 *  - a token listed in full: record created or its metadata refreshed (a 'gone' one comes back);
 *  - a token listed as unchanged: kept as it is;
 *  - a stored token not listed ends only when `mayEnd` holds its key (missing from a second,
 *    confirming listing too) and its container was readable. Missing once is not proof of gone;
 *  - ending keeps the value: a live token becomes 'gone' with its value still held (marked), and
 *    only a later sync that again finds it missing, twice, purges the value (`purge`). A value that
 *    was shown once is never deleted on the word of one sync;
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
import { onAccountServer } from './token-server';

export interface Reconciled {
  records: TokenRecord[];
  /** New or refreshed tokens that came with a value to store (record id -> value). */
  valuesToStore: Array<{ id: string; value: string }>;
  /** Records found gone a second time, by a later sync: their values leave the vault now. */
  purge: TokenRecord[];
}

/** What the listing may decide, given when it was asked for (see the module comment). */
export interface ListingWindow {
  /** The account's records when the listing was asked for, by record id. */
  asked: ReadonlyMap<string, TokenRecord>;
  /** Remote keys missing from every listing of this sync (confirmed missing): only these may end. */
  mayEnd: ReadonlySet<string>;
}

/** The records of `accountId`, as a listing asked for now will be judged against. */
export function askedRecords(records: readonly TokenRecord[], accountId: string): Map<string, TokenRecord> {
  return new Map(records.filter((r) => r.accountId === accountId && onAccountServer(r)).map((r) => [r.id, r]));
}

/**
 * A new record's id: derived from its account and remote identity (so a store rebuilt from the
 * providers finds each value again under `token:<id>`), unless a record already has that id: a
 * token the account left on another server (token-server.ts), or an earlier generation of a token
 * made again under the same key (`reborn`). Then one derived further, until no record has it: no
 * record, nor the value kept under its id, is ever taken over by another.
 */
function newRecordId(
  existing: readonly TokenRecord[],
  accountId: string,
  remote: Pick<RemoteToken, 'createdAt'> & { key: string },
  alsoTaken: ReadonlySet<string> = new Set(),
): string {
  const taken = new Set([...existing.filter((r) => r.accountId === accountId).map((r) => r.id), ...alsoTaken]);
  let id = tokenRecordId(accountId, remote.key);
  if (!taken.has(id)) return id;
  // A later generation: its creation date makes its id one a rebuilt store can find again (#relink).
  const generation = generationRecordId(accountId, remote.key, remote.createdAt);
  if (generation && !taken.has(generation)) return generation;
  for (let n = 1; taken.has(id); n++) id = tokenRecordId(accountId, `${remote.key}#${n}`);
  return id;
}

/** The id a later generation of a token key gets (made again under a revoked one's key), from its creation date; null without one. */
export function generationRecordId(accountId: string, key: string, createdAt: string | null): string | null {
  return createdAt === null ? null : tokenRecordId(accountId, `${key}@${createdAt}`);
}

/**
 * A token made again under the key of one Tokendesk saw revoked (an IAM PAT recreated with the
 * name of a deleted one): another token, with its own record. The revoked one stays as it was (its
 * fingerprint still recognises a leak of the old value); a confirmed revoke never comes back to life.
 */
function reborn(before: TokenRecord, remote: RemoteToken): boolean {
  return before.status === 'revoked' && before.createdAt !== null && remote.createdAt !== null && before.createdAt !== remote.createdAt;
}

/** The account's records by remote key; of two with one key (a revoked token and the one made again), the live one. */
function recordsByKey(records: readonly TokenRecord[]): Map<string, TokenRecord> {
  const byKey = new Map<string, TokenRecord>();
  for (const r of records) {
    const key = remoteKey(r);
    const held = byKey.get(key);
    if (!held || held.status === 'revoked') byKey.set(key, r);
  }
  return byKey;
}

/**
 * Keys of records that existed when the listing was asked for, could end, and are not in any of
 * these listings (nor in a container one of them could not read).
 */
export function missingFrom(asked: ReadonlyMap<string, TokenRecord>, listings: readonly ListResult[]): Set<string> {
  const present = new Set<string>();
  const unreadable = new Set<string>();
  for (const listed of listings) {
    for (const t of listed.tokens) present.add(remoteKey(t));
    for (const key of listed.unchanged) present.add(key);
    for (const container of listed.unreadable) unreadable.add(container);
  }
  const missing = new Set<string>();
  for (const record of asked.values()) {
    const key = remoteKey(record);
    if (canEnd(record) && !present.has(key) && !unreadable.has(record.container)) missing.add(key);
  }
  return missing;
}

/** Live records end; gone ones still holding a value have that value purged by a second finding. */
const canEnd = (record: TokenRecord): boolean => record.status === 'active' || (record.status === 'gone' && record.hasSecret);

export function reconcile(
  existing: readonly TokenRecord[],
  accountId: string,
  provider: TokenRecord['provider'],
  listed: ListResult,
  now: string,
  window?: ListingWindow,
): Reconciled {
  // Tokens the account left on another server are not judged by this server's listing.
  const isMine = (r: TokenRecord): boolean => r.accountId === accountId && onAccountServer(r);
  const mine = existing.filter(isMine);
  const others = existing.filter((r) => !isMine(r));
  const asked = window?.asked ?? new Map(mine.map((r) => [r.id, r]));
  const mayEnd = window?.mayEnd ?? missingFrom(asked, [listed]);
  // Newer than the listing: created, or changed, after it was asked for.
  const newer = (record: TokenRecord): boolean => {
    const then = asked.get(record.id);
    return then === undefined || (then !== record && !sameJson(then, record));
  };
  const byKey = recordsByKey(mine);
  const askedKeys = new Set([...asked.values()].map(remoteKey));
  const seen = new Set<string>();
  // Records placed by the two loops below; the last loop judges every other one.
  const placed = new Set<string>();
  const valuesToStore: Reconciled['valuesToStore'] = [];
  const next: TokenRecord[] = [];
  const place = (record: TokenRecord): void => {
    placed.add(record.id);
    next.push(record);
  };

  for (const remote of listed.tokens) {
    const key = remoteKey(remote);
    if (seen.has(key)) continue;
    seen.add(key);
    let before = byKey.get(key);
    if (before && reborn(before, remote)) before = undefined; // a token made again: a record of its own
    if (before && newer(before)) {
      place(before);
      continue;
    }
    // Asked for while the record existed, gone from the store since (an account's records removed): not brought back.
    if (!byKey.has(key) && askedKeys.has(key)) continue;
    const record = refresh(
      before,
      remote,
      accountId,
      provider,
      now,
      before?.id ?? newRecordId(existing, accountId, { key, createdAt: remote.createdAt }, placed),
    );
    if (remote.value !== undefined && !before?.hasSecret && record.status === 'active') valuesToStore.push({ id: record.id, value: remote.value });
    place(record);
  }
  for (const key of listed.unchanged) {
    const before = byKey.get(key);
    if (!before || seen.has(key)) continue;
    seen.add(key);
    place(before.status === 'gone' && !newer(before) ? { ...before, status: 'active', statusSince: null, lastSyncedAt: now } : before);
  }
  const purge: TokenRecord[] = [];
  for (const record of mine) {
    if (placed.has(record.id)) continue;
    // Listed under its key, but another record of that key was placed (the token made again): kept as it is.
    if (seen.has(remoteKey(record))) {
      next.push(record);
      continue;
    }
    if (newer(record) || !mayEnd.has(remoteKey(record)) || !canEnd(record)) {
      next.push(record);
      continue;
    }
    if (record.status === 'gone') {
      // Found gone by an earlier sync, missing again now: the value may go.
      purge.push(record);
      next.push({ ...record, hasSecret: false, lastSyncedAt: now });
      continue;
    }
    // Gone, with its value kept: a token missing by mistake comes back whole at the next sync.
    next.push({ ...record, status: 'gone', statusSince: now, lastSyncedAt: now });
  }
  return { records: [...others, ...next], valuesToStore, purge };
}

function refresh(
  before: TokenRecord | undefined,
  remote: RemoteToken,
  accountId: string,
  provider: TokenRecord['provider'],
  now: string,
  id: string,
): TokenRecord {
  // A revoke the provider confirmed is history: a provider still listing the token for a while
  // (its own delay) does not make it live again. A token that was gone and is back lives again.
  const status = !before || before.status === 'gone' ? 'active' : before.status;
  if (before && status === before.status && sameRemoteFields(before, remote)) return before;
  return {
    id,
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
export function upsertRemote(
  existing: readonly TokenRecord[],
  accountId: string,
  provider: TokenRecord['provider'],
  remote: RemoteToken,
  now: string,
  server?: string,
): { records: TokenRecord[]; record: TokenRecord } {
  const key = remoteKey(remote);
  // `server`: the token was made on a server the account no longer points at (it moved meanwhile).
  const there = (r: TokenRecord): boolean => (server === undefined ? onAccountServer(r) : r.server === server);
  const found = recordsByKey(existing.filter((r) => r.accountId === accountId && there(r))).get(key);
  const before = found && reborn(found, remote) ? undefined : found;
  const refreshed = refresh(before, remote, accountId, provider, now, before?.id ?? newRecordId(existing, accountId, { key, createdAt: remote.createdAt }));
  const record = server === undefined ? refreshed : { ...refreshed, server };
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
