/**
 * Personal access tokens (PATs) of a local user (reference ovh-iam.md §2):
 *
 *   GET    /me/identity/user/{user}/token          names
 *   POST   /me/identity/user/{user}/token          {name, description, expiresAt | expiresIn} -> the PAT and its secret, once
 *   GET    /me/identity/user/{user}/token/{name}   the PAT, never the secret
 *   PUT    /me/identity/user/{user}/token/{name}   {description?, expiresAt?, expiresIn?}
 *   DELETE /me/identity/user/{user}/token/{name}   revokes at once
 *
 * Like LDP tokens, POST and DELETE are sent once (transport.ts). When their outcome is unknown
 * (connection lost, 5xx, 429, unreadable answer) the token is read back by name to say what
 * happened. A POST that went through but whose answer was lost has lost its secret for good: the
 * error says so and tells the admin to revoke that token.
 */
import { AppError } from '../../errors';
import { requireText, seg, userPath } from './endpoints';
import { isHttpNotFound, OvhRequestError, withNote } from './errors';
import { PatCreatedSchema, PatSchema, VoidAnswer, type OvhPat, type OvhPatCreated, type OvhPatInput, type OvhPatPatch } from './iam-types';
import type { Transport } from './transport';
import { StringList } from './types';

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

const issue = (field: string, text: string): AppError => new AppError('invalid-input', `${field} ${text}.`, { issues: [`${field}: ${text}`] });

/** The create body, checked before anything is sent; exactly the fields set (TF sends expiry fields only when set). */
export function patCreateBody(input: OvhPatInput): Record<string, unknown> {
  const name = requireText(input?.name, 'name');
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

export function createIamTokenRoutes(v1: Transport): IamTokenRoutes {
  const tokens = (login: string): string => `${userPath(login)}/token`;
  const tokenPath = (login: string, name: string): string => `${tokens(login)}/${seg(requireText(name, 'name'))}`;

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
          throw withNote(error, `Tokendesk could not check whether the personal access token was created (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (!found) throw withNote(error, `Tokendesk checked: the local user ${login} has no personal access token named "${name}", so nothing was created. You can try again.`);
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
      if (typeof body.expiresAt === 'string' && body.expiresIn !== undefined && body.expiresIn !== null) throw issue('expiresAt', 'and expiresIn cannot both be set');
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
          throw withNote(error, `Tokendesk could not check whether the personal access token was deleted (${reread instanceof AppError ? reread.message : 'the check failed'}); refresh the list before trying again.`);
        });
        if (!still) return { alreadyGone: false };
        throw withNote(error, 'Tokendesk checked: the personal access token still exists, so nothing was deleted. You can try again.');
      }
    },
  };
  return routes;
}
