/**
 * Reads a profile's vault the way an attacker with the keychain would: the file from disk,
 * decrypted with the key from the keychain. Tests use it to check what really reached the vault,
 * independent of any process's memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Keychain } from '../../main/core/vault/keychain';
import { openVault, vaultProfileId, type VaultContents } from '../../main/core/vault/vault-format';
import { VAULT_FILE, vaultKeyItem } from '../../main/core/vault/vault';

export async function readVaultFile(profileDir: string, keychain: Keychain): Promise<VaultContents | null> {
  const path = join(profileDir, VAULT_FILE);
  if (!existsSync(path)) return null;
  const file = readFileSync(path);
  const profileId = vaultProfileId(file);
  if (!profileId) throw new Error('the vault file is not a vault');
  const key = await keychain.get(vaultKeyItem(profileId));
  if (!key) throw new Error('the keychain holds no key for this vault');
  return openVault(Buffer.from(key, 'base64'), file);
}

/** One secret of the vault on disk, or null. */
export async function vaultSecret(profileDir: string, keychain: Keychain, key: string): Promise<string | null> {
  return (await readVaultFile(profileDir, keychain))?.secrets[key] ?? null;
}
