/** Small helpers on plain data, shared by the core. */
import { hash } from 'node:crypto';

/** The object without its undefined fields (optional input fields, audit facts). */
export function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** SHA-256 of a UTF-8 string, as hex. */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

/**
 * Whether two JSON-shaped values (plain objects, arrays, strings, numbers, booleans, null) say the
 * same thing: keys in any order, an undefined member the same as an absent one. A sync compares
 * every listed token's scope with the stored one (5,000 at a time): this is a few times quicker
 * than comparing their JSON texts, and key order no longer counts as a change.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    count += 1;
  }
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) count -= 1;
  return count === 0;
}
