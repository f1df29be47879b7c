/** Shared set-up of the OVH integration tests: a real emulator, a real client over HTTP. */
import { afterEach } from 'vitest';
import type { Clock } from '../../../main/core/net';
import { createOvhClient, type OvhClient, type OvhClientOptions } from '../../../main/core/providers/ovh';
import { startOvhEmulator, type OvhEmulator, type OvhEmulatorOptions } from '../../emulators/ovh';

/** Short waits so operation tests stay fast (emulator operations take tens of ms here). */
export const FAST = {
  polling: { firstDelayMs: 10, minDelayMs: 10, maxDelayMs: 50, factor: 0.1, timeoutMs: 5_000 },
  busy: { initialDelayMs: 20, maxDelayMs: 50, maxWaitMs: 5_000 },
  retry: { baseDelayMs: 5, maxDelayMs: 20 },
} satisfies Partial<OvhClientOptions>;

/**
 * Real wall and monotonic time, but sleeps that return at once and are recorded: for retry and
 * backoff tests that assert how long the client chose to wait without waiting for it.
 */
export function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.now(),
    monotonic: () => performance.now(),
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * Real wall time, but monotonic time that moves only when the client sleeps, by what it slept;
 * sleeps return at once. For bounds measured in waits (busy, polling) that must not depend on how
 * fast a loaded machine answers.
 */
export function steppedClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  let elapsed = 0;
  return {
    sleeps,
    now: () => Date.now(),
    monotonic: () => elapsed,
    sleep: (ms) => {
      sleeps.push(ms);
      elapsed += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** One emulator per test, closed after it. */
export function useEmulator(defaults: OvhEmulatorOptions = {}) {
  let current: OvhEmulator | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async start(options: OvhEmulatorOptions = {}): Promise<OvhEmulator> {
      current = await startOvhEmulator({ ...defaults, ...options, knobs: { ...defaults.knobs, ...options.knobs } });
      return current;
    },
  };
}

export function consumerKeyClient(emu: OvhEmulator, options: Partial<OvhClientOptions> = {}): OvhClient {
  return createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.consumerKeyAuth(), ...FAST, ...options });
}

export function oauth2Client(emu: OvhEmulator, options: Partial<OvhClientOptions> = {}): OvhClient {
  return createOvhClient({ endpoint: { baseUrl: emu.baseUrl }, auth: emu.oauth2Auth(), ...FAST, ...options });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure<T = unknown>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
