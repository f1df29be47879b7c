/**
 * Moves the secrets earlier versions kept as one keychain item each (`token:<id>`, `account:<id>`,
 * `account-meta:<id>`, `install:fingerprint-key`) into the vault, then deletes the items.
 *
 * Safe to interrupt at any point: items are copied in one vault write before any is deleted, a
 * value the vault already holds is never overwritten by an older keychain copy, and the migration
 * is marked done only after the last delete. An interrupted run resumes at the next start and
 * finishes the deletes; nothing is lost.
 */
import type { Keychain } from './keychain';
import type { Vault } from './vault';

const MIGRATED = 'keychainItemsMigrated';
const LEGACY_PREFIXES = ['token:', 'account:', 'account-meta:', 'install:'];

export interface MigrationReport {
  /** Items copied into the vault by this run. */
  copied: number;
  /** Items deleted from the keychain by this run. */
  deleted: number;
}

export async function migrateKeychainItems(vault: Vault, keychain: Keychain, progress: (step: 'copied' | 'deleted', key: string) => void = () => {}): Promise<MigrationReport> {
  if (vault.meta(MIGRATED) === 'yes') return { copied: 0, deleted: 0 };
  const legacy = (await keychain.keys()).filter((key) => LEGACY_PREFIXES.some((p) => key.startsWith(p)));
  const toCopy: Array<[string, string]> = [];
  for (const key of legacy) {
    if (vault.has(key)) continue;
    const value = await keychain.get(key);
    if (value !== null) toCopy.push([key, value]);
  }
  await vault.batch(toCopy);
  for (const [key] of toCopy) progress('copied', key);
  let deleted = 0;
  for (const key of legacy) {
    await keychain.delete(key);
    deleted += 1;
    progress('deleted', key);
  }
  await vault.setMeta(MIGRATED, 'yes');
  return { copied: toCopy.length, deleted };
}
