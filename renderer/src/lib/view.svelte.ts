/**
 * The list as the user asked to see it: search as you type, filters and sort over every token.
 *
 * Cost model for 10,000 tokens: the index (search text, parsed dates) is rebuilt only when the
 * list or the account labels change; the sorted order only when the sort changes; a keystroke
 * runs one linear filter. Filters that depend on time read `clock.minute`, never `clock.now`, so
 * the per-second tick never re-filters.
 */
import type { Provider, TokenKind, TokenStatus, TokenSummary } from '../../../preload/contract';
import { accounts } from './accounts.svelte';
import { clock } from './clock.svelte';
import { DAY, formatDate, formatDateTime, KIND_LABELS, liveStatus, providerLabel } from './format';
import { tokens } from './tokens.svelte';

export interface Row {
  token: TokenSummary;
  account: string;
  expiresAt: number | null;
  createdAt: number | null;
  /** Lower-case name, for sorting. */
  key: string;
  /** Lower-case text the search looks in; built on the first search, not on first paint. */
  hay: string | null;
  /** Formatted dates, made the first time the row is drawn (Intl formatting is the costly part of a row). */
  dates: { created: string; createdTitle: string; expiresTitle: string } | null;
}

export const datesOf = (row: Row): NonNullable<Row['dates']> =>
  (row.dates ??= {
    created: formatDate(row.createdAt),
    createdTitle: formatDateTime(row.createdAt),
    expiresTitle: row.expiresAt === null ? 'Does not expire' : formatDateTime(row.expiresAt),
  });

const hayOf = (row: Row): string =>
  (row.hay ??= [row.token.name, row.account, row.token.scope, KIND_LABELS[row.token.kind], providerLabel(row.token.provider), row.token.ipFilter ?? ''].join('\n').toLowerCase());

export type SortKey = 'expiry' | 'name' | 'created';
export const WITHIN_CHOICES = [0, 1, 7, 14, 30] as const;
export type Within = (typeof WITHIN_CHOICES)[number];

const parse = (iso: string | null): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

const COMPARE: Record<SortKey, (a: Row, b: Row) => number> = {
  // Soonest first (expired ones first of all), tokens that never expire last.
  expiry: (a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || byName(a, b),
  name: (a, b) => byName(a, b),
  // Newest first.
  created: (a, b) => (b.createdAt ?? -Infinity) - (a.createdAt ?? -Infinity) || byName(a, b),
};
function byName(a: Row, b: Row): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.token.id < b.token.id ? -1 : 1;
}

class ListView {
  query = $state('');
  provider = $state<Provider | ''>('');
  account = $state('');
  kind = $state<TokenKind | ''>('');
  status = $state<TokenStatus | ''>('');
  within = $state<Within>(0);
  sort = $state<SortKey>('expiry');

  labels = $derived(new Map(accounts.list.map((a) => [a.id, a.label])));

  rows: Row[] = $derived.by(() => {
    const labels = this.labels;
    return tokens.list.map((token) => {
      const account = labels.get(token.accountId) ?? '';
      return {
        token,
        account,
        expiresAt: parse(token.expiresAt),
        createdAt: parse(token.createdAt),
        key: token.name.toLowerCase(),
        hay: null,
        dates: null,
      };
    });
  });

  sorted: Row[] = $derived([...this.rows].sort(COMPARE[this.sort]));

  filtering = $derived(this.query.trim() !== '' || this.provider !== '' || this.account !== '' || this.kind !== '' || this.status !== '' || this.within !== 0);

  visible: Row[] = $derived.by(() => {
    const sorted = this.sorted;
    if (!this.filtering) return sorted;
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    const { provider, account, kind, status, within } = this;
    // Read the minute clock only when a filter depends on time.
    const now = status !== '' || within !== 0 ? clock.minute : 0;
    const horizon = now + within * DAY;
    return sorted.filter((row) => {
      const t = row.token;
      if (provider && t.provider !== provider) return false;
      if (account && t.accountId !== account) return false;
      if (kind && t.kind !== kind) return false;
      if (status && liveStatus(t, row.expiresAt, now) !== status) return false;
      if (within && (row.expiresAt === null || row.expiresAt <= now || row.expiresAt > horizon)) return false;
      if (words.length) {
        const hay = hayOf(row);
        for (const word of words) if (!hay.includes(word)) return false;
      }
      return true;
    });
  });

  clear(): void {
    this.query = '';
    this.provider = '';
    this.account = '';
    this.kind = '';
    this.status = '';
    this.within = 0;
  }
}

export const view = new ListView();
