/**
 * OVHcloud IAM routes of the emulator (the IAM part of docs/providers/ovh.md):
 *
 *   GET  /me/identity/user                      logins
 *   GET  /me/identity/user/{user}               auth.User (with urn)
 *   GET  /me/identity/user/{user}/token         PAT names (expired ones included: emulator choice)
 *   POST /me/identity/user/{user}/token         {name, description, expiresAt | expiresIn} -> the PAT and its secret, once
 *   GET  /me/identity/user/{user}/token/{name}  the PAT, never the secret
 *   PUT  /me/identity/user/{user}/token/{name}  {description?, expiresAt?, expiresIn?}
 *   DELETE …/token/{name}                       200, JSON null
 *   GET  /v2/iam/policy                         filters identity / resourceURN / action / readOnly; cursor paging
 *
 * Unverified on the real API, chosen here: 404 bodies (`Client::NotFound`), the duplicate-name
 * answer (409 `Client::Conflict`), refusing a past `expiresAt` and a body with both expiry fields
 * (400), the filter semantics (exact or `*` match; a service-URN filter does not return policies
 * that name only sub-resources, reference §5.6, but does return resource groups containing it).
 */
import type { ApiContext } from './api';
import type { EmuIamUser, EmuPat, EmuPolicy } from './state';
import { apiError, iamDate, json, type Answer } from './util';

const userJson = (u: EmuIamUser) => ({
  login: u.login,
  urn: u.urn,
  group: u.group,
  email: u.email,
  description: u.description,
  status: u.status,
  type: u.type,
  creation: u.creation,
  lastUpdate: u.lastUpdate,
  passwordLastUpdate: u.passwordLastUpdate,
});

/** `auth.PersonalAccessToken`: no `token` field. */
const patJson = (t: EmuPat) => ({ name: t.name, description: t.description, creation: t.creation, expiresAt: t.expiresAt, lastUsed: t.lastUsed });

const policyJson = (p: EmuPolicy) => ({ ...p, identities: [...p.identities], resources: p.resources.map((r) => ({ ...r })) });

const notAllowed = (method: string): Answer => apiError(405, 'Client::MethodNotAllowed', `Method ${method} not allowed`);
const badRequest = (message: string): Answer => apiError(400, 'Client::BadRequest', message);

function parseBody(text: string): Record<string, unknown> | Answer {
  try {
    const body: unknown = JSON.parse(text || 'null');
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : badRequest('Invalid JSON body');
  } catch {
    return badRequest('Invalid JSON body');
  }
}
const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

/** Checks and applies the expiry fields of a create or modify body; an Answer when refused. */
function expiry(body: Record<string, unknown>, allowNull: boolean): { expiresAt: string | null } | undefined | Answer {
  const { expiresAt, expiresIn } = body;
  if (expiresAt !== undefined && expiresAt !== null && expiresIn !== undefined && expiresIn !== null)
    return badRequest('expiresAt and expiresIn are mutually exclusive');
  if (expiresAt !== undefined && expiresAt !== null) {
    if (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))) return badRequest("Invalid parameter 'expiresAt'");
    if (Date.parse(expiresAt) <= Date.now()) return badRequest('expiresAt must be in the future');
    return { expiresAt: new Date(Date.parse(expiresAt)).toISOString() };
  }
  if (expiresIn !== undefined && expiresIn !== null) {
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1) return badRequest("Invalid parameter 'expiresIn'");
    return { expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
  }
  if (allowNull && (expiresAt === null || expiresIn === null)) return { expiresAt: null };
  return undefined;
}

