/**
 * OVHcloud Logs Data Platform behind the ProviderAdapter interface.
 *
 * Legacy services: LDP tokens are immutable and every GET returns the value, so a sync lists ids
 * per service and reads only the ids it has not seen (round trip 1: service names; 2: token ids per
 * service, in parallel; 3: details of new ids only). Service and cluster details are cached per
 * adapter, since they change rarely; a new service name is read in full.
 *
 * IAM-enabled services (reference ovh-iam.md §5): their tokens are the personal access tokens
 * (PATs) of the local users whose IAM policies reach them. A PAT belongs to a user, not to a
 * service, so it is ONE record (kind `iam-pat`, container `iam-user:<login>`, remoteId = the PAT
 * name, unique per user) whose scope names every IAM-enabled service the user reaches, with the
 * policies that grant it. A PAT reachable from two services is therefore listed once, with both
 * services in its scope: one secret, one fingerprint, one revoke. PATs are mutable (description,
 * expiry, lastUsed), so every sync reads them again. The IAM routes are called only when the
 * account has an IAM-enabled service or already holds PAT records, so a consumer key made before
 * IAM support (without the IAM access rules) keeps syncing its legacy services.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { IamServiceAccess, IamServiceRef, IamUserAccess, OvhClient, OvhCluster, OvhPat, OvhService, OvhToken } from '../../providers/ovh';
import { IAM_EXPLANATION, hasOvhCode, patBasicUser } from '../../providers/ovh';
import { remoteKey, type CreatedRemote, type CreateOptions, type CreateRequest, type EndpointCheck, type ListResult, type ProviderAdapter, type RemoteToken, type SyncNote, type VerifyReport } from '../adapter';
import type { IamPatScope, TokenRecord } from '../record';

interface ServiceInfo {
  service: OvhService;
  clusters: OvhCluster[];
}

/** Container of a PAT record: the user it belongs to. The prefix keeps logins apart from LDP service names. */
export const IAM_USER_CONTAINER = 'iam-user:';
export const patContainer = (login: string): string => `${IAM_USER_CONTAINER}${login}`;
/** Written when the create form leaves the description empty: OVHcloud requires one (SPEC-ME). */
export const DEFAULT_PAT_DESCRIPTION = 'Created with Tokendesk';

export const NO_IAM_USER_NOTE =
  'OVHcloud IAM is enabled on this LDP service, so its tokens are personal access tokens of local users. ' +
  'No local user has an IAM policy that grants Graylog or OpenSearch access to it (ldp:graylog:stream/read, ldp:opensearch:alias/read, …), so there is no token to list. ' +
  'Add a policy in the OVHcloud IAM console, then create a personal access token here.';

type PatRequest = Extract<CreateRequest, { kind: 'iam-pat' }>;

const loginOf = (record: TokenRecord): string => record.scope.iam?.user ?? record.container.slice(IAM_USER_CONTAINER.length);

/** Region part of resource URNs, for a service whose `iam.urn` is missing (reference §3.3: `urn:v1:eu:resource:ldp:<service>`). */
function regionOf(baseUrl: string): string {
  const host = new URL(baseUrl).host;
  if (/^ca\./.test(host)) return 'ca';
  if (/\.us\.|^us\./.test(host)) return 'us';
  return 'eu';
}

