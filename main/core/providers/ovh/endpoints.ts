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

export type OvhRegion = 'ovh-eu' | 'ovh-ca' | 'ovh-us';
export type OvhEndpoint = OvhRegion | { baseUrl: string; oauth2TokenUrl?: string };

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

export function resolveEndpoint(endpoint: OvhEndpoint, oauth2TokenUrl?: string): ResolvedEndpoint {
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
    throw new AppError('invalid-input', 'The OVHcloud base URL must start with https:// (or http:// for a local server).', { issues: ['endpoint.baseUrl: must be http(s)'] });
  }
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
 * The root that `/v2/...` paths are appended to (reference §1.1: the SDKs turn `<host>/1.0` plus a
 * path starting with `/v2` into `<host>/v2/...`). A trailing `/1.0` or `/v1` is removed; a custom
 * base without either (a proxy mounted elsewhere) is used as is. Example:
 * `https://eu.api.ovh.com/1.0` -> `https://eu.api.ovh.com`, then `/v2/iam/policy`.
 */
export function apiRootUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/(?:1\.0|v1)$/, '');
}

// ---------------------------------------------------------------- route inputs

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError('invalid-input', `${field} is required.`, { issues: [`${field}: is required`] });
  return value;
}

export function requireUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new AppError('invalid-input', `${field} must be a UUID.`, { issues: [`${field}: must be a UUID`] });
  return value;
}

/** Encodes one path segment (service name, id) so a hostile value cannot change the route. */
export const seg = (value: string): string => encodeURIComponent(value);

/** `/dbaas/logs/{serviceName}`, the name checked and encoded. */
export const svc = (serviceName: string): string => `/dbaas/logs/${seg(requireText(serviceName, 'serviceName'))}`;

/** `/me/identity/user/{login}`, the login path-escaped (TF and the CLI escape it too). */
export const userPath = (login: string): string => `/me/identity/user/${seg(requireText(login, 'user'))}`;
