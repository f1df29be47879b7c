/**
 * The one clock of the window.
 *
 * - `clock.minute` changes once a minute (on the minute) and drives every countdown, the colour
 *   states, the time filters and "synced 3 min ago".
 * - `clock.now` changes every second, but only while something needs seconds (`need()`): a row in
 *   the last minutes before its expiry, the clipboard countdown. The benchmark decided this: any
 *   per-second change to the page costs a frame (~2 ms of main-thread work), so a list whose
 *   countdowns all show minutes does not pay it.
 *
 * Both stop while the document is hidden and catch up at once when it is shown again.
 */
import { MINUTE, SECOND } from './format';

const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;

class Clock {
  now = $state(Date.now());
  minute = $state(floorMinute(Date.now()));
  #visible = false;
  #needs = 0;
  #secondTimer: ReturnType<typeof setTimeout> | undefined;
  #minuteTimer: ReturnType<typeof setTimeout> | undefined;

  #tickSecond = (): void => {
    const now = Date.now();
    this.now = now;
    this.#secondTimer = setTimeout(this.#tickSecond, SECOND - (now % SECOND) + 5);
  };

  #tickMinute = (): void => {
    const now = Date.now();
    const minute = floorMinute(now);
    if (minute !== this.minute) this.minute = minute;
    // Keeps `now` roughly current for whoever starts reading it (nobody re-renders unless they read it).
    if (this.#secondTimer === undefined) this.now = now;
    this.#minuteTimer = setTimeout(this.#tickMinute, MINUTE - (now % MINUTE) + 5);
  };

  #stopSeconds(): void {
    clearTimeout(this.#secondTimer);
    this.#secondTimer = undefined;
  }

  #stopAll(): void {
    this.#stopSeconds();
    clearTimeout(this.#minuteTimer);
    this.#minuteTimer = undefined;
  }

  /** Asks for the per-second clock until the returned function is called (use in an $effect). */
  need(): () => void {
    this.#needs += 1;
    if (this.#visible && this.#secondTimer === undefined) this.#tickSecond();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#needs -= 1;
      if (this.#needs === 0) this.#stopSeconds();
    };
  }

  /** Starts the clock and follows the document's visibility; returns the stop function. */
  start(): () => void {
    const onVisibility = (): void => {
      this.#visible = !document.hidden;
      this.#stopAll();
      if (!this.#visible) return;
      this.#tickMinute();
      if (this.#needs > 0) this.#tickSecond();
    };
    document.addEventListener('visibilitychange', onVisibility);
    onVisibility();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      this.#visible = false;
      this.#stopAll();
    };
  }
}

export const clock = new Clock();
