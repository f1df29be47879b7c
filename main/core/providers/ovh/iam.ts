/**
 * The OVHcloud IAM part of an account client (`client.iam`), for IAM-enabled LDP services. It
 * shares the account's transports: same signing or OAuth2 token, same clock delta, same cap.
 *
 *   GET    /me/identity/user                      logins (the suffix after `<account-id>/`)
 *   GET    /me/identity/user/{user}               a local user, with the `urn` policies name
 *   GET    /me/identity/user/{user}/token         names of the user's personal access tokens (PATs)
 *   POST   /me/identity/user/{user}/token         {name, description, expiresAt | expiresIn} -> the PAT and its secret, once
 *   GET    /me/identity/user/{user}/token/{name}  the PAT, never the secret
 *   PUT    /me/identity/user/{user}/token/{name}  {description?, expiresAt?, expiresIn?}
 *   DELETE /me/identity/user/{user}/token/{name}  revokes at once
 *   GET    /v2/iam/policy                         IAM policies, read only (API v2, cursor paging)
 *
 * Users are read only: Tokendesk does not create or edit them. Like LDP tokens, PAT POST and
 * DELETE are sent once (transport.ts). When their outcome is unknown (connection lost, 5xx, 429,
 * unreadable answer) the token is read back by name to say what happened. A POST that went through
 * but whose answer was lost has lost its secret for good: the error says so and tells the admin to
 * revoke that token. Who reaches which service is decided from the policies in iam-access.ts.
 *
 * Policy paging: the answer's `X-Pagination-Cursor-Next` header is sent back as
 * `X-Pagination-Cursor` until an answer carries none. Choices (unverified): no
 * `X-Pagination-Size` is sent unless a page size is configured, because the largest size OVHcloud
 * accepts is not documented; the server's default is followed page by page instead. A cursor that
 * comes back twice, or more than 1,000 pages, is an error rather than an endless loop.
 */
import { AppError } from '../../errors';
import { nameSegment, requireSegment, requireText, userPath } from './endpoints';
import { isHttpNotFound, OvhRequestError, withNote } from './errors';
import { computeServiceAccess, identityUrnsOf, type IamUserAccess } from './iam-access';
import {
  IamPolicyList,
  IamUserSchema,
  PatCreatedSchema,
  PatSchema,
  VoidAnswer,
  type OvhIamPolicy,
  type OvhIamPolicyFilter,
  type OvhIamUser,
  type OvhPat,
  type OvhPatCreated,
  type OvhPatInput,
  type OvhPatPatch,
} from './iam-types';
import type { Transport } from './transport';
import { StringList } from './types';

export interface IamUserRoutes {
  listUserLogins(signal?: AbortSignal): Promise<string[]>;
  getUser(login: string, signal?: AbortSignal): Promise<OvhIamUser>;
  /** Logins, then every user in parallel (within the account's cap); a user deleted in between is skipped. */
  listUsers(signal?: AbortSignal): Promise<OvhIamUser[]>;
}

export interface IamTokenRoutes {
  listTokenNames(login: string, signal?: AbortSignal): Promise<string[]>;
  getToken(login: string, name: string, signal?: AbortSignal): Promise<OvhPat>;
  /** Names, then every PAT in parallel; a PAT deleted in between is skipped. */
  listTokens(login: string, signal?: AbortSignal): Promise<OvhPat[]>;
  /** The answer carries the secret (`token`): the only time OVHcloud gives it. */
  createToken(login: string, input: OvhPatInput, signal?: AbortSignal): Promise<OvhPatCreated>;
  updateToken(login: string, name: string, patch: OvhPatPatch, signal?: AbortSignal): Promise<OvhPat>;
  /** `alreadyGone`: OVHcloud answered 404, the token did not exist any more (TF treats this as deleted). */
  deleteToken(login: string, name: string, signal?: AbortSignal): Promise<{ alreadyGone: boolean }>;
}

export interface IamPolicyRoutes {
  /** Every page of `GET /v2/iam/policy` with this filter. */
  listPolicies(filter?: OvhIamPolicyFilter, signal?: AbortSignal): Promise<OvhIamPolicy[]>;
}

export interface IamServiceRef {
  serviceName: string;
  /** `iam.urn` of the service, e.g. `urn:v1:eu:resource:ldp:ldp-ab-12345`. */
  urn: string;
}

export interface IamServiceAccess {
  users: OvhIamUser[];
  /** One entry per user, in the order of `users`; `services` is empty for users that reach none. */
  access: IamUserAccess[];
}

export interface OvhIamClient extends IamUserRoutes, IamTokenRoutes, IamPolicyRoutes {
  /**
   * The local users and, for each, the given IAM-enabled services its policies reach: policies
   * listed per service URN and per identity (user and group URNs), matched in iam-access.ts. One
   * request per filter value, all in parallel within the cap.
   */
  serviceAccess(services: readonly IamServiceRef[], signal?: AbortSignal): Promise<IamServiceAccess>;
}

