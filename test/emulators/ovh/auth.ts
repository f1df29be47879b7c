/**
 * Request authentication as the reference describes it (§1.2–§1.6): application key, consumer
 * key state, timestamp window, the `$1$` SHA-1 signature over the URL the server received, and
 * access rules; or an OAuth2 Bearer token. Written independently of the client's signer on
 * purpose, so a bug in one is caught by the other.
 */
import type { IncomingMessage } from 'node:http';
import type { OvhEmulatorKnobs } from './knobs';
import type { EmulatorState, EmuRule } from './state';
import { apiError, authError, ovhDate, sha1hex, type Answer } from './util';

export type AuthResult = { ok: true; identity: string; consumerKey?: string; clientId?: string } | { ok: false; answer: Answer };

export function ruleMatches(rule: EmuRule, method: string, path: string, wildcard: OvhEmulatorKnobs['ruleWildcard']): boolean {
  if (rule.method !== method) return false;
  const pattern = rule.path
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join(wildcard === 'any' ? '.*' : '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

/** Who is calling, for in-flight accounting (before any check). */
export function identityOf(req: IncomingMessage, state: EmulatorState): string {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return `oauth2:${state.accessTokens.get(bearer)?.clientId ?? 'unknown'}`;
  const ck = req.headers['x-ovh-consumer'];
  if (typeof ck === 'string') return ck;
  const ak = req.headers['x-ovh-application'];
  return typeof ak === 'string' ? `app:${ak}` : 'anonymous';
}

export function authenticate(
  req: IncomingMessage,
  input: { method: string; path: string; body: string; serverNowSec: number; knobs: OvhEmulatorKnobs; state: EmulatorState },
): AuthResult {
  const { state, knobs, method, path } = input;
  const authorization = req.headers.authorization ?? '';
  const bearer = /^Bearer (.+)$/.exec(authorization)?.[1];
  if (bearer) {
    const token = state.accessTokens.get(bearer);
    // Unverified: the exact answer to an expired/unknown bearer token; a 401 is what OAuth2 resource servers send.
    if (!token || token.expiresAtMs <= Date.now()) return { ok: false, answer: authError(401, 'INVALID_CREDENTIAL', 'This credential is not valid') };
    const client = state.oauthClients.get(token.clientId);
    if (client?.deny.some((rule) => ruleMatches(rule, method, path, knobs.ruleWildcard))) {
      return {
        ok: false,
        answer: apiError(403, 'Client::Forbidden', 'User not granted for this request', { unauthorizedActionsByIAM: `${method} ${path}` }),
      };
    }
    return { ok: true, identity: `oauth2:${token.clientId}`, clientId: token.clientId };
  }

  const ak = header(req, 'x-ovh-application');
  const ck = header(req, 'x-ovh-consumer');
  if (!ak && !ck) return { ok: false, answer: apiError(401, 'Client::Unauthorized', 'You must login first') };
  const app = ak ? state.applications.get(ak) : undefined;
  if (!app) return { ok: false, answer: authError(403, 'INVALID_KEY', 'This application key is invalid') };
  if (!ck) return { ok: false, answer: apiError(401, 'Client::Unauthorized', 'You must login first') };
  const credential = state.credentials.get(ck);
  if (!credential) return { ok: false, answer: authError(403, 'NOT_CREDENTIAL', 'This credential does not exist') };
  if (credential.applicationKey !== ak) return { ok: false, answer: authError(403, 'INVALID_CREDENTIAL', 'This credential is not valid') };
  if (credential.state === 'pendingValidation') {
    return {
      ok: false,
      answer:
        knobs.pendingCredentialError === 'INVALID_SIGNATURE'
          ? authError(400, 'INVALID_SIGNATURE', 'Invalid signature')
          : authError(403, 'INVALID_CREDENTIAL', 'This credential is not valid'),
    };
  }
  if (credential.state !== 'validated') return { ok: false, answer: authError(403, 'INVALID_CREDENTIAL', 'This credential is not valid') };

  const timestamp = header(req, 'x-ovh-timestamp') ?? '';
  const signature = header(req, 'x-ovh-signature') ?? '';
  if (!/^\d+$/.test(timestamp)) return { ok: false, answer: authError(400, 'INVALID_SIGNATURE', 'Invalid signature') };
  if (Math.abs(Number(timestamp) - input.serverNowSec) > knobs.timestampWindowSec) {
    return {
      ok: false,
      answer:
        knobs.staleTimestampError === 'QUERY_TIME_OUT'
          ? authError(400, 'QUERY_TIME_OUT', 'Query out of time')
          : authError(400, 'INVALID_SIGNATURE', 'Invalid signature'),
    };
  }
  // The URL this server received, as the client must have signed it.
  const receivedUrl = `http://${req.headers.host}${req.url}`;
  const expected = `$1$${sha1hex([app.applicationSecret, ck, method, receivedUrl, input.body, timestamp].join('+'))}`;
  if (signature !== expected) return { ok: false, answer: authError(400, 'INVALID_SIGNATURE', 'Invalid signature') };
  if (!credential.rules.some((rule) => ruleMatches(rule, method, path, knobs.ruleWildcard))) {
    return { ok: false, answer: authError(403, 'NOT_GRANTED_CALL', 'This call has not been granted') };
  }
  credential.lastUse = ovhDate(Date.now());
  return { ok: true, identity: ck, consumerKey: ck };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