export function routeIam(ctx: ApiContext): Answer | undefined {
  if (ctx.path === '/v2/iam/policy') return ctx.method === 'GET' ? listPolicies(ctx) : notAllowed(ctx.method);
  const m = /^\/me\/identity\/user(?:\/([^/]+)(?:\/(token)(?:\/([^/]+))?)?)?$/.exec(ctx.path);
  if (!m) return undefined;
  const [, rawUser, tokens, rawName] = m;
  const { method, state } = ctx;
  if (rawUser === undefined) return method === 'GET' ? json(200, [...state.iamUsers.keys()]) : notAllowed(method);
  const login = decodeURIComponent(rawUser);
  const user = state.iamUsers.get(login);
  if (!user) return apiError(404, 'Client::NotFound', `User ${login} does not exist`);
  if (tokens === undefined) return method === 'GET' ? json(200, userJson(user)) : notAllowed(method);
  if (rawName === undefined) {
    if (method === 'GET') return json(200, [...user.tokens.keys()]);
    if (method === 'POST') return createPat(ctx, user);
    return notAllowed(method);
  }
  const name = decodeURIComponent(rawName);
  const pat = user.tokens.get(name);
  if (!pat) return apiError(404, 'Client::NotFound', `Token ${name} does not exist`);
  if (method === 'GET') return json(200, patJson(pat));
  if (method === 'DELETE') {
    user.tokens.delete(name);
    return json(200, null);
  }
  if (method === 'PUT') {
    const body = parseBody(ctx.body);
    if (isAnswer(body)) return body;
    if (body.description !== undefined && typeof body.description !== 'string') return badRequest("Invalid parameter 'description'");
    const when = expiry(body, true);
    if (isAnswer(when)) return when;
    if (typeof body.description === 'string') pat.description = body.description;
    if (when) pat.expiresAt = when.expiresAt;
    return json(200, patJson(pat));
  }
  return notAllowed(method);
}

function createPat(ctx: ApiContext, user: EmuIamUser): Answer {
  const body = parseBody(ctx.body);
  if (isAnswer(body)) return body;
  const missing = ['name', 'description'].filter((k) => body[k] === undefined || body[k] === null);
  if (missing.length) return badRequest(`Missing parameter(s): ${missing.join(', ')}`);
  // Name rules are unverified; the emulator refuses only non-strings, empty, control characters and > 128 chars.
  if (typeof body.name !== 'string' || body.name === '' || body.name.length > 128 || /[\u0000-\u001f/]/.test(body.name))
    return badRequest("Invalid parameter 'name'");
  if (typeof body.description !== 'string') return badRequest("Invalid parameter 'description'");
  if (user.tokens.has(body.name)) return apiError(409, 'Client::Conflict', `A token named ${body.name} already exists for user ${user.login}`);
  const when = expiry(body, false);
  if (isAnswer(when)) return when;
  const pat = ctx.state.addPat(user.login, {
    name: body.name,
    description: body.description,
    expiresAt: when?.expiresAt ?? null,
    creation: iamDate(Date.now()),
  });
  return json(200, { ...patJson(pat), token: pat.value });
}

// ---- policies -----------------------------------------------------------------------------

const wild = (pattern: string, value: string): boolean => {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
};

/** Array filters: repeated keys and comma-separated values are both read. */
const values = (query: URLSearchParams, key: string): string[] =>
  query
    .getAll(key)
    .flatMap((v) => v.split(','))
    .filter(Boolean);

function listPolicies(ctx: ApiContext): Answer {
  const identities = values(ctx.query, 'identity');
  const resources = values(ctx.query, 'resourceURN');
  const actions = values(ctx.query, 'action');
  const readOnly = ctx.query.get('readOnly');
  const groups = ctx.state.resourceGroups;
  const all = [...ctx.state.policies.values()].filter((p) => {
    if (identities.length && !p.identities.some((i) => identities.some((u) => wild(i, u)))) return false;
    if (resources.length && !p.resources.some((r) => resources.some((u) => wild(r.urn, u) || (groups.get(r.urn) ?? []).some((m) => wild(m, u))))) return false;
    if (actions.length && !p.permissions.allow.some((a) => actions.some((x) => wild(a.action, x)))) return false;
    if (readOnly !== null && String(p.readOnly) !== readOnly) return false;
    return true;
  });

  const sizeHeader = ctx.req.headers['x-pagination-size'];
  let size = ctx.knobs.policyPageSize;
  if (typeof sizeHeader === 'string') {
    size = Number(sizeHeader);
    if (!Number.isInteger(size) || size < 1 || size > 1000) return badRequest('Invalid X-Pagination-Size');
  }
  const cursorHeader = ctx.req.headers['x-pagination-cursor'];
  let offset = 0;
  if (typeof cursorHeader === 'string') {
    const decoded = /^off:(\d+)$/.exec(Buffer.from(cursorHeader, 'base64url').toString('utf8'));
    if (!decoded) return badRequest('Invalid cursor');
    offset = Number(decoded[1]);
  }
  const page = all.slice(offset, offset + size);
  const headers: Record<string, string> = {};
  if (offset + size < all.length) headers['X-Pagination-Cursor-Next'] = Buffer.from(`off:${offset + size}`).toString('base64url');
  return json(200, page.map(policyJson), headers);
}
