/**
 * The list as the user asked to see it: the sidebar's scope (all, expiring soon, expired, revoked
 * and gone, a provider, an account), search as you type, filters that take several values, and
 * a sort by any column, reversed by a second click. Revoked and gone tokens come after live ones
 * and are hidden unless asked for.
 *
 * Cost model for 10,000 tokens: rows are rebuilt only when the list or the account labels change;
 * the order only when the sort changes; a keystroke runs one linear filter. What depends on time
 * reads `clock.minute`, never `clock.now`, so the per-second tick never re-filters; the sidebar's
 * counts are one pass a minute.
 */
import { untrack } from 'svelte';
import type { Provider, TokenKind, TokenStatus, TokenSummary } from '../../../preload/contract';
import { accounts } from './accounts.svelte';
import { clock } from './clock.svelte';
import { formatDate, formatDateTime, KIND_LABELS, liveStatus, providerLabel } from './format';
import { tokens } from './tokens.svelte';

export interface Row {
  token: TokenSummary;
  account: string;
  expiresAt: number | null;
  /** Parsed when first needed (a sort by creation, a drawn row): first paint parses expiries only. */
  createdAt: number | null | undefined;
  /** Revoked or gone: listed after live tokens, hidden by default. */
  ended: boolean;
  /** Lower-case name, for sorting. */
  key: string;
  /** Lower-case text the search looks in; built on the first search, not on first paint. */
  hay: string | null;
  /** Formatted dates, made the first time the row is drawn (Intl formatting is the costly part of a row). */
  dates: { created: string; createdTitle: string; expiresTitle: string; ended: string } | null;
}

const parse = (iso: string | null): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

const createdOf = (row: Row): number | null => (row.createdAt === undefined ? (row.createdAt = parse(row.token.createdAt)) : row.createdAt);

export const datesOf = (row: Row): NonNullable<Row['dates']> =>
  (row.dates ??= {
    created: formatDate(createdOf(row)),
    createdTitle: formatDateTime(createdOf(row)),
    expiresTitle: row.expiresAt === null ? 'Does not expire' : formatDateTime(row.expiresAt),
    ended: row.token.statusSince ? formatDate(Date.parse(row.token.statusSince)) : '',
  });

const hayOf = (row: Row): string =>
  (row.hay ??= [row.token.name, row.account, row.token.scope, KIND_LABELS[row.token.kind], providerLabel(row.token.provider), row.token.ipFilter ?? '']
    .join('\n')
    .toLowerCase());

export type SortKey = 'name' | 'account' | 'kind' | 'created' | 'expiry' | 'status';
export const WITHIN_CHOICES = [0, 1, 7, 14, 30] as const;
export type Within = (typeof WITHIN_CHOICES)[number];
/** The sidebar: a scope is one of these keys (`provider:ovh`, `account:<id>`), or the audit log. */
export type Scope = 'all' | 'expiring' | 'expired' | 'ended' | `provider:${Provider}` | `account:${string}` | 'audit';

const ENDED = new Set<TokenStatus>(['revoked', 'gone']);
/** A live token is "expiring" within this much of its expiry (as liveStatus says). */
const EXPIRING_WINDOW = 14 * 86_400_000;
const STATUS_ORDER: Record<TokenStatus, number> = { expired: 0, expiring: 1, active: 2, revoking: 3, revoked: 4, gone: 5 };

