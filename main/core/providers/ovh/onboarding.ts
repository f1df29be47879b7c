/**
 * Consumer-key onboarding:
 *
 *   1. requestConsumerKey(): POST /auth/credential with the application key only (no signature)
 *      and the access rules below -> { consumerKey, validationUrl, state: 'pendingValidation' };
 *   2. the app opens `validationUrl` in the user's browser; the user logs in and accepts;
 *   3. waitForValidation(): polls GET /auth/currentCredential (signed) until it says `validated`;
 *   4. only then does the caller store the account (providers/ovh/consumer-key-onboarding.ts).
 *
 * While a key waits for validation, OVHcloud refuses signed calls made with it (php-ovh#62 saw
 * INVALID_SIGNATURE; the emulator checklist says INVALID_CREDENTIAL): both mean "not yet" here.
 * A refused key cannot be told apart from a pending one, so the wait is bounded and cancellable.
 */
import { describeDuration } from '../../durations';
import { AppError } from '../../errors';
import { systemClock, type Clock } from '../../net/clock';
import { createLimiter } from '../../net/limiter';
import { createOvhClient } from './client';
import { resolveEndpoint, type OvhApiTarget } from './endpoints';
import { hasOvhCode } from './errors';
import { createTransport } from './transport';
import { ConsumerKeyRequestSchema, type OvhAccessRule, type OvhConsumerKeyRequest, type OvhCredentialInfo } from './types';

/**
 * The minimal access rules Tokendesk asks for: exactly the routes it calls. Choices (unverified):
 *  - how `*` matches is not documented (one segment or any text), so every route is listed with a
 *    mid-path wildcard that is right under both readings, instead of relying on `GET /dbaas/logs/*`
 *    covering deeper paths;
 *  - whether /auth/currentCredential needs a rule is not documented; it is requested explicitly;
 *  - OVHcloud IAM (IAM-enabled LDP services): local users and their
 *    personal access tokens (read, create, edit, delete), and the IAM policies (read). Whether a
 *    rule for a `/v2` route is written with or without the `/v2` prefix is undocumented, so the
 *    policy listing is requested both ways; the one that does not apply grants nothing else.
 */
export const OVH_ACCESS_RULES: readonly OvhAccessRule[] = Object.freeze([
  { method: 'GET', path: '/auth/currentCredential' },
  { method: 'GET', path: '/dbaas/logs' },
  { method: 'GET', path: '/dbaas/logs/*' },
  { method: 'GET', path: '/dbaas/logs/*/cluster' },
  { method: 'GET', path: '/dbaas/logs/*/cluster/*' },
  { method: 'GET', path: '/dbaas/logs/*/url' },
  { method: 'GET', path: '/dbaas/logs/*/token' },
  { method: 'GET', path: '/dbaas/logs/*/token/*' },
  { method: 'POST', path: '/dbaas/logs/*/token' },
  { method: 'DELETE', path: '/dbaas/logs/*/token/*' },
  { method: 'GET', path: '/dbaas/logs/*/operation' },
  { method: 'GET', path: '/dbaas/logs/*/operation/*' },
  { method: 'GET', path: '/dbaas/logs/*/output/graylog/stream' },
  { method: 'GET', path: '/dbaas/logs/*/output/graylog/stream/*' },
  { method: 'GET', path: '/dbaas/logs/*/output/graylog/stream/*/rule' },
  { method: 'GET', path: '/dbaas/logs/*/output/graylog/stream/*/rule/*' },
  { method: 'GET', path: '/me/identity/user' },
  { method: 'GET', path: '/me/identity/user/*' },
  { method: 'GET', path: '/me/identity/user/*/token' },
  { method: 'GET', path: '/me/identity/user/*/token/*' },
  { method: 'POST', path: '/me/identity/user/*/token' },
  { method: 'PUT', path: '/me/identity/user/*/token/*' },
  { method: 'DELETE', path: '/me/identity/user/*/token/*' },
  { method: 'GET', path: '/v2/iam/policy' },
  { method: 'GET', path: '/iam/policy' },
] as OvhAccessRule[]);

