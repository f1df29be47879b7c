/**
 * OVHcloud IAM personal access tokens (PATs) for the OVH adapter (adapter.ts).
 *
 * A PAT belongs to a user, not to a service, so it is ONE record (kind `iam-pat`, container
 * `iam-user:<login>`, remoteId = the PAT name, unique per user) whose scope names every IAM-enabled
 * service the user reaches, with the policies that grant it: a PAT reachable from two services is
 * listed once (one secret, one fingerprint, one revoke). PATs are mutable (description, expiry,
 * lastUsed), so every sync reads them again.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateRequest, EndpointCheck, IamPatScope, TokenRecord, VerifyReport } from '../../model';
import type { CreatedRemote, ListResult, RemoteToken } from '../../tokens/adapter';
import type { ServiceCache, ServiceInfo } from './service-cache';
import type { OvhClient } from './client';
import type { IamServiceAccess } from './iam';
import type { IamUserAccess } from './iam-access';
import type { OvhPat } from './iam-types';
import { patBasicUser } from './verify';

/** Container of a PAT record: the user it belongs to. The prefix keeps logins apart from LDP service names. */
export const IAM_USER_CONTAINER = 'iam-user:';
export const patContainer = (login: string): string => `${IAM_USER_CONTAINER}${login}`;
/** Written when the create form leaves the description empty: OVHcloud requires one. */
export const DEFAULT_PAT_DESCRIPTION = 'Created with Tokendesk';

export const NO_IAM_USER_NOTE =
  'OVHcloud IAM is enabled on this LDP service, so its tokens are personal access tokens of local users. ' +
  'No local user has an IAM policy that grants Graylog or OpenSearch access to it (ldp:graylog:stream/read, ldp:opensearch:alias/read, …), so there is no token to list. ' +
  'Add a policy in the OVHcloud IAM console, then create a personal access token here.';

type PatRequest = Extract<CreateRequest, { kind: 'iam-pat' }>;

const loginOf = (record: TokenRecord): string => record.scope.iam?.user ?? record.container.slice(IAM_USER_CONTAINER.length);

export interface IamPats {
  list(iamServices: ServiceInfo[], known: ReadonlySet<string>, result: ListResult): Promise<void>;
  create(request: PatRequest): Promise<CreatedRemote>;
  rotate(record: TokenRecord, name: string): Promise<CreatedRemote & { oldStillValid: boolean }>;
  revoke(record: TokenRecord): Promise<void>;
  verify(record: TokenRecord, value: string): Promise<VerifyReport>;
}

interface Deps {
  client: OvhClient;
  services: ServiceCache;
  now: () => number;
}

/** A PAT as a record: never the secret (the create answer's `token` is handed over separately). */
function patRemote(services: ServiceCache, login: string, pat: OvhPat, reach: IamUserAccess['services']): RemoteToken {
  const policies = new Map<string, IamPatScope['policies'][number]>();
  for (const { serviceName, policies: granted } of reach) {
    for (const p of granted) {
      const entry = policies.get(p.id) ?? { id: p.id, name: p.name, actions: p.actions, permissionsGroups: p.permissionsGroups, services: [] };
      entry.services.push(serviceName);
      policies.set(p.id, entry);
    }
  }
  const serviceNames = reach.map((r) => r.serviceName);
  return {
    kind: 'iam-pat',
    remoteId: pat.name,
    container: patContainer(login),
    name: pat.name,
    scope: {
      ...(serviceNames.length ? { service: serviceNames.map(services.displayName).join(', ') } : {}),
      iam: { user: login, description: pat.description, lastUsed: pat.lastUsed, services: serviceNames, policies: [...policies.values()] },
    },
    createdAt: pat.creation,
    expiresAt: pat.expiresAt,
    ipFilter: null,
  };
}

