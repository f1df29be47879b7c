/**
 * The OVHcloud IAM part of an account client (`client.iam`): local users, their personal access
 * tokens, IAM policies, and "who can reach which IAM-enabled LDP service". It shares the account's
 * transport: same signing or OAuth2 token, same clock delta, same politeness cap.
 */
import { computeServiceAccess, identityUrnsOf, type IamUserAccess } from './iam-access';
import { createIamPolicyRoutes, type IamPolicyRoutes } from './iam-policies';
import { createIamTokenRoutes, type IamTokenRoutes } from './iam-tokens';
import type { OvhIamPolicy, OvhIamUser } from './iam-types';
import { createIamUserRoutes, type IamUserRoutes } from './iam-users';
import type { Transport } from './transport';

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
   * The local users and, for each, the given IAM-enabled services its policies reach (reference
   * §5.6): policies listed per service URN and per identity (user and group URNs), matched in
   * iam-access.ts. One request per filter value, all in parallel within the cap.
   */
  serviceAccess(services: readonly IamServiceRef[], signal?: AbortSignal): Promise<IamServiceAccess>;
}

export function createOvhIamClient(o: { v1: Transport; root: Transport; now?: () => number; policyPageSize?: number }): OvhIamClient {
  const users = createIamUserRoutes(o.v1);
  const tokens = createIamTokenRoutes(o.v1);
  const policies = createIamPolicyRoutes(o.root, o.policyPageSize ? { pageSize: o.policyPageSize } : {});
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
