/** User settings (their defaults and bounds are in core/settings). */
export interface Settings {
  /** Seconds before a copied token is cleared from the clipboard (if it is still there). */
  clipboardClearSeconds: number;
  /** Days before expiry at which a notification is sent; 0 means "at expiry". */
  alertThresholdsDays: number[];
  /** Minutes between background syncs; 0 turns background sync off. */
  syncIntervalMinutes: number;
  /** Requests in flight per account (politeness towards the provider). */
  maxInFlightPerAccount: number;
  /** Days a revoked, rotated or gone token's fingerprint is kept, so a leak of its old value is still recognised. */
  fingerprintRetentionDays: number;
  /** Minutes without input before the app locks itself (when a PIN or passphrase is set); 0: never. */
  lockIdleMinutes: number;
  /** Lock the app when the screen locks (when a PIN or passphrase is set). */
  lockOnScreenLock: boolean;
}