/** PATs of the users that reach the IAM-enabled services, and of the users Tokendesk already holds PATs of. */
async function listIam({ client, services }: Deps, iamServices: ServiceInfo[], known: ReadonlySet<string>, result: ListResult): Promise<void> {
  const knownLogins = new Set(
    [...known].flatMap((key) => {
      const [kind, container] = key.split('|');
      return kind === 'iam-pat' && container?.startsWith(IAM_USER_CONTAINER) ? [container.slice(IAM_USER_CONTAINER.length)] : [];
    }),
  );
  if (iamServices.length === 0 && knownLogins.size === 0) return;
  const failed = (error: unknown, containers: string[], what: string): void => {
    result.unreadable.push(...containers);
    const where = iamServices.length ? iamServices.map((s) => s.service.serviceName) : [''];
    for (const container of where) result.notes.push({ container, level: 'error', message: what, error: toErrorPayload(error) });
  };

  let snapshot: IamServiceAccess;
  try {
    snapshot = await client.iam.serviceAccess(iamServices.map(services.iamRef));
  } catch (error) {
    // Without users or policies nothing can be said: the PAT records already known stay as they are.
    failed(
      error,
      [...knownLogins].map(patContainer),
      "The personal access tokens of this IAM-enabled service could not be listed: Tokendesk could not read the account's IAM users or policies.",
    );
    return;
  }
  const reach = new Map(snapshot.access.map((a) => [a.login, a.services]));
  // A user that no longer exists took its tokens with it: its records become "gone".
  const logins = snapshot.users.map((u) => u.login).filter((login) => (reach.get(login)?.length ?? 0) > 0 || knownLogins.has(login));
  await Promise.all(
    logins.map(async (login) => {
      try {
        const pats = await client.iam.listTokens(login);
        result.tokens.push(...pats.map((pat) => patRemote(services, login, pat, reach.get(login) ?? [])));
      } catch (error) {
        result.unreadable.push(patContainer(login));
        const where = (reach.get(login) ?? []).map((s) => s.serviceName);
        for (const container of where.length ? where : ['']) {
          result.notes.push({
            container,
            level: 'error',
            message: `The personal access tokens of the local user ${login} could not be read.`,
            error: toErrorPayload(error),
          });
        }
      }
    }),
  );
  for (const info of iamServices) {
    const name = info.service.serviceName;
    if (!snapshot.access.some((a) => a.services.some((s) => s.serviceName === name)))
      result.notes.push({ container: name, level: 'info', message: NO_IAM_USER_NOTE });
  }
}

async function createPat({ client, services, now }: Deps, request: PatRequest): Promise<CreatedRemote> {
  const info = await services.info(request.serviceName);
  if (!info.service.isIamEnabled) throw new AppError('invalid-input', `${request.serviceName} does not use OVHcloud IAM: create an LDP token for it instead.`);
  if (request.expiresAt !== undefined && request.expiresIn !== undefined) {
    throw new AppError('invalid-input', 'Give the token an expiry date or a lifetime, not both.', {
      issues: ['expiresAt: cannot be set together with expiresIn'],
    });
  }
  if (request.expiresAt !== undefined && !(Date.parse(request.expiresAt) > now())) {
    throw new AppError('invalid-input', 'The expiry date must be in the future.', { issues: ['expiresAt: must be in the future'] });
  }
  const iamServices = await services.iamServices();
  if (!iamServices.some((s) => s.service.serviceName === info.service.serviceName)) iamServices.push(info);
  const snapshot = await client.iam.serviceAccess(iamServices.map(services.iamRef));
  if (!snapshot.users.some((u) => u.login === request.user))
    throw new AppError('not-found', `The local user ${request.user} does not exist on this OVHcloud account.`);
  const reach = snapshot.access.find((a) => a.login === request.user)?.services ?? [];
  if (!reach.some((s) => s.serviceName === request.serviceName)) {
    throw new AppError(
      'policy',
      `No IAM policy gives the local user ${request.user} Graylog or OpenSearch access to ${request.serviceName}, so a personal access token would not work there. ` +
        'Add a policy in the OVHcloud IAM console (for example ldp:graylog:stream/read or ldp:opensearch:alias/read on the service), then create the token.',
    );
  }
  const created = await client.iam.createToken(request.user, {
    name: request.name,
    description: request.description?.trim() || DEFAULT_PAT_DESCRIPTION,
    ...(request.expiresAt !== undefined ? { expiresAt: request.expiresAt } : {}),
    ...(request.expiresIn !== undefined ? { expiresIn: request.expiresIn } : {}),
  });
  return { token: patRemote(services, request.user, created, reach), value: created.token };
}

