/**
 * Where the OVHcloud API lives, and how a route's URL is built from checked inputs.
 *
 * Regions: EU, CA and US each have an API base (with its version path `/1.0`) and an OAuth2 token
 * endpoint. A custom base URL is for the local emulator and the demo: it must include the version
 * path, e.g. `http://127.0.0.1:4100/1.0`.
 *
 * Routes: every value that becomes a path segment (service name, id, login) is checked before any
 * request, and a bad one is an `invalid-input` AppError naming the field; then it is encoded.
 */
import { AppError } from '../../errors';
import { isHttpsOrLoopbackHttp } from '../../net/https-or-loopback';

export type OvhRegion = 'ovh-eu' | 'ovh-ca' | 'ovh-us';
/** What the OVH client is pointed at: a known region, or explicit URLs (the emulator, a custom account). */
export type OvhApiTarget = OvhRegion | { baseUrl: string; oauth2TokenUrl?: string };

export const OVH_API_BASE_URLS: Record<OvhRegion, string> = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
};

/** The SDKs agree on these (PY/GO/NODE); an older doc page gives www.ovh.ca for CA, which we do not use. */
export const OVH_OAUTH2_TOKEN_URLS: Record<OvhRegion, string> = {
  'ovh-eu': 'https://www.ovh.com/auth/oauth2/token',
  'ovh-ca': 'https://ca.ovh.com/auth/oauth2/token',
  'ovh-us': 'https://us.ovhcloud.com/auth/oauth2/token',
};

export interface ResolvedEndpoint {
  baseUrl: string;
  oauth2TokenUrl: string;
}

export function resolveEndpoint(endpoint: OvhApiTarget, oauth2TokenUrl?: string): ResolvedEndpoint {
  if (typeof endpoint === 'string') {
    const baseUrl = OVH_API_BASE_URLS[endpoint];
    if (!baseUrl) throw new AppError('invalid-input', `Unknown OVHcloud endpoint "${String(endpoint)}". Use ovh-eu, ovh-ca, ovh-us or a base URL.`);
    return { baseUrl, oauth2TokenUrl: oauth2TokenUrl ?? OVH_OAUTH2_TOKEN_URLS[endpoint] };
  }
  let url: URL;
  try {
    url = new URL(endpoint.baseUrl);
  } catch {
    throw new AppError('invalid-input', 'The OVHcloud base URL is not a valid URL.', { issues: ['endpoint.baseUrl: must be a URL'] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid-input', 'The OVHcloud base URL must start with https:// (or http:// for a local server).', {
      issues: ['endpoint.baseUrl: must be http(s)'],
    });
  }
  if (!isHttpsOrLoopbackHttp(url))
    throw new AppError('invalid-input', 'The OVHcloud base URL must start with https:// (http:// only for a server on this machine).', {
      issues: ['endpoint.baseUrl: must start with https:// (http:// only for a server on this machine)'],
    });
  const baseUrl = endpoint.baseUrl.replace(/\/+$/, '');
  // Choice (no source): for a custom API base, the OAuth2 token endpoint defaults to
  // `<origin>/auth/oauth2/token`, which is where the emulator serves it. Real regions use the table above.
  return { baseUrl, oauth2TokenUrl: oauth2TokenUrl ?? endpoint.oauth2TokenUrl ?? new URL('/auth/oauth2/token', url.origin).toString() };
}

/** `<base><path>?<query>` exactly as it will be sent (and signed). Path segments are encoded by the caller. */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/**
 * The root that `/v2/...` paths are appended to (the official SDKs turn `<host>/1.0` plus a
 * path starting with `/v2` into `<host>/v2/...`). A trailing `/1.0` or `/v1` is removed; a custom
 * base without either (a proxy mounted elsewhere) is used as is. Example:
 * `https://eu.api.ovh.com/1.0` -> `https://eu.api.ovh.com`, then `/v2/iam/policy`.
 */
export function apiRootUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/(?:1\.0|v1)$/, '');
}

// ---------------------------------------------------------------- route inputs

/*
 * Every value that becomes a path segment is checked against the shape OVHcloud gives it, because
 * encoding alone does not keep a value from changing the route: `..` is not encoded, and the URL
 * parser resolves it (a create on service `..` would become `POST /1.0/dbaas/token`); `%2F` may be
 * decoded by a proxy. The shapes:
 *  - LDP service names look like `ldp-ab-12345`. Accepted: letters and digits in groups joined by
 *    single hyphens (wider than the documented examples, so an unusual real name still works;
 *    never a dot, slash or other separator);
 *  - token, cluster and operation ids are UUIDs;
 *  - a local user's `{user}` is the login suffix (`johnsmith`), not the full sign-in id
 *    `<account-id>/<login>`; personal access token names are chosen by their owner. Neither has a
 *    documented character set, so both only refuse what would change the route: `.` and `..`,
 *    `/ \ ? # %` and control characters.
 */

const SERVICE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE_CHANGING = /^\.{1,2}$|[/\\?#%\u0000-\u001f\u007f]/;

const refuse = (field: string, text: string): AppError => new AppError('invalid-input', `${field} ${text}.`, { issues: [`${field}: ${text}`] });

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(field, 'is required');
  return value;
}

export function requireUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw refuse(field, 'must be a UUID');
  return value;
}

/** A user-chosen name or login as one path segment: anything but what would change the route. */
export function requireSegment(value: unknown, field: string): string {
  const text = requireText(value, field);
  if (ROUTE_CHANGING.test(text)) throw refuse(field, 'cannot be . or .., nor contain / \\ ? # % or control characters');
  return text;
}

/** `/dbaas/logs/{serviceName}`, the name checked and encoded. */
export function svc(serviceName: unknown): string {
  const name = requireText(serviceName, 'serviceName');
  if (!SERVICE_NAME.test(name)) throw refuse('serviceName', 'must look like ldp-ab-12345');
  return `/dbaas/logs/${encodeURIComponent(name)}`;
}

/** A token, cluster, operation, stream or stream rule id as a path segment. */
export const idSegment = (value: unknown, field: 'tokenId' | 'clusterId' | 'operationId' | 'streamId' | 'ruleId'): string =>
  encodeURIComponent(requireUuid(value, field));

/** A personal access token's name as a path segment. */
export const nameSegment = (value: unknown): string => encodeURIComponent(requireSegment(value, 'name'));

/** `/me/identity/user/{login}`, the login checked and path-escaped (terraform-provider-ovh and the OVHcloud CLI escape it too). */
export function userPath(login: unknown): string {
  const text = requireText(login, 'user');
  if (text.includes('/')) throw refuse('user', 'must be the login without the account id (the part after the /)');
  return `/me/identity/user/${encodeURIComponent(requireSegment(text, 'user'))}`;
}
