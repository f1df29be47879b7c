/** Small helpers on plain data, shared by the core. */
import { hash } from 'node:crypto';

/** The object without its undefined fields (optional input fields, audit facts). */
export function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** SHA-256 of a UTF-8 string, as hex. */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');