function byName(a: Row, b: Row): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.token.id < b.token.id ? -1 : 1;
}
/** Ascending order per column; a tie is broken by name, so the order is stable. */
const COMPARE: Record<SortKey, (a: Row, b: Row) => number> = {
  name: byName,
  account: (a, b) => a.account.localeCompare(b.account) || byName(a, b),
  kind: (a, b) => KIND_LABELS[a.token.kind].localeCompare(KIND_LABELS[b.token.kind]) || byName(a, b),
  // Oldest first (a second click: newest first).
  created: (a, b) => (createdOf(a) ?? -Infinity) - (createdOf(b) ?? -Infinity) || byName(a, b),
  // Soonest first, expired first of all, never-expiring last.
  expiry: (a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || byName(a, b),
  status: (a, b) => STATUS_ORDER[a.token.status] - STATUS_ORDER[b.token.status] || byName(a, b),
};

export interface Counts {
  all: number;
  expiring: number;
  expired: number;
  ended: number;
  providers: Record<Provider, number>;
  accounts: Map<string, number>;
}

class ListView {
  scope = $state<Scope>('all');
  query = $state('');
  kinds = $state.raw<ReadonlySet<TokenKind>>(new Set());
  statuses = $state.raw<ReadonlySet<TokenStatus>>(new Set());
  within = $state<Within>(0);
  showEnded = $state(false);
  sort = $state<SortKey>('expiry');
  descending = $state(false);

  labels = $derived(new Map(accounts.list.map((a) => [a.id, a.label])));

  rows: Row[] = $derived.by(() => {
    const labels = this.labels;
    return tokens.list.map((token) => ({
      token,
      account: labels.get(token.accountId) ?? '',
      expiresAt: parse(token.expiresAt),
      createdAt: undefined,
      ended: ENDED.has(token.status),
      key: token.name.toLowerCase(),
      hay: null,
      dates: null,
    }));
  });

  /** Live tokens in the chosen order, then ended ones in the same order. */
  sorted: Row[] = $derived.by(() => {
    const compare = COMPARE[this.sort];
    const order = this.descending ? (a: Row, b: Row) => compare(b, a) : compare;
    const live: Row[] = [];
    const ended: Row[] = [];
    for (const row of this.rows) (row.ended ? ended : live).push(row);
    this.#live = live.length;
    live.sort(order);
    for (const row of ended.sort(order)) live.push(row);
    return live;
  });
  /** How many rows of `sorted` are live (they come first). */
  #live = 0;

  /** Ended tokens are listed when asked for: the toggle, their own scope, or a status filter naming them. */
  showingEnded = $derived(this.showEnded || this.scope === 'ended' || [...this.statuses].some((s) => ENDED.has(s)));

  filtering = $derived(this.query.trim() !== '' || this.kinds.size > 0 || this.statuses.size > 0 || this.within !== 0);

  /** The rows of the chosen scope (sidebar), before search and filters. */
  scoped: Row[] = $derived.by(() => {
    const { scope, showingEnded } = this;
    const sorted = this.sorted;
    if (scope === 'all') return showingEnded ? sorted : sorted.slice(0, this.#live);
    const timed = scope === 'expiring' || scope === 'expired';
    const now = timed ? clock.minute : 0;
    const [scopeKind, scopeValue] = scope.split(':') as [string, string | undefined];
    return sorted.filter((row) => {
      const t = row.token;
      if (row.ended && !showingEnded) return false;
      if (scopeKind === 'provider') return t.provider === scopeValue;
      if (scopeKind === 'account') return t.accountId === scopeValue;
      if (scope === 'ended') return row.ended;
      if (timed) return liveStatus(t, row.expiresAt, now) === scope;
      return true;
    });
  });

  visible: Row[] = $derived.by(() => {
    const scoped = this.scoped;
    if (!this.filtering) return scoped;
    const { kinds, statuses, within } = this;
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    // Read the minute clock only when a filter depends on time.
    const now = statuses.size > 0 || within !== 0 ? clock.minute : 0;
    const horizon = now + within * 86_400_000;
    return scoped.filter((row) => {
      const t = row.token;
      if (statuses.size > 0 && !statuses.has(liveStatus(t, row.expiresAt, now))) return false;
      if (kinds.size > 0 && !kinds.has(t.kind)) return false;
      if (within && (row.expiresAt === null || row.expiresAt <= now || row.expiresAt > horizon)) return false;
      if (words.length) {
        const hay = hayOf(row);
        for (const word of words) if (!hay.includes(word)) return false;
      }
      return true;
    });
  });

  /**
   * The minute the counts were last made for: it moves only when the clock passes a time at which
   * some token turns expiring or expired, so most minutes cost nothing here (a derived that keeps
   * its value does not re-run what depends on it).
   */
  #countedAt = $derived.by(() => {
    const minute = clock.minute;
    void this.rows; // new rows: count again
    return minute >= untrack(() => this.#nextChange) ? minute : untrack(() => this.#lastCount);
  });
  #nextChange = 0;
  #lastCount = 0;

  /** How many live tokens each sidebar entry holds (ended ones: their own entry). */
  counts: Counts = $derived.by(() => {
    const now = this.#countedAt;
    let next = Infinity;
    const counts: Counts = { all: 0, expiring: 0, expired: 0, ended: 0, providers: { ovh: 0, logscale: 0 }, accounts: new Map() };
    for (const row of this.rows) {
      if (row.ended) {
        counts.ended += 1;
        continue;
      }
      counts.all += 1;
      counts.providers[row.token.provider] += 1;
      counts.accounts.set(row.token.accountId, (counts.accounts.get(row.token.accountId) ?? 0) + 1);
      const status = liveStatus(row.token, row.expiresAt, now);
      if (status === 'expiring') counts.expiring += 1;
      else if (status === 'expired') counts.expired += 1;
      // When this token's status changes next: it turns expiring, then expired.
      if (row.expiresAt !== null) {
        const change = status === 'active' ? row.expiresAt - EXPIRING_WINDOW : status === 'expiring' ? row.expiresAt : Infinity;
        if (change < next) next = change;
      }
    }
    this.#lastCount = now;
    this.#nextChange = next;
    return counts;
  });

  /** A column heading was clicked: sort by it, or reverse the order if it already is. */
  sortBy(key: SortKey): void {
    if (this.sort === key) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = false;
    }
  }

  toggle<T>(set: ReadonlySet<T>, value: T): ReadonlySet<T> {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  }

  clear(): void {
    this.query = '';
    this.kinds = new Set();
    this.statuses = new Set();
    this.within = 0;
  }

  /** Makes a token visible whatever hides it (a notification asked to show it). */
  reveal(token: TokenSummary): void {
    this.clear();
    if (ENDED.has(token.status)) this.showEnded = true;
    if (this.scope !== 'all' && !(this.scope === `account:${token.accountId}`)) this.scope = 'all';
  }
}

export const view = new ListView();
