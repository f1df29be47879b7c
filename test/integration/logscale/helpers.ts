/** Shared setup for the LogScale integration tests: an emulator and a client on one injected clock. */
import { expect } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { createLogScaleClient, type LogScaleClient, type LogScaleClientOptions } from '../../../main/core/providers/logscale';
import { startLogScaleEmulator, type LogScaleEmulator, type LogScaleEmulatorOptions } from '../../emulators/logscale';

export const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Setup {
  emulator: LogScaleEmulator;
  /** Client authenticated with the emulator's admin (root user personal token). */
  client: LogScaleClient;
  clock: { now: number; advance(ms: number): void };
  /** Another client on the same emulator and clock, with any token. */
  clientWith(token: string, options?: Partial<LogScaleClientOptions>): LogScaleClient;
  close(): Promise<void>;
}

export async function setup(options: LogScaleEmulatorOptions = {}, clientOptions: Partial<LogScaleClientOptions> = {}): Promise<Setup> {
  const clock = {
    now: T0,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const emulator = await startLogScaleEmulator({ now: () => clock.now, ...options });
  const clientWith = (token: string, more: Partial<LogScaleClientOptions> = {}) =>
    createLogScaleClient({ baseUrl: emulator.baseUrl, token, now: () => clock.now, ...clientOptions, ...more });
  return { emulator, clock, client: clientWith(emulator.adminToken), clientWith, close: () => emulator.close() };
}

/** Awaits a promise that must fail with an AppError and returns it. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Whether a token string authenticates against the emulator right now (401 → false). */
export async function authenticates(setupValue: Setup, token: string): Promise<boolean> {
  try {
    await setupValue.clientWith(token).checkCredentials();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'auth') return false;
    throw error;
  }
}

/** No secret part of a token string may appear in any text a user or a log could see. */
export function expectNoSecret(text: string, secret: string): void {
  const secretPart = secret.slice(secret.indexOf('~') + 1);
  expect(secretPart.length).toBeGreaterThan(10);
  expect(text).not.toContain(secretPart);
}
