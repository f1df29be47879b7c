/**
 * The app lock (KeePassXC's and 1Password's habit): with a PIN or passphrase set, Tokendesk starts
 * locked, locks itself after a settable idle time and when the screen locks, and while locked
 * the handler table refuses every action but unlocking (main/ipc/handlers.ts asks `assertUnlocked`),
 * and a tray copy opens the window to unlock instead (core/tray/tray-actions.ts). Locking clears
 * a pending clipboard copy.
 *
 * Wrong tries cost time: after three in a row, each further try waits longer (verifier.ts), and
 * the count survives a restart because it is kept with the verifier.
 */
import { AppError } from '../errors';
import { describeDuration } from '../durations';
import type { AuditFacts, LockMethod, LockStatus, Settings } from '../model';
import type { Platform } from '../platform';
import { DEFAULT_COST, makeVerifier, parseVerifier, retryDelayMs, verifierMatches, type ScryptCost, type SecretSlot, type StoredVerifier } from './verifier';
import { VERIFIER_KEY } from '../vault/vault-keys';

export interface LockDeps {
  slot: SecretSlot;
  settings: () => Settings;
  power?: Platform['power'];
  biometric?: Platform['biometric'];
  onChange: (status: LockStatus) => void;
  /** Runs when the app locks (clears a pending clipboard copy). */
  onLock: () => Promise<unknown>;
  audit: (facts: AuditFacts) => Promise<unknown>;
  now: () => number;
  cost?: ScryptCost;
}

/** How often the system idle time is read while unlocked. */
const IDLE_POLL_MS = 15_000;

