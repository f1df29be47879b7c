/**
 * OVHcloud Logs Data Platform behind the ProviderAdapter interface.
 *
 * LDP tokens are immutable and every GET returns the value, so a sync lists ids per service and
 * reads only the ids it has not seen (round trip 1: service names; 2: token ids per service, in
 * parallel; 3: details of new ids only). Service and cluster details are cached per adapter, since
 * they change rarely; a new service name is read in full.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { OvhClient, OvhCluster, OvhService, OvhToken } from '../../providers/ovh';
import { IAM_EXPLANATION, hasOvhCode } from '../../providers/ovh';
import { remoteKey, type CreatedRemote, type ListResult, type ProviderAdapter, type RemoteToken, type SyncNote, type VerifyReport } from '../adapter';
import type { TokenRecord } from '../record';

interface ServiceInfo {
  service: OvhService;
  clusters: OvhCluster[];
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

  async function listService(name: string, known: ReadonlySet<string>, result: ListResult): Promise<void> {
    try {
      const info = await serviceInfo(name);
      if (info.service.isIamEnabled) {
        result.notes.push({ container: name, level: 'info', message: IAM_EXPLANATION });
        return;
      }
      const ids = await client.listTokenIds(name);
      const fresh: string[] = [];
      for (const id of ids) {
        const key = remoteKey({ kind: 'ldp', container: name, remoteId: id });
        if (known.has(key)) result.unchanged.push(key);
        else fresh.push(id);
      }
      const tokens = await Promise.all(fresh.map((id) => client.getToken(name, id)));
      result.tokens.push(...tokens.map((t) => toRemote(info, t)));
    } catch (error) {
      if (hasOvhCode(error, 'Client::Forbidden::IAMService')) {
        services.delete(name); // re-read: the service has just moved to IAM
        result.notes.push({ container: name, level: 'info', message: IAM_EXPLANATION });
        return;
      }
      result.unreadable.push(name);
      const note: SyncNote = { container: name, level: 'error', message: `Service ${name} could not be read.`, error: toErrorPayload(error) };
      result.notes.push(note);
    }
  }

  const serviceOf = (record: TokenRecord): string => record.container;

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

    async createOptions() {
      const names = await client.listServiceNames();
      const infos = await Promise.all(names.map((name) => serviceInfo(name).catch(() => null)));
      return {
        provider: 'ovh' as const,
        services: infos.flatMap((info) =>
          info
            ? [
                {
                  serviceName: info.service.serviceName,
                  displayName: info.service.displayName ?? info.service.serviceName,
                  state: info.service.state,
                  iamEnabled: info.service.isIamEnabled,
                  clusters: info.clusters.map((c) => ({ clusterId: c.clusterId, hostname: c.hostname, isDefault: c.isDefault })),
                },
              ]
            : [],
        ),
      };
    },

    /**
     * Warm syncs overlap the service-name listing with the token-id listings of services already
     * known, so nothing waits on the names call (2 round trips at the politeness cap); services that
     * appear are read after, and results of services that disappeared are dropped.
     */
    async list(known) {
      const cached = [...services.keys()];
      const partial = new Map(cached.map((name) => [name, { tokens: [], unchanged: [], unreadable: [], notes: [] } as ListResult]));
      const early = cached.map((name) => listService(name, known, partial.get(name)!));
      const names = await client.listServiceNames();
      for (const gone of cached.filter((n) => !names.includes(n))) services.delete(gone);
      const late = names.filter((n) => !partial.has(n)).map((name) => {
        const part: ListResult = { tokens: [], unchanged: [], unreadable: [], notes: [] };
        partial.set(name, part);
        return listService(name, known, part);
      });
      await Promise.all([...early, ...late]);
      const result: ListResult = { tokens: [], unchanged: [], unreadable: [], notes: [] };
      for (const name of names) {
        const part = partial.get(name)!;
        result.tokens.push(...part.tokens);
        result.unchanged.push(...part.unchanged);
        result.unreadable.push(...part.unreadable);
        result.notes.push(...part.notes);
      }
      return result;
    },

    async create(request) {
      if (request.provider !== 'ovh') throw new AppError('invalid-input', 'This is an OVHcloud account: create an LDP token.');
      const info = await serviceInfo(request.serviceName);
      if (info.service.isIamEnabled) throw new AppError('forbidden', IAM_EXPLANATION);
      const token = await client.createToken(request.serviceName, { name: request.name, clusterId: request.clusterId ?? null });
      return { token: toRemote(info, token), value: token.value };
    },

    async rotate(record): Promise<CreatedRemote & { oldStillValid: boolean }> {
      const info = await serviceInfo(serviceOf(record));
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const token = await client.createToken(serviceOf(record), { name: `${record.name}-rotated-${stamp}`, clusterId: record.scope.clusterId ?? null });
      // LDP cannot rotate in place: the old token keeps working until the admin revokes it.
      return { token: toRemote(info, token), value: token.value, oldStillValid: true };
    },

    async revoke(record) {
      const result = await client.deleteToken(serviceOf(record), record.remoteId);
      return result.operationId ? { requestId: result.operationId } : {};
    },

    async verify(record, value): Promise<VerifyReport> {
      const endpoints = await client.tokenEndpoints(serviceOf(record), record.scope.clusterId ?? null);
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