async function verifyPat({ client }: Deps, record: TokenRecord, value: string): Promise<VerifyReport> {
  const serviceNames = record.scope.iam?.services ?? [];
  if (serviceNames.length === 0) {
    throw new AppError('not-found', `“${record.name}” reaches no IAM-enabled LDP service, so there is no Graylog or OpenSearch endpoint to check it against.`);
  }
  const patUser = patBasicUser(loginOf(record));
  const seen = new Set<string>();
  const checks: EndpointCheck[] = [];
  let example: string | undefined;
  for (const serviceName of serviceNames) {
    const endpoints = await client.tokenEndpoints(serviceName);
    const verification = await client.verifyIamToken({ ...endpoints, value, patUser });
    for (const e of verification.endpoints) {
      const how = e.auth === 'pat-basic' ? `Basic ${patUser}` : 'Bearer';
      if (seen.has(`${e.url}|${how}`)) continue;
      seen.add(`${e.url}|${how}`);
      const label = `${e.api === 'graylog' ? 'Graylog API' : 'OpenSearch API'} (${how})${serviceNames.length > 1 ? ` · ${serviceName}` : ''}`;
      checks.push({ endpoint: label, url: e.url, outcome: e.outcome, ...(e.status ? { status: e.status } : {}), detail: e.detail });
      if (!example && e.auth === 'bearer') example = e.curl;
    }
  }
  return { checks, ...(example ? { example } : {}) };
}

async function rotatePat({ client }: Deps, record: TokenRecord, name: string): Promise<CreatedRemote & { oldStillValid: boolean }> {
  // Same user, same description, same lifetime (a token that lived 90 days gets 90 days again;
  // one without expiry gets none). The old PAT keeps working until the admin revokes it.
  const login = loginOf(record);
  const lifetimeSec = record.expiresAt && record.createdAt ? Math.round((Date.parse(record.expiresAt) - Date.parse(record.createdAt)) / 1000) : NaN;
  const created = await client.iam.createToken(login, {
    name,
    description: record.scope.iam?.description || DEFAULT_PAT_DESCRIPTION,
    ...(Number.isFinite(lifetimeSec) && lifetimeSec >= 1 ? { expiresIn: lifetimeSec } : {}),
  });
  const iam = record.scope.iam ?? { user: login, description: created.description, lastUsed: null, services: [], policies: [] };
  const token: RemoteToken = {
    kind: 'iam-pat',
    remoteId: created.name,
    container: patContainer(login),
    name: created.name,
    scope: { ...record.scope, iam: { ...iam, description: created.description, lastUsed: created.lastUsed } },
    createdAt: created.creation,
    expiresAt: created.expiresAt,
    ipFilter: null,
  };
  return { token, value: created.token, oldStillValid: true };
}

export function createIamPats(client: OvhClient, services: ServiceCache, now: () => number): IamPats {
  const d: Deps = { client, services, now };
  return {
    list: (iamServices, known, result) => listIam(d, iamServices, known, result),
    create: (request) => createPat(d, request),
    rotate: (record, name) => rotatePat(d, record, name),
    // A 404 means the PAT is already gone (TF does the same): revoked either way.
    revoke: (record) => client.iam.deleteToken(loginOf(record), record.remoteId).then(() => undefined),
    verify: (record, value) => verifyPat(d, record, value),
  };
}
