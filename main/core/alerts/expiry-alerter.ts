/**
 * Sends expiry notifications through the platform: checks now (catch-up after the app was closed),
 * then sleeps until the next threshold, and checks again whenever the tokens change.
 * What was sent is remembered in the store, so a restart never repeats a notification.
 */
import type { Platform } from '../platform';
import type { MetadataStore } from '../store/metadata-store';
import type { TokenRecord } from '../model';
import { dueAlerts, nextAlertAt } from './expiry-alerts';

/** setTimeout's longest delay is about 24.8 days; wake up at least that often and look again. */
const MAX_SLEEP_MS = 2 ** 31 - 1;

export class ExpiryAlerter {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: MetadataStore,
    private readonly records: () => TokenRecord[],
    private readonly accountLabel: (accountId: string) => string,
    private readonly notify: Platform['notify'],
    private readonly thresholds: () => number[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends what is due, then schedules the next check. Checks run one at a time. */
  check(): Promise<void> {
    const run = this.#running.then(() => this.#check());
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #check(): Promise<void> {
    if (this.#stopped) return;
    const records = this.records();
    const { alerts, sent } = dueAlerts(records, this.store.get('alertsSent'), this.thresholds(), this.now(), this.accountLabel);
    // Remember first: a crash after notifying must not make the next start notify again. Written
    // only when something changed, so a check after every sync costs no write.
    if (JSON.stringify(sent) !== JSON.stringify(this.store.get('alertsSent'))) await this.store.update(() => ({ alertsSent: sent }));
    for (const alert of alerts) this.notify({ title: alert.title, body: alert.body, tokenId: alert.tokenId });
    this.#schedule(nextAlertAt(records, sent, this.thresholds(), this.now()));
  }

  /** Resolves when the check under way (if any) has finished: tests await it after moving the clock. */
  whenIdle(): Promise<void> {
    return this.#running.then(() => undefined);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  #schedule(at: number | null): void {
    clearTimeout(this.#timer);
    if (at === null) return;
    this.#timer = setTimeout(() => void this.check(), Math.min(Math.max(0, at - this.now()), MAX_SLEEP_MS));
    this.#timer.unref?.();
  }
}
