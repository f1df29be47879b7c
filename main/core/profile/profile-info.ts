/** What the window and the CLI are told about the app and its profile (`app:info`, `tokendesk status`). */
import type { AppInfo, LostValue } from '../model';
import type { VaultOpened } from '../vault/vault';
import type { OpenedProfile } from './open-profile';

export function appInfo(profile: OpenedProfile, app: Pick<AppInfo, 'version' | 'runtime'>, lostValues: LostValue[]): AppInfo {
  const { store, recoveredFrom } = profile;
  return {
    ...app,
    keychain: { ...profile.vault.keychain },
    store: recoveredFrom ? { path: store.path, recoveredFrom, restoredAccounts: profile.recovered?.restored ?? 0 } : { path: store.path },
    vault: vaultInfo(profile.vault.opened, lostValues, profile.accountsWithoutCredentials),
  };
}

/**
 * A new vault in a profile whose records expected values or credentials in it means the file was
 * lost (an upgrade from per-item keychain entries fills the new vault first, so it does not count).
 */
function vaultInfo(opened: VaultOpened | undefined, lostValues: LostValue[], accountsWithoutCredentials: number): AppInfo['vault'] {
  if (!opened) return { state: 'unavailable', lostValues: [] };
  if (opened.status === 'reset') return { state: 'reset', reason: opened.reason, setAside: opened.setAside, lostValues };
  if (opened.status === 'created' && (lostValues.length > 0 || accountsWithoutCredentials > 0)) return { state: 'reset', reason: 'file-lost', lostValues };
  return { state: opened.status, lostValues };
}