export class LockService {
  #verifier: StoredVerifier | null;
  #locked: boolean;
  /** Unlock attempts run one at a time, so two quick tries cannot both skip the delay. */
  #attempts: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly d: LockDeps,
    verifier: StoredVerifier | null,
  ) {
    this.#verifier = verifier;
    this.#locked = verifier !== null;
  }

  /** Reads the verifier: with one, the app starts locked. An unreadable slot (no keychain) means no lock. */
  static async open(deps: LockDeps): Promise<LockService> {
    const raw = await deps.slot.get(VERIFIER_KEY).catch(() => null);
    return new LockService(deps, parseVerifier(raw));
  }

  get locked(): boolean {
    return this.#locked;
  }

  status(): LockStatus {
    const v = this.#verifier;
    const wait = v ? this.#waitLeft(v) : 0;
    return {
      configured: v !== null,
      locked: this.#locked,
      method: v?.method ?? null,
      failures: v?.failures ?? 0,
      retryAt: wait > 0 ? new Date(this.d.now() + wait).toISOString() : null,
      biometric: v !== null && (this.d.biometric?.available() ?? false),
    };
  }

  /** Throws `locked` while locked: every action that reads, uses or changes a secret asks first. */
  assertUnlocked(): void {
    if (this.#locked) throw new AppError('locked', 'Tokendesk is locked. Unlock it with your PIN or passphrase first.');
  }

  /** Sets (or changes) the PIN or passphrase. Changing it needs the current one, counted like an unlock try. */
  async setup(method: LockMethod, secret: string, current?: string): Promise<LockStatus> {
    this.assertUnlocked();
    if (this.#verifier) {
      if (current === undefined) throw new AppError('invalid-input', 'Give the current PIN or passphrase to change it.', { issues: ['current: is required'] });
      await this.#check(current);
    }
    const verifier = await makeVerifier(method, secret, this.d.cost ?? DEFAULT_COST);
    await this.d.slot.set(VERIFIER_KEY, JSON.stringify(verifier));
    this.#verifier = verifier;
    await this.d.audit({ action: 'lock-enabled', outcome: 'ok', note: method });
    return this.#changed();
  }

  /** Turns the lock off; needs the current PIN or passphrase. */
  async disable(secret: string): Promise<LockStatus> {
    this.assertUnlocked();
    if (!this.#verifier) return this.status();
    await this.#check(secret);
    await this.d.slot.delete(VERIFIER_KEY);
    this.#verifier = null;
    await this.d.audit({ action: 'lock-disabled', outcome: 'ok' });
    return this.#changed();
  }

  /**
   * Turns the lock off without the PIN or passphrase: the way out of a forgotten one, from the
   * command line only (no IPC channel calls it). Whoever runs the CLI as this OS user can open the
   * vault anyway; the lock guards the window, it never encrypted anything. Audited as such.
   */
  async forget(): Promise<boolean> {
    if (!this.#verifier) return false;
    await this.d.slot.delete(VERIFIER_KEY);
    this.#verifier = null;
    this.#locked = false;
    await this.d.audit({ action: 'lock-disabled', outcome: 'ok', note: 'from the command line, without the PIN or passphrase' });
    this.#changed();
    return true;
  }

  lock(): LockStatus {
    if (!this.#verifier) throw new AppError('conflict', 'Set a PIN or passphrase first (Settings, “Lock”): there is nothing to unlock with.');
    if (!this.#locked) {
      this.#locked = true;
      void this.d.onLock().catch(() => undefined);
      this.#changed();
    }
    return this.status();
  }

  async unlock(secret: string): Promise<LockStatus> {
    if (!this.#verifier) return this.status();
    if (!this.#locked) return this.status();
    await this.#check(secret);
    return this.#unlocked(this.#verifier.method);
  }

  /** Touch ID, where the platform has it; a cancelled or failed prompt changes nothing (and costs no try). */
  async unlockWithBiometric(): Promise<LockStatus> {
    const biometric = this.d.biometric;
    if (!this.#verifier || !biometric?.available()) throw new AppError('conflict', 'Touch ID is not available here: unlock with your PIN or passphrase.');
    if (!this.#locked) return this.status();
    if (!(await biometric.prompt('unlock Tokendesk')))
      throw new AppError('auth', 'Touch ID did not confirm it is you. Try again, or use your PIN or passphrase.');
    return this.#unlocked('Touch ID');
  }

  /** Locks when the system has been idle for the set time (called every 15 s while watching, and by tests). */
  checkIdle(): void {
    const minutes = this.d.settings().lockIdleMinutes;
    if (!this.#verifier || this.#locked || minutes <= 0 || !this.d.power) return;
    if (this.d.power.idleSeconds() >= minutes * 60) this.lock();
  }

  /** Follows idle time and the screen lock; returns the function that stops. */
  watch(): () => void {
    const power = this.d.power;
    if (!power) return () => {};
    const timer = setInterval(() => this.checkIdle(), IDLE_POLL_MS);
    timer.unref?.();
    const stopScreen = power.onLockScreen(() => {
      if (this.#verifier && this.d.settings().lockOnScreenLock) this.lock();
    });
    return () => {
      clearInterval(timer);
      stopScreen();
    };
  }

  /** Checks a PIN or passphrase against the verifier, with the growing delay; throws on a wrong one. */
  #check(secret: string): Promise<void> {
    const run = async (): Promise<void> => {
      const verifier = this.#verifier;
      if (!verifier) return;
      const wait = this.#waitLeft(verifier);
      if (wait > 0) throw new AppError('rate-limited', `Too many wrong tries: wait ${describeDuration(wait)} before the next one.`);
      if (await verifierMatches(verifier, secret)) {
        if (verifier.failures > 0) await this.#store({ ...verifier, failures: 0, lastFailureAt: null });
        return;
      }
      const failures = verifier.failures + 1;
      await this.#store({ ...verifier, failures, lastFailureAt: new Date(this.d.now()).toISOString() });
      await this.d.audit({ action: 'unlock-failed', outcome: 'failed', note: `wrong try ${failures}` }).catch(() => undefined);
      this.#changed();
      const what = verifier.method === 'pin' ? 'PIN' : 'passphrase';
      const delay = retryDelayMs(failures);
      throw new AppError('auth', delay > 0 ? `That ${what} is not right. Wait ${describeDuration(delay)} before the next try.` : `That ${what} is not right.`);
    };
    const attempt = this.#attempts.then(run, run);
    this.#attempts = attempt.catch(() => undefined);
    return attempt;
  }

  #waitLeft(verifier: StoredVerifier): number {
    if (!verifier.lastFailureAt) return 0;
    return Math.max(0, Date.parse(verifier.lastFailureAt) + retryDelayMs(verifier.failures) - this.d.now());
  }

  async #store(verifier: StoredVerifier): Promise<void> {
    await this.d.slot.set(VERIFIER_KEY, JSON.stringify(verifier));
    this.#verifier = verifier;
  }

  /**
   * Who opened the window and when is in the log, as wrong tries are. An audit append that fails
   * (a full disk) does not keep the admin locked out. Appended before the state changes, so the
   * change and the answer leave together: no lock that comes in between is followed by an answer
   * saying "unlocked".
   */
  async #unlocked(how: string): Promise<LockStatus> {
    await this.d.audit({ action: 'unlocked', outcome: 'ok', note: how }).catch(() => undefined);
    this.#locked = false;
    return this.#changed();
  }

  #changed(): LockStatus {
    const status = this.status();
    this.d.onChange(status);
    return status;
  }
}
