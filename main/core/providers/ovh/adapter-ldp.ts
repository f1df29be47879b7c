/**
 * Legacy LDP tokens (kind `ldp`) for the OVH adapter (adapter.ts): one record per token, container
 * the service name, remote id the token id.
 *
 * LDP tokens are immutable and every GET returns the value, so a sync lists ids per service and
 * reads only the ids it has not seen. A service found IAM-enabled (from its record, or from a 403
 * IAMService on its token route) is handed back to the adapter, whose PAT part reads it.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateRequest, SyncNote, TokenRecord, VerifyReport } from '../../model';
import { remoteKey, type CreatedRemote, type ListProgress, type ListResult, type RemoteToken } from '../../tokens/adapter';
import type { OvhClient } from './client';
import { hasOvhCode, IAM_EXPLANATION } from './errors';
import type { ServiceCache, ServiceInfo } from './service-cache';
import type { OvhToken } from './types';

type LdpRequest = Exclude<Extract<CreateRequest, { provider: 'ovh' }>, { kind: 'iam-pat' }>;

export interface LdpTokenSupport {
  /**
   * One service's tokens into `result` (an unreadable service becomes a note); an IAM-enabled
   * service is pushed to `iamServices` instead, for the PAT part.
   */
  listService(name: string, known: ReadonlySet<string>, result: ListResult, iamServices: ServiceInfo[], progress?: ListProgress): Promise<void>;
  create(request: LdpRequest): Promise<CreatedRemote>;
  /** `name`: the successor's name (LDP cannot rotate in place). */
  rotate(record: TokenRecord, name: string): Promise<CreatedRemote & { oldStillValid: boolean }>;
  revoke(record: TokenRecord): Promise<{ requestId?: string }>;
  verify(record: TokenRecord, value: string): Promise<VerifyReport>;
}

interface Deps {
  client: OvhClient;
  services: ServiceCache;
}

function ldpRemote(info: ServiceInfo, token: OvhToken): RemoteToken {
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
}

async function listService(
  { client, services }: Deps,
  name: string,
  known: ReadonlySet<string>,
  result: ListResult,
  iamServices: ServiceInfo[],
  progress?: ListProgress,
): Promise<void> {
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
        result.tokens.push(...tokens.map((t) => ldpRemote(info!, t)));
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

async function createLdp({ client, services }: Deps, request: LdpRequest): Promise<CreatedRemote> {
  const info = await services.info(request.serviceName);
  if (info.service.isIamEnabled) throw new AppError('forbidden', `${IAM_EXPLANATION} Create a personal access token for this service instead.`);
  const token = await client.createToken(request.serviceName, { name: request.name, clusterId: request.clusterId ?? null });
  return { token: ldpRemote(info, token), value: token.value };
}

async function rotateLdp({ client, services }: Deps, record: TokenRecord, name: string): Promise<CreatedRemote & { oldStillValid: boolean }> {
  const info = await services.info(record.container);
  const token = await client.createToken(record.container, { name, clusterId: record.scope.clusterId ?? null });
  // LDP cannot rotate in place: the old token keeps working until the admin revokes it.
  return { token: ldpRemote(info, token), value: token.value, oldStillValid: true };
}

async function revokeLdp({ client }: Deps, record: TokenRecord): Promise<{ requestId?: string }> {
  const result = await client.deleteToken(record.container, record.remoteId);
  return result.operationId ? { requestId: result.operationId } : {};
}

async function verifyLdp({ client }: Deps, record: TokenRecord, value: string): Promise<VerifyReport> {
  const endpoints = await client.tokenEndpoints(record.container, record.scope.clusterId ?? null);
  const verification = await client.verifyToken({ ...endpoints, value });
  return {
    checks: verification.endpoints.map((e) => ({
      endpoint: e.api === 'graylog' ? 'Graylog API' : 'OpenSearch API',
      url: e.url,
      outcome: e.outcome,
      ...(e.status ? { status: e.status } : {}),
      detail: e.detail,
    })),
    ...(verification.endpoints[0] ? { example: verification.endpoints[0].curl } : {}),
  };
}

export function createLdpTokenSupport(client: OvhClient, services: ServiceCache): LdpTokenSupport {
  const d: Deps = { client, services };
  return {
    listService: (name, known, result, iamServices, progress) => listService(d, name, known, result, iamServices, progress),
    create: (request) => createLdp(d, request),
    rotate: (record, name) => rotateLdp(d, record, name),
    revoke: (record) => revokeLdp(d, record),
    verify: (record, value) => verifyLdp(d, record, value),
  };
}
