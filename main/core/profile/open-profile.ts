/**
 * Opening a profile folder: its lock, the metadata store, the vault behind the keychain's key, and
 * the repairs an unlucky day leaves to do (a writer killed between its temp file and its rename, a
 * damaged metadata store whose accounts the vault can rebuild). Every other service is built on
 * what this returns.
 */
import { join } from 'node:path';
import { recoverAccounts, type RecoveredAccounts } from '../accounts/account-store';
import { rememberVaultEntries } from '../accounts/credential-secrets';
import type { Logger } from '../log/logger';
import { removeLeftoverTempFiles } from '../store/atomic-file';
import { MetadataStore } from '../store/metadata-store';
import { secureProfileFolder } from '../store/profile-files';
import { ProfileLock } from '../store/profile-lock';
import type { Keychain } from '../vault/keychain';
import type { ProfileItems } from '../vault/keychain-migration';
import { openSecrets, type OpenedSecrets } from '../vault/open-secrets';
import { VAULT_FILE, type SecretStore } from '../vault/vault';
import { accountSecretKey } from '../vault/vault-keys';

export interface OpenedProfile {
  lock: ProfileLock;
  store: MetadataStore;
  /** The vault as opened (degraded mode: no vault, refusing secrets). */
  vault: OpenedSecrets;
  /** The vault's secrets, as the services use them (a test may wrap them). */
  secrets: SecretStore;
  /** The damaged metadata store set aside, when one was. */
  recoveredFrom?: string;
  recovered?: RecoveredAccounts;
  /** Accounts whose credentials the vault lacked when it opened (a lost vault file shows as this). */
  accountsWithoutCredentials: number;
}

export async function openProfile(options: {
  profileDir: string;
  keychain: Keychain;
  logger: Logger;
  wrapSecrets?: (secrets: SecretStore) => SecretStore;
}): Promise<OpenedProfile> {
  const { profileDir, logger } = options;
  secureProfileFolder(profileDir, logger);
  const lock = new ProfileLock(profileDir, (error) => logger.warn('The profile lock was lost while held (the process was too busy to keep it fresh).', error));
  const opened = MetadataStore.open(lock);
  const store = opened.store;
  // A writer killed between its temp file and its rename leaves the temp file behind.
  await lock.run(async () => void (await Promise.all([store.path, join(profileDir, VAULT_FILE)].map(removeLeftoverTempFiles))));
  // Every value the vault holds is known to the log redactor from the moment the process holds it.
  const items: ProfileItems = opened.recoveredFrom
    ? 'all'
    : { accountIds: new Set(store.get('accounts').map((a) => a.id)), tokenIds: new Set(store.get('tokens').map((t) => t.id)) };
  const vault = await openSecrets({
    lock,
    keychain: options.keychain,
    logger,
    items,
    onSecrets: rememberVaultEntries,
    expectProfileId: store.get('vaultProfileId') ?? null,
  });
  // The metadata store remembers whose vault it goes with (a vault created or reset here, or one opened for the first time).
  if (vault.vault && store.get('vaultProfileId') !== vault.vault.id) await store.update(() => ({ vaultProfileId: vault.vault!.id }));
  const secrets = options.wrapSecrets ? options.wrapSecrets(vault.secrets) : vault.secrets;
  // A damaged metadata store was set aside: rebuild the accounts from the vault; syncs rebuild the tokens.
  const recovered = opened.recoveredFrom && vault.vault ? await recoverAccounts(store, secrets) : undefined;
  const accountsWithoutCredentials = vault.vault ? store.get('accounts').filter((a) => !secrets.has(accountSecretKey(a.id))).length : 0;
  return {
    lock,
    store,
    vault,
    secrets,
    accountsWithoutCredentials,
    ...(opened.recoveredFrom ? { recoveredFrom: opened.recoveredFrom } : {}),
    ...(recovered ? { recovered } : {}),
  };
}
