/** The app lock, as the window and the tray are told about it (never the verifier). */
export type LockMethod = 'pin' | 'passphrase';

export interface LockStatus {
  /** A PIN or passphrase is set: the app starts locked and locks itself when idle. */
  configured: boolean;
  locked: boolean;
  method: LockMethod | null;
  /** Wrong tries in a row since the last unlock. */
  failures: number;
  /** After several wrong tries: no attempt is accepted before this time (ISO); null when one may try now. */
  retryAt: string | null;
  /** Touch ID (macOS) can unlock, as well as the PIN or passphrase. */
  biometric: boolean;
}
