/**
 * Opening the profile's secrets: the vault under the keychain's key, the one-time move of older
 * per-item keychain entries into it, and the loud degraded mode when there is no usable keychain
 * (metadata still listed, nothing secret stored or read, never a plaintext fallback).
 */
import { AppError } from '../errors';
import type { Logger } from '../log/logger';
import type { ProfileLock } from '../store/profile-lock';
import type { Keychain, KeychainStatus } from './keychain';
import { migrateKeychainItems, type ProfileItems } from './keychain-migration';
import { refusingSecrets, Vault, type SecretStore, type VaultOpened } from './vault';

export interface OpenedSecrets {
  secrets: SecretStore;
  /** Absent in degraded mode. */
  vault?: Vault;
  keychain: KeychainStatus;
  /** How the vault opened (absent in degraded mode). */
  opened?: VaultOpened;
}

const NO_KEYCHAIN_HELP =
  'On Linux, install and unlock a Secret Service provider (gnome-keyring or KeePassXC with Secret Service enabled) ' +
  'and start Tokendesk again. Tokendesk never stores secrets in plaintext instead.';

export async function openSecrets(options: {
  lock: ProfileLock;
  keychain: Keychain;
  logger: Logger;
  items: ProfileItems;
  onSecrets?: (entries: Iterable<readonly [key: string, value: string]>) => void;
  expectProfileId?: string | null;
}): Promise<OpenedSecrets> {
  const { lock, keychain, logger } = options;
  let vault: Vault;
  let opened: VaultOpened;
  try {
    ({ vault, opened } = await Vault.open({
      lock,
      keychain,
      ...(options.onSecrets ? { onSecrets: options.onSecrets } : {}),
      ...(options.expectProfileId ? { expectProfileId: options.expectProfileId } : {}),
    }));
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'keychain-failed' && error.code !== 'keychain-unavailable')) throw error;
    const reason = `No usable OS keychain: ${error.message}. ${NO_KEYCHAIN_HELP}`;
    return { secrets: refusingSecrets(reason), keychain: { available: false, reason } };
  }
  try {
    const report = await migrateKeychainItems(vault, keychain, options.items);
    if (report.copied || report.deleted)
      logger.info(`Moved ${report.copied} secrets from single keychain items into the vault; ${report.deleted} items deleted from the keychain.`);
  } catch (error) {
    // Not fatal: what was copied is in the vault, what was not is still in the keychain; the next start resumes.
    logger.warn('Moving secrets from the keychain into the vault did not finish; it resumes at the next start.', error);
  }
  return { secrets: vault, vault, keychain: { available: true }, opened };
}
