/** The profile as a whole: what the app is told about it, following other processes' changes, lost values. */
import type { AppInfo } from '../model';
import type { LostValues } from './lost-values';
import type { OpenedProfile } from './open-profile';
import { appInfo } from './profile-info';
import { announceReloads, watchProfile, type WatchedProfile } from './watch-profile';

export interface ProfileService {
  info(): AppInfo;
  /** Follows the profile folder and shows what another process changed, as if the change were ours. The app calls it; the CLI does not. */
  watch(): () => void;
  /** The admin has seen the lost values: the window and the CLI stop listing them. */
  forgetLostValues(): Promise<{ forgotten: number }>;
  /** Files this process wrote since it opened the profile: the metadata store and the vault (benchmarks, support). */
  writes(): { store: number; vault: number };
  /** Stops following the profile folder (shutdown). */
  stopWatching(): void;
}

export function createProfileService(
  opened: OpenedProfile,
  app: Pick<AppInfo, 'version' | 'runtime'>,
  lostValues: LostValues,
  watched: WatchedProfile,
): ProfileService {
  announceReloads(watched);
  let stop = (): void => {};
  return {
    info: () => appInfo(opened, app, lostValues.list()),
    watch: () => (stop = watchProfile(watched)),
    forgetLostValues: () => lostValues.forget(),
    writes: () => ({ store: opened.store.writes, vault: opened.vault.vault?.writes ?? 0 }),
    stopWatching: () => stop(),
  };
}
