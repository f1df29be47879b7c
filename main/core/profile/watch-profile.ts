/**
 * Following what another process (the CLI, a second app) changes in the profile: the window is
 * told of accounts, tokens and settings as if the change were ours. The app calls `watchProfile`;
 * the CLI does not (it reads the files fresh under the lock anyway).
 */
import { watch, type FSWatcher } from 'node:fs';
import type { AccountService } from '../accounts/account-service';
import type { CoreEvents } from '../events';
import type { Logger } from '../log/logger';
import type { SettingsService } from '../settings/settings-service';
import { STORE_FILE, type MetadataStore } from '../store/metadata-store';
import type { AdapterRegistry } from '../tokens/adapter-registry';
import { diffRecords, type TokenStore } from '../tokens/token-store';
import { VAULT_FILE, type Vault } from '../vault/vault';

export interface WatchedProfile {
  profileDir: string;
  store: MetadataStore;
  vault: Vault | undefined;
  accounts: Pick<AccountService, 'list'>;
  tokens: Pick<TokenStore, 'announce'>;
  settings: Pick<SettingsService, 'get'>;
  adapters: Pick<AdapterRegistry, 'forget'>;
  events: Pick<CoreEvents, 'emit'>;
  logger: Logger;
}

/** Another process changed the metadata store: tell the window what changed, as for our own changes. */
export function announceReloads(p: WatchedProfile): void {
  p.store.onReload(async (before, after) => {
    if (before.accounts !== after.accounts) {
      for (const id of before.accounts.filter((a) => !after.accounts.some((b) => b.id === a.id)).map((a) => a.id)) p.adapters.forget(id);
      p.events.emit('accounts:changed', await p.accounts.list());
    }
    if (before.tokens !== after.tokens) p.tokens.announce(diffRecords(before.tokens, after.tokens));
    if (before.settings !== after.settings) p.events.emit('settings:changed', p.settings.get());
  });
}

/** Follows the profile folder until the returned function is called. */
export function watchProfile(p: WatchedProfile): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The vault first: records the store brings may point at values it brings (a token the CLI created).
  const reload = async (): Promise<void> => {
    const vaultChanged = (await p.vault?.refresh().catch((error: unknown) => void p.logger.warn('Could not re-read the vault.', error))) ?? false;
    const storeChanged = await p.store.refresh().catch((error: unknown) => void p.logger.warn('Could not re-read the metadata store.', error));
    // Credentials replaced by another process change what the window shows of the accounts.
    if (vaultChanged && !storeChanged) p.events.emit('accounts:changed', await p.accounts.list());
  };
  const watcher: FSWatcher = watch(p.profileDir, (_event, file) => {
    if (file !== STORE_FILE && file !== VAULT_FILE) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), 50);
  });
  watcher.on('error', (error) => p.logger.warn('Stopped following the profile folder.', error));
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
