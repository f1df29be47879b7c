/**
 * Moves the secrets earlier versions kept as one keychain item each (`token:<id>`, `account:<id>`,
 * `account-meta:<id>`, `install:fingerprint-key`) into the vault, then deletes the items.
 *
 * Safe to interrupt at any point: items are copied in one vault write before any is deleted, a
 * value the vault already holds is never overwritten by an older keychain copy, and the migration
 * is marked done only after the last delete. An interrupted run resumes at the next start and
 * finishes the deletes; nothing is lost.
 *
 * Only the items of this profile move: several profiles (the app's, a CLI `--data-dir`) shared one
 * keychain service in 0.1, so a profile takes the accounts and tokens its own metadata store names.
 * The fingerprint key was shared too: it is copied, and deleted only with the last profile's items.
 */
import type { Keychain } from './keychain';
import type { Vault } from './vault';
import { FINGERPRINT_KEY_ITEM, ITEM_PREFIXES, TOKEN_SECRET_PREFIX } from './vault-keys';

const MIGRATED = 'keychainItemsMigrated';
/** The per-item entries of 0.1: an account's or a token's, and the install-wide fingerprint key. */
const LEGACY_PREFIXES = [...ITEM_PREFIXES, 'install:'];

export interface MigrationReport {
  /** Items copied into the vault by this run. */
  copied: number;
  /** Items deleted from the keychain by this run. */
  deleted: number;
}

/** The ids this profile's metadata store names, or 'all' (a rebuilt metadata store names none). */
export type ProfileItems = { accountIds: ReadonlySet<string>; tokenIds: ReadonlySet<string> } | 'all';

const SHARED_KEY = FINGERPRINT_KEY_ITEM;

function belongs(key: string, items: ProfileItems): boolean {
  if (items === 'all' || key === SHARED_KEY) return true;
  const id = key.slice(key.indexOf(':') + 1);
  return key.startsWith(TOKEN_SECRET_PREFIX) ? items.tokenIds.has(id) : items.accountIds.has(id);
}

export async function migrateKeychainItems(
  vault: Vault,
  keychain: Keychain,
  items: ProfileItems,
  progress: (step: 'copied' | 'deleted', key: string) => void = () => {},
): Promise<MigrationReport> {
  if (vault.meta(MIGRATED) === 'yes') return { copied: 0, deleted: 0 };
  const everything = (await keychain.keys()).filter((key) => LEGACY_PREFIXES.some((p) => key.startsWith(p)));
  const legacy = everything.filter((key) => belongs(key, items));
  // A profile with nothing of its own takes nothing, not even the shared key.
  if (legacy.every((key) => key === SHARED_KEY)) {
    await vault.setMeta(MIGRATED, 'yes');
    return { copied: 0, deleted: 0 };
  }
  const toCopy: Array<[string, string]> = [];
  for (const key of legacy) {
    if (vault.has(key)) continue;
    const value = await keychain.get(key);
    if (value !== null) toCopy.push([key, value]);
  }
  await vault.batch(toCopy);
  for (const [key] of toCopy) progress('copied', key);
  let deleted = 0;
  const othersLeft = everything.some((key) => key !== SHARED_KEY && !legacy.includes(key));
  for (const key of legacy) {
    if (key === SHARED_KEY && othersLeft) continue; // another profile's items still need it
    await keychain.delete(key);
    deleted += 1;
    progress('deleted', key);
  }
  await vault.setMeta(MIGRATED, 'yes');
  return { copied: toCopy.length, deleted };
}
