/**
 * Expiry alerts: a notification when a token crosses 14 d, 7 d, 1 d before expiry and at expiry
 * (settable). Each threshold is sent once per token, remembered in the store. After the app was
 * closed across several thresholds, only the most urgent one is sent (catch-up without a burst).
 */
import { describeDuration } from '../durations';
import type { TokenRecord } from '../model';
import { visibleName } from '../visible-name';

const DAY = 86_400_000;

export interface ExpiryAlert {
  tokenId: string;
  thresholdDays: number;
  title: string;
  body: string;
}

export type SentAlerts = Record<string, number[]>;

export function dueAlerts(
  tokens: readonly TokenRecord[],
  sent: SentAlerts,
  thresholdsDays: readonly number[],
  now: number,
  accountLabel: (accountId: string) => string,
): { alerts: ExpiryAlert[]; sent: SentAlerts } {
  const alerts: ExpiryAlert[] = [];
  const nextSent: SentAlerts = {};
  for (const token of tokens) {
    if (token.status !== 'active' || !token.expiresAt) continue;
    const expiresAt = Date.parse(token.expiresAt);
    const done = new Set(sent[token.id] ?? []);
    const crossed = thresholdsDays.filter((days) => now >= expiresAt - days * DAY && !done.has(days));
    if (crossed.length) {
      const mostUrgent = Math.min(...crossed);
      alerts.push(describe(token, mostUrgent, expiresAt, now, accountLabel(token.accountId)));
      crossed.forEach((d) => done.add(d));
    }
    if (done.size) nextSent[token.id] = [...done].sort((a, b) => b - a);
  }
  return { alerts, sent: nextSent };
}

/** When the next threshold will be crossed (epoch ms), or null when none is left. */
export function nextAlertAt(tokens: readonly TokenRecord[], sent: SentAlerts, thresholdsDays: readonly number[], now: number): number | null {
  let next: number | null = null;
  for (const token of tokens) {
    if (token.status !== 'active' || !token.expiresAt) continue;
    const expiresAt = Date.parse(token.expiresAt);
    const done = new Set(sent[token.id] ?? []);
    for (const days of thresholdsDays) {
      const at = expiresAt - days * DAY;
      if (at > now && !done.has(days) && (next === null || at < next)) next = at;
    }
  }
  return next;
}

function describe(token: TokenRecord, thresholdDays: number, expiresAt: number, now: number, account: string): ExpiryAlert {
  const left = expiresAt - now;
  const when = left <= 0 ? 'has expired' : `expires in ${describeDuration(left, 1)}`;
  const name = visibleName(token.name);
  return {
    tokenId: token.id,
    thresholdDays,
    title: left <= 0 ? `Token expired: ${name}` : `Token expiring: ${name}`,
    body: `“${name}” (${account}) ${when}. Rotate it to keep its users working.`,
  };
}
