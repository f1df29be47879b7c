/**
 * What every setting is until the admin changes it. Its own file: the metadata store fills a new
 * profile with these, and storage must not depend on the settings service built on top of it.
 */
import type { Settings } from '../model';

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  alertThresholdsDays: [14, 7, 1, 0],
  syncIntervalMinutes: 15,
  maxInFlightPerAccount: 8,
  fingerprintRetentionDays: 365,
  lockIdleMinutes: 10,
  lockOnScreenLock: true,
};
