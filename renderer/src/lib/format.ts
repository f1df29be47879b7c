/** Pure formatting for the window: labels, dates, countdowns and expiry levels. No state. */
import type { Provider, TokenKind, TokenStatus, TokenSummary } from '../../../preload/contract';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Colour states of an expiry: more than 14 days, within 14, 7 and 1 day, expired; or no expiry. */
export type ExpiryLevel = 'never' | 'ok' | 'd14' | 'd7' | 'd1' | 'expired';

export function expiryLevel(expiresAt: number | null, now: number): ExpiryLevel {
  if (expiresAt === null) return 'never';
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  if (left <= DAY) return 'd1';
  if (left <= 7 * DAY) return 'd7';
  if (left <= 14 * DAY) return 'd14';
  return 'ok';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Below this, a countdown shows seconds (and its row reads the per-second clock). */
export const SECONDS_SHOWN_BELOW = 5 * MINUTE;

/**
 * A duration as the list shows it: `3 d 04 h` beyond a day (minutes that far out are noise, and a
 * text that changes once an hour costs nothing the other 59 minutes), `4 h 12 m` within one,
 * `49 m` within an hour, and to the second, `4 m 09 s`, in the last five minutes.
 */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  if (d > 0) return `${d} d ${pad(h)} h`;
  if (h > 0) return `${h} h ${pad(m)} m`;
  if (ms >= SECONDS_SHOWN_BELOW) return `${m} m`;
  return `${m} m ${pad(s)} s`;
}

/** A coarse "how long ago": `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function ago(ms: number): string {
  if (ms < MINUTE) return 'just now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  return `${Math.floor(ms / DAY)} d ago`;
}

export function countdown(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'never';
  const left = expiresAt - now;
  if (left <= 0) return `expired ${ago(-left)}`;
  return `in ${formatSpan(left)}`;
}

/**
 * The countdown as the minute clock (`clock.minute`, the start of the current minute) can tell it:
 * before the expiry, counted from the end of the minute (it may read a minute short, never long);
 * after it, from the start of the minute but never from before the expiry ("expired 1 min ago"
 * one minute and two seconds after, not "2 min ago").
 */
export function minuteCountdown(expiresAt: number | null, minute: number): string {
  if (expiresAt === null) return 'never';
  const end = minute + MINUTE;
  return countdown(expiresAt, end > expiresAt ? Math.max(minute, expiresAt) : end);
}

/**
 * The details pane's words after the status label: "never expires", "expires in 3 days", or, after
 * "Expired", only how long ago ("Expired 2 min ago", not "Expired expires expired 2 min ago").
 */
export function expiryPhrase(expiresAt: number | null, minute: number): string {
  if (expiresAt === null) return 'never expires';
  const text = minuteCountdown(expiresAt, minute);
  return text.startsWith('expired ') ? text.slice('expired '.length) : `expires ${text}`;
}

/** What the row shows: the stored state (revoking, revoked, gone) or the live one from the clock. */
export function liveStatus(token: Pick<TokenSummary, 'status'>, expiresAt: number | null, now: number): TokenStatus {
  if (token.status === 'revoking' || token.status === 'revoked' || token.status === 'gone') return token.status;
  if (expiresAt === null) return 'active';
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  return left <= 14 * DAY ? 'expiring' : 'active';
}

/** The window's copy of main's PROVIDER_NAMES (the renderer reaches main only through the contract's types; a test keeps the two equal). */
export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = { ovh: 'OVHcloud', logscale: 'LogScale' };
export const providerLabel = (p: Provider): string => PROVIDER_LABELS[p];

export const KIND_LABELS: Record<TokenKind, string> = {
  ldp: 'LDP',
  system: 'System',
  organization: 'Organization',
  view: 'View',
  personal: 'Personal',
  'iam-pat': 'IAM PAT',
  ingest: 'Ingest',
  'ldp-stream': 'Stream write',
};

/**
 * Who shows this kind of token's value only once (null: the provider gives it on every read, as for
 * LDP tokens, LogScale ingest tokens and LDP stream write tokens: nothing to hold in a dialog).
 * A LogScale token that could not be recorded (kind unknown) counts as shown once: the safe side.
 */
export function shownOnceBy(provider: Provider, kind: TokenKind | null): string | null {
  if (kind === 'ldp' || kind === 'ingest' || kind === 'ldp-stream') return null;
  if (provider === 'logscale') return 'LogScale';
  return kind === 'iam-pat' ? 'OVHcloud' : null;
}

export const STATUS_LABELS: Record<TokenStatus, string> = {
  active: 'Active',
  expiring: 'Expiring',
  expired: 'Expired',
  revoking: 'Revoking…',
  revoked: 'Revoked',
  gone: 'Gone',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Intl formatting is the costly part of drawing a row: the same instant is formatted once. */
const formatted = new Map<string, string>();
function cached(kind: 'd' | 't', ms: number, format: Intl.DateTimeFormat): string {
  const key = `${kind}${ms}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size > 20_000) formatted.clear();
    text = format.format(ms);
    formatted.set(key, text);
  }
  return text;
}

export const formatDate = (ms: number | null): string => (ms === null ? '—' : cached('d', ms, dateFormat));
export const formatDateTime = (ms: number | null): string => (ms === null ? '' : cached('t', ms, dateTimeFormat));

/** ms as the policy shows it: `90 days`, `12 hours`, `30 minutes`. */
export function formatLimit(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY} day${ms === DAY ? '' : 's'}`;
  if (ms % HOUR === 0) return `${ms / HOUR} hour${ms === HOUR ? '' : 's'}`;
  if (ms >= DAY) return `${Math.round((ms / DAY) * 10) / 10} days`;
  return `${Math.round(ms / MINUTE)} minutes`;
}

/** What the Expires column says of a token that ended: no countdown, the date it ended. */
export function endedText(token: Pick<TokenSummary, 'status' | 'statusSince'>, date: string): string {
  if (token.status === 'revoking') return 'being revoked';
  const prefix = token.status === 'gone' ? 'gone since' : 'revoked on';
  return date ? `${prefix} ${date}` : token.status === 'gone' ? 'gone' : 'revoked';
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString()} ${n === 1 ? one : many}`;
