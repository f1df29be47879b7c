/**
 * OVHcloud Logs Data Platform behind the token service's ProviderAdapter interface (one per account).
 *
 * Legacy services: LDP tokens are immutable and every GET returns the value, so a sync lists ids
 * per service and reads only the ids it has not seen (round trip 1: service names; 2: token ids per
 * service, in parallel; 3: details of new ids only). Service and cluster details are cached per
 * adapter, since they change rarely; a new service name is read in full.
 *
 * IAM-enabled services take personal access tokens of local users instead (adapter-pats.ts).
 * Every service's Graylog streams carry a write token (X-OVH-TOKEN), listed read-only (adapter-streams.ts).
 * The IAM routes are called only when the account has an IAM-enabled service or already holds PAT
 * records, so a consumer key made before IAM support keeps syncing its legacy services.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateOptions, SyncNote, VerifyReport } from '../../model';
import { remoteKey, type CreatedRemote, type ListProgress, type ListResult, type ProviderAdapter, type RemoteToken } from '../../tokens/adapter';
import { createIamPats } from './adapter-pats';
import { createStreamTokens } from './adapter-streams';
import type { OvhClient } from './client';
import { hasOvhCode, IAM_EXPLANATION } from './errors';
import type { IamServiceAccess, IamServiceRef } from './iam';
import type { OvhCluster, OvhService, OvhToken } from './types';

export { DEFAULT_PAT_DESCRIPTION, IAM_USER_CONTAINER, NO_IAM_USER_NOTE, patContainer } from './adapter-pats';

const emptyResult = (): ListResult => ({ tokens: [], unchanged: [], unreadable: [], notes: [] });

function mergeInto(target: ListResult, part: ListResult): void {
  target.tokens.push(...part.tokens);
  target.unchanged.push(...part.unchanged);
  target.unreadable.push(...part.unreadable);
  target.notes.push(...part.notes);
}

export function createOvhAdapter(client: OvhClient, now: () => number = Date.now): ProviderAdapter {
  const services = createServiceCache(client);
  const pats = createIamPats(client, services, now);
  const streams = createStreamTokens(client, services);

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

  async function listService(name: string, known: ReadonlySet<string>, result: ListResult, iamServices: ServiceInfo[], progress?: ListProgress): Promise<void> {
    try {
      // A legacy service's token ids are listed as soon as its record says it is one; its
      // clusters (needed only to describe the tokens) are read meanwhile.
      const service = await services.service(name);
      let info: ServiceInfo | undefined;
      if (!service.isIamEnabled) {
        try {
          const described = services.info(name);
          described.catch(() => undefined);
          const ids = await client.listTokenIds(name);
          const fresh: string[] = [];
          for (const id of ids) {
            const key = remoteKey({ kind: 'ldp', container: name, remoteId: id });
            if (known.has(key)) result.unchanged.push(key);
            else fresh.push(id);
          }
          progress?.expect(fresh.length);
          const tokens = await Promise.all(fresh.map((id) => client.getToken(name, id).finally(() => progress?.read())));
          info = await described;
          result.tokens.push(...tokens.map((t) => toRemote(info!, t)));
          return;
        } catch (error) {
          if (!hasOvhCode(error, 'Client::Forbidden::IAMService')) throw error;
          services.forget(name); // the service has just moved to IAM: read it again
          info = await services.info(name);
          if (!info.service.isIamEnabled) throw error;
        }
      }
      iamServices.push(info ?? (await services.info(name)));
    } catch (error) {
      result.unreadable.push(name);
      const note: SyncNote = { container: name, level: 'error', message: `Service ${name} could not be read.`, error: toErrorPayload(error) };
      result.notes.push(note);
    }
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
      const infos = (await Promise.all(names.map((name) => services.info(name).catch(() => null)))).filter((i): i is ServiceInfo => i !== null);
      const iamInfos = infos.filter((i) => i.service.isIamEnabled);
      let access: IamServiceAccess | null = null;
      let iamUsersError: ReturnType<typeof toErrorPayload> | undefined;
      if (iamInfos.length > 0) {
        try {
          access = await client.iam.serviceAccess(iamInfos.map(services.iamRef));
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
    async list(known, progress) {
      const cached = services.cached().map((info) => info.service.serviceName);
      const parts = new Map<string, { result: ListResult; iam: ServiceInfo[] }>();
      const part = (name: string) => {
        const p = { result: emptyResult(), iam: [] as ServiceInfo[] };
        parts.set(name, p);
        return listService(name, known, p.result, p.iam, progress);
      };
      // The IAM side of the services already known to be IAM-enabled starts at once too; it is
      // redone below only if the set of IAM-enabled services turned out to be different.
      const cachedIam = services.cached().filter((info) => info.service.isIamEnabled);
      const iamEarly = emptyResult();
      const iamEarlyDone = pats.list(cachedIam, known, iamEarly);
      const early = cached.map(part);
      const names = await client.listServiceNames();
      for (const gone of cached.filter((n) => !names.includes(n))) services.forget(gone);
      const late = names.filter((n) => !parts.has(n)).map(part);
      const streamTokens = streams.list(names, known, progress);
      await Promise.all([...early, ...late, iamEarlyDone, streamTokens]);
      const result = emptyResult();
      const iamServices: ServiceInfo[] = [];
      for (const name of names) {
        const p = parts.get(name)!;
        mergeInto(result, p.result);
        iamServices.push(...p.iam);
      }
      const sameIam = (a: ServiceInfo[], b: ServiceInfo[]) => a.map((i) => i.service.serviceName).sort().join('|') === b.map((i) => i.service.serviceName).sort().join('|');
      const iam = sameIam(cachedIam, iamServices) ? iamEarly : emptyResult();
      if (iam !== iamEarly) await pats.list(iamServices, known, iam);
      mergeInto(result, iam);
      mergeInto(result, await streamTokens);
      return result;
    },

    async create(request) {
      if (request.provider !== 'ovh') throw new AppError('invalid-input', 'This is an OVHcloud account: create an LDP token or an IAM personal access token.');
      if (request.kind === 'iam-pat') return pats.create(request);
      const info = await services.info(request.serviceName);
      if (info.service.isIamEnabled) throw new AppError('forbidden', `${IAM_EXPLANATION} Create a personal access token for this service instead.`);
      const token = await client.createToken(request.serviceName, { name: request.name, clusterId: request.clusterId ?? null });
      return { token: toRemote(info, token), value: token.value };
    },

    async rotate(record): Promise<CreatedRemote & { oldStillValid: boolean }> {
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const name = `${record.name}-rotated-${stamp}`;
      if (record.kind === 'iam-pat') return pats.rotate(record, name);
      if (record.kind === 'ldp-stream') return streams.refuse(record);
      const info = await services.info(record.container);
      const token = await client.createToken(record.container, { name, clusterId: record.scope.clusterId ?? null });
      // LDP cannot rotate in place: the old token keeps working until the admin revokes it.
      return { token: toRemote(info, token), value: token.value, oldStillValid: true };
    },

    async revoke(record) {
      if (record.kind === 'iam-pat') return pats.revoke(record).then(() => ({}));
      if (record.kind === 'ldp-stream') return streams.refuse(record);
      const result = await client.deleteToken(record.container, record.remoteId);
      return result.operationId ? { requestId: result.operationId } : {};
    },

    async verify(record, value): Promise<VerifyReport> {
      if (record.kind === 'iam-pat') return pats.verify(record, value);
      // Sending logs is the only use of a write token: checking it would write into the stream.
      if (record.kind === 'ldp-stream') throw new AppError('invalid-input', `“${record.name}” is a stream write token: the only way to check it is to send logs into the stream, which Tokendesk does not do.`);
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

    resources: {
      /** Every service with its state, IAM flag and clusters (an unreadable service fails the listing: the admin asked for all). */
      async services() {
        const names = await client.listServiceNames();
        const infos = await Promise.all(names.map((name) => services.info(name)));
        return infos.map(({ service, clusters }) => ({
          serviceName: service.serviceName,
          displayName: service.displayName ?? service.serviceName,
          state: service.state,
          plan: service.plan,
          iamEnabled: service.isIamEnabled,
          clusters: clusters.map((c) => ({ clusterId: c.clusterId, hostname: c.hostname, isDefault: c.isDefault })),
        }));
      },
    },
  };
}