export function createOvhAdapter(client: OvhClient, now: () => number = Date.now): ProviderAdapter {
  const services = new Map<string, ServiceInfo>();

  async function serviceInfo(name: string): Promise<ServiceInfo> {
    const cached = services.get(name);
    if (cached) return cached;
    const service = await client.getService(name);
    const clusters = service.isIamEnabled ? [] : await client.listClusters(name).catch(() => []);
    const info = { service, clusters };
    services.set(name, info);
    return info;
  }

  const displayName = (serviceName: string): string => services.get(serviceName)?.service.displayName ?? serviceName;
  const iamRef = (info: ServiceInfo): IamServiceRef => ({
    serviceName: info.service.serviceName,
    urn: info.service.iam?.urn ?? `urn:v1:${regionOf(client.endpoint.baseUrl)}:resource:ldp:${info.service.serviceName}`,
  });

  const toRemote = (info: ServiceInfo, token: OvhToken): RemoteToken => {
    const cluster = info.clusters.find((c) => c.clusterId === token.clusterId) ?? info.clusters.find((c) => c.isDefault);
    return {
      kind: 'ldp',
      remoteId: token.tokenId,
      container: info.service.serviceName,
      name: token.name,
      scope: {
        service: info.service.displayName ?? info.service.serviceName,
        ...(cluster ? { cluster: cluster.hostname, clusterId: cluster.clusterId } : token.clusterId ? { clusterId: token.clusterId } : {}),
      },
      createdAt: token.createdAt,
      expiresAt: null, // LDP tokens do not expire
      ipFilter: null,
      value: token.value,
    };
  };

  /** A PAT as a record: never the secret (the create answer's `token` is handed over separately). */
  const patRemote = (login: string, pat: OvhPat, reach: IamUserAccess['services']): RemoteToken => {
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
        ...(serviceNames.length ? { service: serviceNames.map(displayName).join(', ') } : {}),
        iam: { user: login, description: pat.description, lastUsed: pat.lastUsed, services: serviceNames, policies: [...policies.values()] },
      },
      createdAt: pat.creation,
      expiresAt: pat.expiresAt,
      ipFilter: null,
    };
  };

  async function listService(name: string, known: ReadonlySet<string>, result: ListResult, iamServices: ServiceInfo[]): Promise<void> {
    try {
      let info = await serviceInfo(name);
      if (!info.service.isIamEnabled) {
        try {
          const ids = await client.listTokenIds(name);
          const fresh: string[] = [];
          for (const id of ids) {
            const key = remoteKey({ kind: 'ldp', container: name, remoteId: id });
            if (known.has(key)) result.unchanged.push(key);
            else fresh.push(id);
          }
          const tokens = await Promise.all(fresh.map((id) => client.getToken(name, id)));
          result.tokens.push(...tokens.map((t) => toRemote(info, t)));
          return;
        } catch (error) {
          if (!hasOvhCode(error, 'Client::Forbidden::IAMService')) throw error;
          services.delete(name); // the service has just moved to IAM: read it again
          info = await serviceInfo(name);
          if (!info.service.isIamEnabled) throw error;
        }
      }
      iamServices.push(info);
    } catch (error) {
      result.unreadable.push(name);
      const note: SyncNote = { container: name, level: 'error', message: `Service ${name} could not be read.`, error: toErrorPayload(error) };
      result.notes.push(note);
    }
  }

  /** PATs of the users that reach the IAM-enabled services, and of the users Tokendesk already holds PATs of. */
  async function listIam(iamServices: ServiceInfo[], known: ReadonlySet<string>, result: ListResult): Promise<void> {
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
      snapshot = await client.iam.serviceAccess(iamServices.map(iamRef));
    } catch (error) {
      // Without users or policies nothing can be said: the PAT records already known stay as they are.
      failed(error, [...knownLogins].map(patContainer), 'The personal access tokens of this IAM-enabled service could not be listed: Tokendesk could not read the account\'s IAM users or policies.');
      return;
    }
    const reach = new Map(snapshot.access.map((a) => [a.login, a.services]));
    // A user that no longer exists took its tokens with it: its records become "gone".
    const logins = snapshot.users.map((u) => u.login).filter((login) => (reach.get(login)?.length ?? 0) > 0 || knownLogins.has(login));
    await Promise.all(
      logins.map(async (login) => {
        try {
          const pats = await client.iam.listTokens(login);
          result.tokens.push(...pats.map((pat) => patRemote(login, pat, reach.get(login) ?? [])));
        } catch (error) {
          result.unreadable.push(patContainer(login));
          const where = (reach.get(login) ?? []).map((s) => s.serviceName);
          for (const container of where.length ? where : ['']) {
            result.notes.push({ container, level: 'error', message: `The personal access tokens of the local user ${login} could not be read.`, error: toErrorPayload(error) });
          }
        }
      }),
    );
    for (const info of iamServices) {
      const name = info.service.serviceName;
      if (!snapshot.access.some((a) => a.services.some((s) => s.serviceName === name))) result.notes.push({ container: name, level: 'info', message: NO_IAM_USER_NOTE });
    }
  }

  /** Every IAM-enabled service of the account (cached details; one unreadable service is skipped). */
  async function iamServiceInfos(): Promise<ServiceInfo[]> {
    const names = await client.listServiceNames();
    const infos = await Promise.all(names.map((name) => serviceInfo(name).catch(() => null)));
    return infos.filter((i): i is ServiceInfo => i !== null && i.service.isIamEnabled);
  }

  async function createPat(request: PatRequest): Promise<CreatedRemote> {
    const info = await serviceInfo(request.serviceName);
    if (!info.service.isIamEnabled) throw new AppError('invalid-input', `${request.serviceName} does not use OVHcloud IAM: create an LDP token for it instead.`);
    if (request.expiresAt !== undefined && request.expiresIn !== undefined) {
      throw new AppError('invalid-input', 'Give the token an expiry date or a lifetime, not both.', { issues: ['expiresAt: cannot be set together with expiresIn'] });
    }
    if (request.expiresAt !== undefined && !(Date.parse(request.expiresAt) > now())) {
      throw new AppError('invalid-input', 'The expiry date must be in the future.', { issues: ['expiresAt: must be in the future'] });
    }
    const iamServices = await iamServiceInfos();
    if (!iamServices.some((s) => s.service.serviceName === info.service.serviceName)) iamServices.push(info);
    const snapshot = await client.iam.serviceAccess(iamServices.map(iamRef));
    if (!snapshot.users.some((u) => u.login === request.user)) throw new AppError('not-found', `The local user ${request.user} does not exist on this OVHcloud account.`);
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
    return { token: patRemote(request.user, created, reach), value: created.token };
  }

  async function verifyPat(record: TokenRecord, value: string): Promise<VerifyReport> {
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

  return {
    async testConnection() {
      const names = await client.listServiceNames();
      if (client.authMode === 'consumer-key') {
        const credential = await client.currentCredential();
        const expiry = credential.expiration ? `, valid until ${credential.expiration}` : '';
        return { detail: `Connected: consumer key ${credential.status}${expiry}; ${names.length} Logs Data Platform service${names.length === 1 ? '' : 's'} visible.` };
      }
      return { detail: `Connected with the service account; ${names.length} Logs Data Platform service${names.length === 1 ? '' : 's'} visible.` };
    },

    async createOptions(): Promise<CreateOptions> {
      const names = await client.listServiceNames();
      const infos = (await Promise.all(names.map((name) => serviceInfo(name).catch(() => null)))).filter((i): i is ServiceInfo => i !== null);
      const iamInfos = infos.filter((i) => i.service.isIamEnabled);
      let access: IamServiceAccess | null = null;
      let iamUsersError: ReturnType<typeof toErrorPayload> | undefined;
      if (iamInfos.length > 0) {
        try {
          access = await client.iam.serviceAccess(iamInfos.map(iamRef));
        } catch (error) {
          iamUsersError = toErrorPayload(error);
        }
      }
      const usersOf = (serviceName: string): NonNullable<Extract<CreateOptions, { provider: 'ovh' }>['services'][number]['iamUsers']> =>
        (access?.users ?? []).flatMap((user, i) => {
          const granted = access!.access[i]?.services.find((s) => s.serviceName === serviceName);
          if (!granted) return [];
          return [{ login: user.login, description: user.description, status: user.status, group: user.group, policies: granted.policies.map((p) => ({ name: p.name, actions: p.actions, permissionsGroups: p.permissionsGroups })) }];
        });
      return {
        provider: 'ovh',
        services: infos.map((info) => ({
          serviceName: info.service.serviceName,
          displayName: info.service.displayName ?? info.service.serviceName,
          state: info.service.state,
          iamEnabled: info.service.isIamEnabled,
          clusters: info.clusters.map((c) => ({ clusterId: c.clusterId, hostname: c.hostname, isDefault: c.isDefault })),
          ...(info.service.isIamEnabled && access ? { iamUsers: usersOf(info.service.serviceName) } : {}),
        })),
        ...(iamUsersError ? { iamUsersError } : {}),
      };
    },

    /**
     * Warm syncs overlap the service-name listing with the token-id listings of services already
     * known, so nothing waits on the names call (2 round trips at the politeness cap); services that
     * appear are read after, and results of services that disappeared are dropped. IAM-enabled
     * services are then read together (users, policies, PATs).
     */
    async list(known) {
      const cached = [...services.keys()];
      const parts = new Map<string, { result: ListResult; iam: ServiceInfo[] }>();
      const part = (name: string) => {
        const p = { result: { tokens: [], unchanged: [], unreadable: [], notes: [] } as ListResult, iam: [] as ServiceInfo[] };
        parts.set(name, p);
        return listService(name, known, p.result, p.iam);
      };
      // The IAM side of the services already known to be IAM-enabled starts at once too; it is
      // redone below only if the set of IAM-enabled services turned out to be different.
      const cachedIam = cached.map((n) => services.get(n)!).filter((info) => info.service.isIamEnabled);
      const emptyResult = (): ListResult => ({ tokens: [], unchanged: [], unreadable: [], notes: [] });
      const iamEarly = emptyResult();
      const iamEarlyDone = listIam(cachedIam, known, iamEarly);
      const early = cached.map(part);
      const names = await client.listServiceNames();
      for (const gone of cached.filter((n) => !names.includes(n))) services.delete(gone);
      const late = names.filter((n) => !parts.has(n)).map(part);
      await Promise.all([...early, ...late, iamEarlyDone]);
      const result = emptyResult();
      const iamServices: ServiceInfo[] = [];
      for (const name of names) {
        const p = parts.get(name)!;
        result.tokens.push(...p.result.tokens);
        result.unchanged.push(...p.result.unchanged);
        result.unreadable.push(...p.result.unreadable);
        result.notes.push(...p.result.notes);
        iamServices.push(...p.iam);
      }
      const sameIam = (a: ServiceInfo[], b: ServiceInfo[]) => a.map((i) => i.service.serviceName).sort().join('|') === b.map((i) => i.service.serviceName).sort().join('|');
      const iam = sameIam(cachedIam, iamServices) ? iamEarly : emptyResult();
      if (iam !== iamEarly) await listIam(iamServices, known, iam);
      result.tokens.push(...iam.tokens);
      result.unchanged.push(...iam.unchanged);
      result.unreadable.push(...iam.unreadable);
      result.notes.push(...iam.notes);
      return result;
    },

    async create(request) {
      if (request.provider !== 'ovh') throw new AppError('invalid-input', 'This is an OVHcloud account: create an LDP token or an IAM personal access token.');
      if (request.kind === 'iam-pat') return createPat(request);
      const info = await serviceInfo(request.serviceName);
      if (info.service.isIamEnabled) throw new AppError('forbidden', `${IAM_EXPLANATION} Create a personal access token for this service instead.`);
      const token = await client.createToken(request.serviceName, { name: request.name, clusterId: request.clusterId ?? null });
      return { token: toRemote(info, token), value: token.value };
    },

    async rotate(record): Promise<CreatedRemote & { oldStillValid: boolean }> {
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const name = `${record.name}-rotated-${stamp}`;
      if (record.kind === 'iam-pat') {
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
      const info = await serviceInfo(record.container);
      const token = await client.createToken(record.container, { name, clusterId: record.scope.clusterId ?? null });
      // LDP cannot rotate in place: the old token keeps working until the admin revokes it.
      return { token: toRemote(info, token), value: token.value, oldStillValid: true };
    },

    async revoke(record) {
      if (record.kind === 'iam-pat') {
        // A 404 means the PAT is already gone (TF does the same): revoked either way.
        await client.iam.deleteToken(loginOf(record), record.remoteId);
        return {};
      }
      const result = await client.deleteToken(record.container, record.remoteId);
      return result.operationId ? { requestId: result.operationId } : {};
    },

    async verify(record, value): Promise<VerifyReport> {
      if (record.kind === 'iam-pat') return verifyPat(record, value);
      const endpoints = await client.tokenEndpoints(record.container, record.scope.clusterId ?? null);
      const verification = await client.verifyToken({ ...endpoints, value });
      return {
        checks: verification.endpoints.map((e) => ({ endpoint: e.api === 'graylog' ? 'Graylog API' : 'OpenSearch API', url: e.url, outcome: e.outcome, ...(e.status ? { status: e.status } : {}), detail: e.detail })),
        ...(verification.endpoints[0] ? { example: verification.endpoints[0].curl } : {}),
      };
    },

    async rejects(record, value) {
      const report = await this.verify(record, value);
      if (report.checks.some((c) => c.outcome === 'ok')) return false;
      if (report.checks.length > 0 && report.checks.every((c) => c.outcome === 'rejected')) return true;
      throw new AppError('unreachable', 'The cluster could not be reached to confirm the token is refused.');
    },
  };
}
