/**
 * The app lock's verifier: what proves a PIN or passphrase without keeping it. An scrypt hash
 * (node:crypto) of the secret with a random salt, kept behind a `SecretSlot` (the vault, or the OS
 * keychain when the vault is unavailable), under vault-keys.ts' VERIFIER_KEY, never in the metadata store. The wrong-try count lives
 * beside it, so quitting the app does not reset the growing delay.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { LockMethod } from '../model';

/** Where the verifier is kept: a tiny slice of a secret store (the keychain and the vault both fit). */
export interface SecretSlot {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<unknown>;
}

/** scrypt's cost: N = 2^15, r = 8 (32 MiB, about 100 ms on a laptop): slow to guess, quick to unlock. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export interface StoredVerifier {
  v: 1;
  method: LockMethod;
  salt: string;
  hash: string;
  cost: ScryptCost;
  failures: number;
  lastFailureAt: string | null;
}

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((done, fail) => scrypt(normalise(secret), salt, KEY_LENGTH, options, (error, key) => (error ? fail(error) : done(key))));
}

/** The same passphrase typed on another keyboard layout or OS must still match: NFKC, outer spaces ignored. */
const normalise = (secret: string): string => secret.normalize('NFKC').trim();

export async function makeVerifier(method: LockMethod, secret: string, cost: ScryptCost = DEFAULT_COST): Promise<StoredVerifier> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, cost);
  return { v: 1, method, salt: salt.toString('base64'), hash: hash.toString('base64'), cost, failures: 0, lastFailureAt: null };
}

export async function verifierMatches(verifier: StoredVerifier, secret: string): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'base64');
  const actual = await derive(secret, Buffer.from(verifier.salt, 'base64'), verifier.cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Reads the stored verifier; a damaged item counts as none (the lock is off, and says so by being off). */
export function parseVerifier(raw: string | null): StoredVerifier | null {
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredVerifier>;
    if (parsed.v !== 1 || (parsed.method !== 'pin' && parsed.method !== 'passphrase') || !parsed.salt || !parsed.hash || !parsed.cost) return null;
    return { failures: 0, lastFailureAt: null, ...parsed } as StoredVerifier;
  } catch {
    return null;
  }
}

/** Free tries before any wait. */
export const FREE_TRIES = 3;
const FIRST_WAIT = 5_000;
const LONGEST_WAIT = 15 * 60_000;

/**
 * How long to wait after `failures` wrong tries in a row: nothing for the first three, then 5 s,
 * doubling with each further wrong try, up to 15 minutes (a PIN of six digits then takes years to guess).
 */
export function retryDelayMs(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - FREE_TRIES));
}