// ---------------------------------------------------------------- service details, cached

/*
 * Service details (service and clusters) are read once per service and kept: they change rarely,
 * and a warm sync must not wait for them. IAM-enabled services also need their resource URN for
 * policy lookups.
 */

export interface ServiceInfo {
  service: OvhService;
  clusters: OvhCluster[];
}

/** Region part of resource URNs (`urn:v1:<eu|ca|us>:resource:ldp:<service>`), for a service whose `iam.urn` is missing. */
function regionOf(baseUrl: string): string {
  const host = new URL(baseUrl).host;
  if (/^ca\./.test(host)) return 'ca';
  if (/\.us\.|^us\./.test(host)) return 'us';
  return 'eu';
}

export interface ServiceCache {
  /** The service's own record, cached (one read, shared by callers asking at once). */
  service(name: string): Promise<OvhService>;
  /** The cached details, or a read of the service (and its clusters, for a legacy service). */
  info(name: string): Promise<ServiceInfo>;
  cached(): ServiceInfo[];
  forget(name: string): void;
  displayName(serviceName: string): string;
  iamRef(info: ServiceInfo): IamServiceRef;
  /** Every IAM-enabled service of the account (one unreadable service is skipped). */
  iamServices(): Promise<ServiceInfo[]>;
}

export function createServiceCache(client: OvhClient): ServiceCache {
  const services = new Map<string, ServiceInfo>();
  const reading = new Map<string, Promise<OvhService>>();
  const cache: ServiceCache = {
    service(name) {
      const cached = services.get(name);
      if (cached) return Promise.resolve(cached.service);
      let read = reading.get(name);
      if (!read) {
        read = client.getService(name);
        reading.set(name, read);
        read.catch(() => reading.delete(name));
      }
      return read;
    },
    async info(name) {
      const cached = services.get(name);
      if (cached) return cached;
      const service = await cache.service(name);
      const clusters = service.isIamEnabled ? [] : await client.listClusters(name).catch(() => []);
      const info = { service, clusters };
      services.set(name, info);
      reading.delete(name);
      return info;
    },
    cached: () => [...services.values()],
    forget: (name) => {
      services.delete(name);
      reading.delete(name);
    },
    displayName: (serviceName) => services.get(serviceName)?.service.displayName ?? serviceName,
    iamRef: (info) => ({
      serviceName: info.service.serviceName,
      urn: info.service.iam?.urn ?? `urn:v1:${regionOf(client.endpoint.baseUrl)}:resource:ldp:${info.service.serviceName}`,
    }),
    async iamServices() {
      const names = await client.listServiceNames();
      const infos = await Promise.all(names.map((name) => cache.info(name).catch(() => null)));
      return infos.filter((i): i is ServiceInfo => i !== null && i.service.isIamEnabled);
    },
  };
  return cache;
}
