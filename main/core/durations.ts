/**
 * The core's one way of putting a duration into words, for messages an admin reads: "150 ms",
 * "45 seconds", "1 day 6 hours", "90 days". (The window has its own compact countdown format.)
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Below a minute: milliseconds or seconds. From a minute: days, hours and minutes, the largest
 * `maxUnits` of them (lower ones dropped, so "expires in 3 days" never overstates); a part-minute
 * counts as a whole one, so a limit is never understated either.
 */
export function describeDuration(ms: number, maxUnits = 3): string {
  if (ms < SECOND) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < MINUTE) return plural(Math.round(ms / SECOND), 'second');
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.ceil((ms % HOUR) / MINUTE);
  const parts = [days && plural(days, 'day'), hours && plural(hours, 'hour'), minutes && plural(minutes, 'minute')].filter((p): p is string => Boolean(p));
  return parts.slice(0, maxUnits).join(' ');
}