export const POLICY_PATH = '/v2/iam/policy';
const MAX_PAGES = 1_000;
const NEXT = 'x-pagination-cursor-next';

const issue = (field: string, text: string): AppError => new AppError('invalid-input', `${field} ${text}.`, { issues: [`${field}: ${text}`] });

/**
 * The create body, checked before anything is sent; exactly the fields set (terraform-provider-ovh
 * sends expiry fields only when set). The name must be one the token can later be read back by.
 */
export function patCreateBody(input: OvhPatInput): Record<string, unknown> {
  const name = requireSegment(input?.name, 'name');
  const description = requireText(input.description, 'description');
  if (input.expiresAt !== undefined && input.expiresIn !== undefined) {
    // What OVHcloud does with both is unverified: never send both.
    throw issue('expiresAt', 'and expiresIn cannot both be set');
  }
  const body: Record<string, unknown> = { name, description };
  if (input.expiresAt !== undefined) {
    if (typeof input.expiresAt !== 'string' || Number.isNaN(Date.parse(input.expiresAt))) throw issue('expiresAt', 'must be a date and time');
    body.expiresAt = input.expiresAt;
  }
  if (input.expiresIn !== undefined) {
    if (!Number.isInteger(input.expiresIn) || input.expiresIn < 1) throw issue('expiresIn', 'must be a whole number of seconds, at least 1');
    body.expiresIn = input.expiresIn;
  }
  return body;
}

/**
 * `v1`: the account's transport on API v1 (`/1.0`). `root`: the same account on the API root (no
 * `/1.0`), so paths are `/v2/...`.
 */
export function createOvhIamClient(o: { v1: Transport; root: Transport; now?: () => number; policyPageSize?: number }): OvhIamClient {
  const users = createUserRoutes(o.v1);
  const tokens = createTokenRoutes(o.v1);
  const policies = createPolicyRoutes(o.root, o.policyPageSize ? { pageSize: o.policyPageSize } : {});
  const now = o.now ?? Date.now;

  return {
    ...users,
    ...tokens,
    ...policies,
    async serviceAccess(services, signal) {
      // The users and the services' policies do not depend on each other: read them together.
      const [list, forServices] = await Promise.all([
        users.listUsers(signal),
        Promise.all(services.map(async (s) => [s.serviceName, await policies.listPolicies({ resourceURN: s.urn }, signal)] as const)),
      ]);
      const identities = [...new Set(list.flatMap(identityUrnsOf))];
      const ids = (found: OvhIamPolicy[]): Set<string> => new Set(found.map((p) => p.id));
      const forIdentities = await Promise.all(identities.map(async (urn) => [urn, await policies.listPolicies({ identity: urn }, signal)] as const));
      const access = computeServiceAccess({
        services,
        users: list,
        policies: [...forServices, ...forIdentities].flatMap(([, found]) => found),
        listedForService: new Map(forServices.map(([name, found]) => [name, ids(found)])),
        listedForIdentity: new Map(forIdentities.map(([urn, found]) => [urn, ids(found)])),
        now: now(),
      });
      return { users: list, access };
    },
  };
}

function createUserRoutes(v1: Transport): IamUserRoutes {
  const routes: IamUserRoutes = {
    async listUserLogins(signal) {
      return (await v1.request({ method: 'GET', path: '/me/identity/user', schema: StringList, signal })).data;
    },
    async getUser(login, signal) {
      return (await v1.request({ method: 'GET', path: userPath(login), schema: IamUserSchema, signal })).data;
    },
    async listUsers(signal) {
      const logins = await routes.listUserLogins(signal);
      const users = await Promise.all(
        logins.map((login) =>
          routes.getUser(login, signal).catch((error: unknown) => {
            if (isHttpNotFound(error)) return undefined;
            throw error;
          }),
        ),
      );
      return users.filter((u): u is OvhIamUser => u !== undefined);
    },
  };
  return routes;
}

