/** User settings with their defaults and bounds (the contract's schema enforces the same bounds). */
export interface Settings {
  /** Seconds before a copied token is cleared from the clipboard (if it is still there). */
  clipboardClearSeconds: number;
  /** Days before expiry at which a notification is sent; 0 means "at expiry". */
  alertThresholdsDays: number[];
  /** Minutes between background syncs; 0 turns background sync off. */
  syncIntervalMinutes: number;
  /** Requests in flight per account (politeness towards the provider). */
  maxInFlightPerAccount: number;
}

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  alertThresholdsDays: [14, 7, 1, 0],
  syncIntervalMinutes: 15,
  maxInFlightPerAccount: 8,
};

export const SETTING_BOUNDS = {
  clipboardClearSeconds: { min: 5, max: 300 },
  alertThresholdDays: { min: 0, max: 365 },
  syncIntervalMinutes: { min: 0, max: 1440 },
  maxInFlightPerAccount: { min: 1, max: 32 },
} as const;
