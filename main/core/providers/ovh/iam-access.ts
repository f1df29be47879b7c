/**
 * Who can reach an IAM-enabled LDP service, from IAM policies. Pure: the policies come from
 * `GET /v2/iam/policy` (iam.ts), this file decides.
 *
 * A policy gives a local user access to a service's Graylog / OpenSearch backends when
 *  - it is not expired (`expiredAt` in the past: ignored),
 *  - one of its identities is the user's URN or the user's group URN (`*` allowed at the start or
 *    the end of a URN, as OVHcloud's policy guide says), or the API listed it for that identity,
 *  - one of its resources is the service, one of its sub-resources (`<service urn>/…`: a grant on
 *    the service is inherited by its sub-resources, per OVHcloud's LDP OpenSearch guide), a
 *    wildcard covering either, or the API listed it for the service's URN (this is how resource
 *    groups are caught: their contents are not readable from the policy itself),
 *  - and it allows at least one backend action (`ldp:graylog:…`, `ldp:opensearch:…`) that its own
 *    `except` / `deny` lists do not take back, or it names permission groups (whose actions
 *    cannot be read here: counted as "may grant", so a token that may work is never hidden).
 *
 * Unverified, and chosen on the side of showing more: how `resourceURN` / `identity` filters treat
 * wildcards and groups; the URN form of sub-resources; what permission groups contain. A `deny`
 * in another policy is not combined: each policy is summarised on its own (read-only summary).
 */
import type { OvhIamPolicy, OvhIamUser } from './iam-types';

/** The data-plane actions of LDP. Control-panel actions (`ldp:apiovh:…`) do not reach the backends. */
export const LDP_BACKEND_ACTIONS = [
  'ldp:graylog:stream/read',
  'ldp:graylog:dashboard/read',
  'ldp:graylog:dashboard/update',
  'ldp:opensearch:alias/read',
  'ldp:opensearch:alias/create',
  'ldp:opensearch:alias/delete',
  'ldp:opensearch:index/read',
  'ldp:opensearch:index/write',
  'ldp:opensearch:index/delete',
  'ldp:opensearch:index/create',
  'ldp:opensearch:osd/get',
  'ldp:opensearch:osd/update',
] as const;

export const isBackendAction = (action: string): boolean => action.startsWith('ldp:graylog:') || action.startsWith('ldp:opensearch:');

/** `*` alone, at the start or at the end of a pattern is a wildcard; anywhere else it is literal. */
export function urnMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.length > 1 && pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.length > 1 && pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Whether a policy resource URN (or pattern) covers the service or one of its sub-resources. */
export function resourceCoversService(resource: string, serviceUrn: string): boolean {
  if (resource === '*') return true;
  const sub = `${serviceUrn}/`;
  if (resource.length > 1 && resource.endsWith('*')) {
    const prefix = resource.slice(0, -1);
    return sub.startsWith(prefix) || prefix.startsWith(sub);
  }
  if (resource.length > 1 && resource.startsWith('*')) return serviceUrn.endsWith(resource.slice(1));
  return resource === serviceUrn || resource.startsWith(sub);
}

/** `urn:v1:eu:identity:user:<account>/<login>` -> `urn:v1:eu:identity:group:<account>/<group>`; null when the URN has another form. */
export function groupUrnOf(user: Pick<OvhIamUser, 'urn' | 'group'>): string | null {
  if (!user.group) return null;
  const m = /^(urn:v1:[^:]+:identity:)user:([^/]+)\/.+$/.exec(user.urn);
  return m ? `${m[1]}group:${m[2]}/${user.group}` : null;
}

export const identityUrnsOf = (user: Pick<OvhIamUser, 'urn' | 'group'>): string[] => [user.urn, ...[groupUrnOf(user)].filter((u): u is string => u !== null)];

function expand(patterns: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.includes('*')) for (const known of LDP_BACKEND_ACTIONS) if (urnMatches(pattern, known)) out.add(known);
    if (!pattern.includes('*') && isBackendAction(pattern)) out.add(pattern);
  }
  return out;
}

/** The backend actions a policy allows, sorted: wildcards expanded against the known list, minus its own except and deny. */
export function backendActions(policy: Pick<OvhIamPolicy, 'permissions'>): string[] {
  const allowed = expand(policy.permissions.allow.map((a) => a.action));
  const taken = [...policy.permissions.except, ...policy.permissions.deny].map((a) => a.action);
  return [...allowed].filter((action) => !taken.some((pattern) => urnMatches(pattern, action))).sort();
}

export interface IamPolicySummary {
  id: string;
  name: string;
  /** Backend actions it allows (sorted). */
  actions: string[];
  /** Permission groups it names; their actions are not readable here. */
  permissionsGroups: string[];
}

export interface IamUserAccess {
  login: string;
  /** IAM-enabled services this user's policies reach, with the policies that grant it. */
  services: Array<{ serviceName: string; policies: IamPolicySummary[] }>;
}

export interface ServiceAccessInput {
  services: ReadonlyArray<{ serviceName: string; urn: string }>;
  users: readonly OvhIamUser[];
  /** Every policy read (duplicates by id are fine). */
  policies: readonly OvhIamPolicy[];
  /** serviceName -> ids of the policies the API listed for that service's URN. */
  listedForService?: ReadonlyMap<string, ReadonlySet<string>>;
  /** identity URN -> ids of the policies the API listed for that identity. */
  listedForIdentity?: ReadonlyMap<string, ReadonlySet<string>>;
  now: number;
}

/** Per user (every user given, in order), the services its policies reach. Users reaching nothing get an empty list. */
export function computeServiceAccess(input: ServiceAccessInput): IamUserAccess[] {
  const byId = new Map<string, OvhIamPolicy>();
  for (const policy of input.policies) byId.set(policy.id, policy);
  const live = [...byId.values()].filter((p) => !p.expiredAt || !(Date.parse(p.expiredAt) <= input.now));
  const summaries = new Map<string, IamPolicySummary | null>();
  const summary = (policy: OvhIamPolicy): IamPolicySummary | null => {
    if (!summaries.has(policy.id)) {
      const actions = backendActions(policy);
      const permissionsGroups = policy.permissionsGroups.map((g) => g.urn);
      summaries.set(policy.id, actions.length > 0 || permissionsGroups.length > 0 ? { id: policy.id, name: policy.name, actions, permissionsGroups } : null);
    }
    return summaries.get(policy.id)!;
  };

  return input.users.map((user) => {
    const identities = identityUrnsOf(user);
    const applies = (policy: OvhIamPolicy): boolean =>
      identities.some((urn) => input.listedForIdentity?.get(urn)?.has(policy.id) || policy.identities.some((pattern) => urnMatches(pattern, urn)));
    const mine = live.filter(applies);
    const services: IamUserAccess['services'] = [];
    for (const service of input.services) {
      const policies = mine
        .filter((p) => input.listedForService?.get(service.serviceName)?.has(p.id) || p.resources.some((r) => resourceCoversService(r.urn, service.urn)))
        .map(summary)
        .filter((s): s is IamPolicySummary => s !== null)
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      if (policies.length > 0) services.push({ serviceName: service.serviceName, policies });
    }
    return { login: user.login, services };
  });
}