export interface RequestConsumerKeyOptions {
  endpoint: OvhApiTarget;
  applicationKey: string;
  /** Not sent (this call is not signed); accepted so callers can pass one credentials object. */
  applicationSecret?: string;
  accessRules?: readonly OvhAccessRule[];
  /** Where the browser lands after the user accepted. */
  redirection?: string | null;
  allowedIPs?: string[];
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

export async function requestConsumerKey(o: RequestConsumerKeyOptions): Promise<OvhConsumerKeyRequest> {
  if (typeof o.applicationKey !== 'string' || o.applicationKey.trim() === '') {
    throw new AppError('invalid-input', 'applicationKey is required.', { issues: ['applicationKey: is required'] });
  }
  const { baseUrl } = resolveEndpoint(o.endpoint);
  const transport = createTransport({
    baseUrl,
    fetch: o.fetch ?? globalThis.fetch,
    clock: systemClock,
    limiter: createLimiter({ maxInFlight: 1 }),
    applicationKey: o.applicationKey,
    requestTimeoutMs: o.requestTimeoutMs ?? 30_000,
  });
  const body: Record<string, unknown> = { accessRules: o.accessRules ?? OVH_ACCESS_RULES };
  if (o.redirection) body.redirection = o.redirection;
  if (o.allowedIPs) body.allowedIPs = o.allowedIPs;
  // A POST, sent once: a lost answer only leaves an unused pending key behind; the user starts over.
  const answer = await transport.request({
    method: 'POST',
    path: '/auth/credential',
    body,
    schema: ConsumerKeyRequestSchema,
    auth: 'application',
    signal: o.signal,
  });
  return answer.data;
}

export interface WaitForValidationOptions {
  endpoint: OvhApiTarget;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  /** Between checks (default 2 s). */
  intervalMs?: number;
  /** Give up after (default 10 min). */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Called after each check that found the key still pending. */
  onPending?: (checks: number) => void;
}

/** Resolves with the credential once validated; rejects on refusal/expiry, timeout or abort. */
export async function waitForValidation(o: WaitForValidationOptions): Promise<OvhCredentialInfo> {
  const clock = o.clock ?? systemClock;
  const client = createOvhClient({
    endpoint: o.endpoint,
    auth: { mode: 'consumer-key', applicationKey: o.applicationKey, applicationSecret: o.applicationSecret, consumerKey: o.consumerKey },
    maxInFlight: 1,
    clock,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const intervalMs = o.intervalMs ?? 2_000;
  const timeoutMs = o.timeoutMs ?? 600_000;
  const start = clock.monotonic();
  for (let checks = 1; ; checks += 1) {
    try {
      // The client reads /auth/time before the first check, so a refusal here is not a clock problem;
      // recoverAuth false: a pending key answers INVALID_SIGNATURE and re-reading the clock would not help.
      const info = await client.currentCredential({ recoverAuth: false, ...(o.signal ? { signal: o.signal } : {}) });
      if (info.status === 'validated') return info;
      if (info.status === 'refused' || info.status === 'expired') {
        throw new AppError('auth', `The consumer key was ${info.status} at OVHcloud. Start the connection again to get a new validation link.`, {
          provider: { provider: 'ovh', status: 200, message: `credential status ${info.status}`, path: 'GET /auth/currentCredential' },
        });
      }
    } catch (error) {
      const pending = hasOvhCode(error, 'INVALID_CREDENTIAL') || hasOvhCode(error, 'INVALID_SIGNATURE');
      if (!pending) throw error;
    }
    o.onPending?.(checks);
    if (clock.monotonic() - start + intervalMs > timeoutMs) {
      throw new AppError(
        'timeout',
        `The consumer key was not validated within ${describeDuration(timeoutMs)}. Open the validation link again, or start the connection over.`,
      );
    }
    await clock.sleep(intervalMs, o.signal);
  }
}
