/**
 * Every name the vault keeps an entry under, one function or constant per namespace, so a prefix
 * is written once (the legacy per-item keychain entries used the same names: keychain-migration.ts).
 *
 *   account:<id>        an account's credentials (JSON: secret fields and `mode`)
 *   account-meta:<id>   an account's record, not secret: rebuilds the accounts if the metadata store is lost
 *   token:<id>          a token's value
 *   audit:head          the audit log's count and last hash (audit-log.ts)
 *   lock:verifier       the app lock's verifier (lock/verifier.ts)
 *   install:fingerprint-key  the key of the keyed fingerprints (tokens/fingerprint.ts)
 */
export const accountSecretKey = (id: string): string => `account:${id}`;
export const accountMetaKey = (id: string): string => `account-meta:${id}`;
export const tokenSecretKey = (id: string): string => `token:${id}`;
export const AUDIT_HEAD_KEY = 'audit:head';
export const VERIFIER_KEY = 'lock:verifier';
export const FINGERPRINT_KEY_ITEM = 'install:fingerprint-key';

export const ACCOUNT_SECRET_PREFIX = 'account:';
export const ACCOUNT_META_PREFIX = 'account-meta:';
export const TOKEN_SECRET_PREFIX = 'token:';

/** The prefixes an entry of one account or token starts with (the rest is its id). */
export const ITEM_PREFIXES = [TOKEN_SECRET_PREFIX, ACCOUNT_SECRET_PREFIX, ACCOUNT_META_PREFIX] as const;

/**
 * How the log redactor learns an entry: account credentials field by field (a log line would quote
 * a field, not the JSON), the records and the bookkeeping not at all (not secret), anything else
 * (token values, the fingerprint key, an entry a later version added) whole.
 */
export function entrySecrecy(key: string): 'credential-fields' | 'not-secret' | 'whole' {
  if (key.startsWith(ACCOUNT_META_PREFIX) || key === AUDIT_HEAD_KEY || key === VERIFIER_KEY) return 'not-secret';
  return key.startsWith(ACCOUNT_SECRET_PREFIX) ? 'credential-fields' : 'whole';
}
