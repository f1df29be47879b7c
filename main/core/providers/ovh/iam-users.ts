/**
 * Local identity users of the account (reference ovh-iam.md §1): `GET /me/identity/user` lists
 * their logins (the suffix after `<account-id>/`), `GET /me/identity/user/{user}` gives one, with
 * the `urn` that IAM policies name. Read only: Tokendesk does not create or edit users.
 */
import { userPath } from './endpoints';
import { isHttpNotFound } from './errors';
import { IamUserSchema, type OvhIamUser } from './iam-types';
import type { Transport } from './transport';
import { StringList } from './types';

export interface IamUserRoutes {
  listUserLogins(signal?: AbortSignal): Promise<string[]>;
  getUser(login: string, signal?: AbortSignal): Promise<OvhIamUser>;
  /** Logins, then every user in parallel (within the account's cap); a user deleted in between is skipped. */
  listUsers(signal?: AbortSignal): Promise<OvhIamUser[]>;
}

export function createIamUserRoutes(v1: Transport): IamUserRoutes {
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
