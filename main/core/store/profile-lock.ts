/**
 * The profile lock: the desktop app, the CLI and a second CLI run may open one profile at once, so
 * every read-modify-write of the store, the vault and the audit log happens under one
 * cross-process lock on the profile folder.
 *
 * - Across processes: proper-lockfile (an atomic `mkdir` of `profile.lock`, kept fresh while held;
 *   a lock left by a crashed process goes stale after STALE_MS and is taken over).
 * - Within a process: a queue, so two actions of the same process take turns instead of both
 *   racing for the directory.
 * - Re-entrant: an action already holding the lock (a sync writing the vault, then the store) runs
 *   nested steps directly; AsyncLocalStorage tells which async context holds it. The context keeps
 *   a token of that one holding, valid only until the lock is released: a timer or a listener
 *   started inside a locked section outlives it, and must take the lock again, not inherit it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors';

/** A holder that stops refreshing the lock (a hung process) loses it after this long. */
const STALE_MS = 10_000;
/** How long to wait for another process before giving up with a message. */
const RETRIES = { retries: 200, factor: 1.2, minTimeout: 2, maxTimeout: 100, randomize: true };

export class ProfileLock {
  readonly #held = new AsyncLocalStorage<object>();
  /** The holding in progress (null when the lock is free). */
  #holder: object | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly onCompromised: (error: Error) => void = () => {},
    /** How long a lock left by a dead process blocks the others (proper-lockfile's minimum is 2 s). */
    private readonly staleMs: number = STALE_MS,
  ) {}

  get lockPath(): string {
    return join(this.dir, 'profile.lock');
  }

  /** Runs `work` while holding the profile lock (at once when this async context already holds it). */
  run<T>(work: () => Promise<T>): Promise<T> {
    const held = this.#held.getStore();
    if (held !== undefined && held === this.#holder) return work();
    const turn = this.#queue.then(() => this.#runLocked(work));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  async #runLocked<T>(work: () => Promise<T>): Promise<T> {
    await this.#dropLockFromTheFuture();
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.dir, {
        lockfilePath: this.lockPath,
        realpath: false,
        stale: this.staleMs,
        retries: RETRIES,
        // A compromised lock (we were too slow to refresh it) must not crash the process: the
        // write in progress still lands atomically; report it and carry on.
        onCompromised: (error) => this.onCompromised(error),
      });
    } catch (error) {
      throw new AppError('conflict', 'Another Tokendesk process (the app or the command line) kept this profile busy for too long. Try again in a moment.', {
        cause: error,
      });
    }
    const holding = {};
    this.#holder = holding;
    try {
      return await this.#held.run(holding, work);
    } finally {
      this.#holder = null;
      await release().catch(() => undefined);
    }
  }

  /**
   * A lock left by a process killed while the clock was ahead carries a modification time in the
   * future, which proper-lockfile never finds stale: it would block every process until the clock
   * caught up. No live holder refreshes it that far ahead (it refreshes to its own now), so it goes.
   */
  async #dropLockFromTheFuture(): Promise<void> {
    const seen = await stat(this.lockPath).catch(() => null);
    if (seen && seen.mtimeMs > Date.now() + this.staleMs) await rm(this.lockPath, { recursive: true, force: true });
  }
}
