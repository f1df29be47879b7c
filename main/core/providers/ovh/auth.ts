/**
 * The two ways a request is authenticated (reference §1.2–§1.5):
 *
 *  - consumer key: `X-Ovh-Application`, `X-Ovh-Consumer`, `X-Ovh-Timestamp`, `X-Ovh-Signature`,
 *    with the timestamp taken from the server's clock (`GET /auth/time` gives the delta). Unlike
 *    the SDKs, the delta is re-read when the local clock jumped (sleep/resume, manual change) and
 *    once after an INVALID_SIGNATURE (or QUERY_TIME_OUT) answer, then the request is sent again once.
 *  - OAuth2 service account: `Authorization: Bearer <access token>`, fetched once and reused until
 *    a minute before it expires; after a 401 / INVALID_CREDENTIAL it is fetched again once.
 *
 * `prepare()` runs before a request takes an in-flight slot (it may itself need a request);
 * `sign()` runs inside the slot so the timestamp is fresh.
 */
import type { Clock } from '../../net/clock';
import type { OAuth2Grant } from './oauth2';
import type { OvhRequestError } from './errors';
import { signOvhRequest } from './signature';

export interface Authorizer {
  prepare(signal?: AbortSignal): Promise<void>;
  /** Headers for this exact request, and the generation of the clock delta / access token used. */
  sign(method: string, url: string, body: string): { headers: Record<string, string>; generation: number };
  /**
   * After an authentication refusal of a request signed with `generation`: refresh what may be
   * stale (unless another request already did since), and say whether one more try makes sense.
   * Many requests failing together thus cause one refresh, not one each.
   */
  recover(error: OvhRequestError, generation: number, signal?: AbortSignal): Promise<boolean>;
  /** Values to scrub from any text we keep. */
  secrets(): string[];
}

/** Wall clock vs monotonic clock disagreeing by more than this means the machine slept or the clock was changed. */
export const CLOCK_JUMP_MS = 5_000;

/** Shares one in-progress refresh between concurrent callers. */
function singleFlight<T>(run: (signal?: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let current: Promise<T> | undefined;
  return (signal) => {
    current ??= run(signal).finally(() => {
      current = undefined;
    });
    return current;
  };
}

export interface ConsumerKeyAuthOptions {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clock: Clock;
  /** `GET /auth/time`, unauthenticated: the server's Unix time in seconds. */
  fetchServerTime: (signal?: AbortSignal) => Promise<number>;
}

export function createConsumerKeyAuthorizer(o: ConsumerKeyAuthOptions): Authorizer {
  let delta: number | undefined; // server seconds - local seconds
  let generation = 0;
  let syncedWall = 0;
  let syncedMono = 0;
  const sync = singleFlight(async (signal) => {
    const server = await o.fetchServerTime(signal);
    syncedWall = o.clock.now();
    syncedMono = o.clock.monotonic();
    delta = server - Math.floor(syncedWall / 1000);
    generation += 1;
  });
  const jumped = (): boolean => Math.abs(o.clock.now() - syncedWall - (o.clock.monotonic() - syncedMono)) > CLOCK_JUMP_MS;
  return {
    async prepare(signal) {
      if (delta === undefined || jumped()) await sync(signal);
    },
    sign(method, url, body) {
      const timestamp = String(Math.floor(o.clock.now() / 1000) + (delta ?? 0));
      const headers = {
        'X-Ovh-Application': o.applicationKey,
        'X-Ovh-Consumer': o.consumerKey,
        'X-Ovh-Timestamp': timestamp,
        'X-Ovh-Signature': signOvhRequest({ applicationSecret: o.applicationSecret, consumerKey: o.consumerKey, method, url, body, timestamp }),
      };
      return { headers, generation };
    },
    async recover(error, signedWith, signal) {
      // QUERY_TIME_OUT is not in the reference (unverified name for a stale timestamp); resyncing on it is harmless.
      if (error.ovhCode !== 'INVALID_SIGNATURE' && error.ovhCode !== 'QUERY_TIME_OUT') return false;
      if (signedWith === generation) await sync(signal);
      return true;
    },
    secrets: () => [o.applicationSecret, o.consumerKey],
  };
}

export interface OAuth2AuthOptions {
  clientSecret: string;
  clock: Clock;
  fetchToken: (signal?: AbortSignal) => Promise<OAuth2Grant>;
}

/** Refresh this long before the announced expiry. */
const EXPIRY_MARGIN_MS = 60_000;
/** Choice (unverified): when the server does not say how long a token lives, assume 10 minutes. */
const DEFAULT_TOKEN_LIFETIME_MS = 600_000;

export function createOAuth2Authorizer(o: OAuth2AuthOptions): Authorizer {
  let token: { value: string; refreshAtMono: number } | undefined;
  let generation = 0;
  const refresh = singleFlight(async (signal) => {
    const grant = await o.fetchToken(signal);
    generation += 1;
    const lifetime = grant.expiresInSec !== undefined ? grant.expiresInSec * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    token = { value: grant.accessToken, refreshAtMono: o.clock.monotonic() + Math.max(0, lifetime - EXPIRY_MARGIN_MS) };
  });
  return {
    async prepare(signal) {
      if (!token || o.clock.monotonic() >= token.refreshAtMono) await refresh(signal);
    },
    sign() {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token.value}` } : {};
      return { headers, generation };
    },
    async recover(error, signedWith, signal) {
      const expired = error.provider?.status === 401 || error.ovhCode === 'INVALID_CREDENTIAL';
      if (!expired) return false;
      if (signedWith === generation) {
        token = undefined;
        await refresh(signal);
      }
      return true;
    },
    secrets: () => [o.clientSecret, ...(token ? [token.value] : [])],
  };
}