function createTokenRoutes(v1: Transport): IamTokenRoutes {
  const tokens = (login: string): string => `${userPath(login)}/token`;
  const tokenPath = (login: string, name: string): string => `${tokens(login)}/${nameSegment(name)}`;

  /** true / false once known; throws when the re-read itself fails. */
  const exists = (login: string, name: string, signal?: AbortSignal): Promise<boolean> =>
    routes.getToken(login, name, signal).then(
      () => true,
      (error: unknown) => {
        if (isHttpNotFound(error)) return false;
        throw error;
      },
    );

  const routes: IamTokenRoutes = {
    async listTokenNames(login, signal) {
      return (await v1.request({ method: 'GET', path: tokens(login), schema: StringList, signal })).data;
    },

    async getToken(login, name, signal) {
      return (await v1.request({ method: 'GET', path: tokenPath(login, name), schema: PatSchema, signal })).data;
    },

    async listTokens(login, signal) {
      const names = await routes.listTokenNames(login, signal);
      const read = await Promise.all(
        names.map((name) =>
          routes.getToken(login, name, signal).catch((error: unknown) => {
            if (isHttpNotFound(error)) return undefined;
            throw error;
          }),
        ),
      );
      return read.filter((t): t is OvhPat => t !== undefined);
    },

    async createToken(login, input, signal) {
      const body = patCreateBody(input);
      const name = body.name as string;
      try {
        return (await v1.request({ method: 'POST', path: tokens(login), body, schema: PatCreatedSchema, signal })).data;
      } catch (error) {
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        // The POST may have been applied: never send it again; look for the token by name.
        const found = await exists(login, name, signal).catch((reread: unknown) => {
          throw withNote(
            error,
            `Tokendesk could not check whether the personal access token was created (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`,
          );
        });
        if (!found)
          throw withNote(
            error,
            `Tokendesk checked: the local user ${login} has no personal access token named "${name}", so nothing was created. You can try again.`,
          );
        throw new AppError(
          'provider',
          `OVHcloud created the personal access token "${name}" of ${login}, but its answer, which carries the secret, was lost (${error.message}). ` +
            'OVHcloud never shows the secret again: revoke this token and create another one.',
          { ...(error.provider ? { provider: error.provider } : {}), cause: error },
        );
      }
    },

    async updateToken(login, name, patch, signal) {
      const body: Record<string, unknown> = {};
      if (patch.description !== undefined) body.description = patch.description;
      if (patch.expiresAt !== undefined) body.expiresAt = patch.expiresAt;
      if (patch.expiresIn !== undefined) body.expiresIn = patch.expiresIn;
      if (Object.keys(body).length === 0) throw issue('patch', 'changes nothing');
      if (typeof body.expiresAt === 'string' && body.expiresIn !== undefined && body.expiresIn !== null)
        throw issue('expiresAt', 'and expiresIn cannot both be set');
      // A PUT sets the same fields to the same values when repeated, but it is still sent once (transport.ts).
      return (await v1.request({ method: 'PUT', path: tokenPath(login, name), body, schema: PatSchema, signal })).data;
    },

    async deleteToken(login, name, signal) {
      try {
        await v1.request({ method: 'DELETE', path: tokenPath(login, name), schema: VoidAnswer, allowEmpty: true, signal });
        return { alreadyGone: false };
      } catch (error) {
        if (isHttpNotFound(error)) return { alreadyGone: true };
        if (!(error instanceof OvhRequestError) || !error.mayHaveBeenApplied) throw error;
        const still = await exists(login, name, signal).catch((reread: unknown) => {
          throw withNote(
            error,
            `Tokendesk could not check whether the personal access token was deleted (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`,
          );
        });
        if (!still) return { alreadyGone: false };
        throw withNote(error, 'Tokendesk checked: the personal access token still exists, so nothing was deleted. You can try again.');
      }
    },
  };
  return routes;
}

function createPolicyRoutes(root: Transport, options: { pageSize?: number } = {}): IamPolicyRoutes {
  return {
    async listPolicies(filter = {}, signal) {
      const query: Record<string, string | undefined> = {
        identity: filter.identity,
        resourceURN: filter.resourceURN,
        action: filter.action,
        details: filter.details ? 'true' : undefined,
      };
      const policies: OvhIamPolicy[] = [];
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (let page = 1; page <= MAX_PAGES; page += 1) {
        const headers: Record<string, string> = {};
        if (options.pageSize) headers['X-Pagination-Size'] = String(options.pageSize);
        if (cursor) headers['X-Pagination-Cursor'] = cursor;
        const answer = await root.request({ method: 'GET', path: POLICY_PATH, query, headers, readHeaders: [NEXT], schema: IamPolicyList, signal });
        policies.push(...answer.data);
        const next = answer.headers?.[NEXT];
        if (!next) return policies;
        if (seen.has(next)) {
          throw new AppError('provider', 'OVHcloud sent the same page cursor twice while listing IAM policies; Tokendesk stopped instead of looping.', {
            provider: {
              provider: 'ovh',
              status: answer.status,
              path: `GET ${POLICY_PATH}`,
              message: 'repeated X-Pagination-Cursor-Next',
              ...(answer.requestId ? { requestId: answer.requestId } : {}),
            },
          });
        }
        seen.add(next);
        cursor = next;
      }
      throw new AppError('provider', `OVHcloud listed more than ${MAX_PAGES} pages of IAM policies; Tokendesk stopped reading.`, {
        provider: { provider: 'ovh', path: `GET ${POLICY_PATH}` },
      });
    },
  };
}
