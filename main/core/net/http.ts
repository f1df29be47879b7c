/**
 * Small HTTP facts shared by provider clients: which statuses are worth retrying and how to read
 * Retry-After (RFC 9110 §10.2.3: either delay-seconds or an HTTP date).
 */

/** 429 and 5xx may succeed later; everything else will not change by asking again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds to wait, or undefined when the header is absent or unreadable. Dates in the past give 0. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date always has a day/month name
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
