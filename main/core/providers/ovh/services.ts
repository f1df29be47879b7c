/**
 * Reads of an account's LDP services: the credential, service names and services, clusters, the
 * API's endpoint list and the addresses a token is verified against. And what the client learns
 * on the way: which services use OVHcloud IAM.
 *
 * IAM-enabled services are told apart (from the service's `isIamEnabled`, or a 403 IAMService on a
 * token route), remembered per client, and never asked again for legacy tokens: their token routes
 * are refused with the IAM explanation and no HTTP call. IAM cannot be switched off again
 * (IAMNoRevert), so the memory never goes stale.
 */
import { AppError } from '../../errors';
import type { ProviderErrorInfo } from '../../model';
import { allOrFirstError } from '../../net/parallel';
import { idSegment, svc } from './endpoints';
import { hasOvhCode, IAM_EXPLANATION } from './errors';
import type { Transport } from './transport';
import {
  ClusterSchema,
  CredentialInfoSchema,
  ServiceSchema,
  StringList,
  UrlListSchema,
  type OvhCluster,
  type OvhCredentialInfo,
  type OvhService,
  type OvhServiceUrl,
} from './types';

export interface OvhTokenEndpoints {
  graylogUrl: string | undefined;
  opensearchUrl: string | undefined;
}

export interface ServiceReads {
  /** `GET /auth/currentCredential` (consumer-key mode). */
  currentCredential(options?: { signal?: AbortSignal; recoverAuth?: boolean }): Promise<OvhCredentialInfo>;
  listServiceNames(signal?: AbortSignal): Promise<string[]>;
  getService(serviceName: string, signal?: AbortSignal): Promise<OvhService>;
  /** Names, then every service in parallel (within the cap). */
  listServices(signal?: AbortSignal): Promise<OvhService[]>;
  listClusterIds(serviceName: string, signal?: AbortSignal): Promise<string[]>;
  getCluster(serviceName: string, clusterId: string, signal?: AbortSignal): Promise<OvhCluster>;
  listClusters(serviceName: string, signal?: AbortSignal): Promise<OvhCluster[]>;
  /** `GET /dbaas/logs/{service}/url`: the API's own list of the service's endpoints. */
  getUrls(serviceName: string, signal?: AbortSignal): Promise<OvhServiceUrl[]>;
  /** Graylog API and OpenSearch API addresses to verify a token of that cluster against. */
  tokenEndpoints(serviceName: string, clusterId?: string | null, signal?: AbortSignal): Promise<OvhTokenEndpoints>;
}

export function createServiceReads(api: Transport, iamServices: KnownIamServices): ServiceReads {
  const reads: ServiceReads = {
    async currentCredential(o = {}) {
      return (
        await api.request({
          method: 'GET',
          path: '/auth/currentCredential',
          schema: CredentialInfoSchema,
          signal: o.signal,
          ...(o.recoverAuth === false ? { recoverAuth: false } : {}),
        })
      ).data;
    },

    listServiceNames: async (signal) => api.get('/dbaas/logs', StringList, signal),

    async getService(serviceName, signal) {
      const service = await api.get(svc(serviceName), ServiceSchema, signal);
      iamServices.learnFromService(serviceName, service.isIamEnabled);
      return service;
    },

    async listServices(signal) {
      const names = await reads.listServiceNames(signal);
      return allOrFirstError(names, (name, fan) => reads.getService(name, fan), signal);
    },

    listClusterIds: async (serviceName, signal) => api.get(`${svc(serviceName)}/cluster`, StringList, signal),
    getCluster: async (serviceName, clusterId, signal) => api.get(`${svc(serviceName)}/cluster/${idSegment(clusterId, 'clusterId')}`, ClusterSchema, signal),
    async listClusters(serviceName, signal) {
      const ids = await reads.listClusterIds(serviceName, signal);
      return allOrFirstError(ids, (id, fan) => reads.getCluster(serviceName, id, fan), signal);
    },
    getUrls: async (serviceName, signal) => api.get(`${svc(serviceName)}/url`, UrlListSchema, signal),

    async tokenEndpoints(serviceName, clusterId, signal) {
      if (clusterId) {
        const cluster = await reads.getCluster(serviceName, clusterId, signal);
        // Unverified: that `hostname` serves Graylog on 443 (/api) and OpenSearch on 9200.
        // Used only for a non-default cluster, for which `/url` (service-wide) may point elsewhere.
        if (!cluster.isDefault) return { graylogUrl: `https://${cluster.hostname}/api`, opensearchUrl: `https://${cluster.hostname}:9200` };
      }
      const urls = await reads.getUrls(serviceName, signal);
      const find = (...types: string[]): string | undefined => types.map((t) => urls.find((u) => u.type === t)?.address).find(Boolean);
      return { graylogUrl: find('GRAYLOG_API'), opensearchUrl: find('OPENSEARCH_API', 'ELASTICSEARCH_API') };
    },
  };
  return reads;
}

// ---------------------------------------------------------------- IAM-enabled services

export interface KnownIamServices {
  /** True / false once known (from the service or a 403 IAMService), undefined before. */
  isEnabled(serviceName: string): boolean | undefined;
  /** What a service read says; never forgets a service learned as IAM-enabled. */
  learnFromService(serviceName: string, isIamEnabled: boolean): void;
  /** Runs a legacy token route: refused at once on a known IAM-enabled service; a 403 IAMService teaches the client. */
  tokenRoute<T>(serviceName: string, run: () => Promise<T>): Promise<T>;
}

export function createKnownIamServices(): KnownIamServices {
  const iam = new Map<string, { enabled: boolean; provider?: ProviderErrorInfo }>();
  const learnIam = (error: unknown, serviceName: string): void => {
    if (hasOvhCode(error, 'Client::Forbidden::IAMService'))
      iam.set(serviceName, { enabled: true, ...((error as AppError).provider ? { provider: (error as AppError).provider! } : {}) });
  };
  const refuseIfIam = (serviceName: string): void => {
    const known = iam.get(serviceName);
    if (!known?.enabled) return;
    const provider: ProviderErrorInfo = known.provider ?? {
      provider: 'ovh',
      errorClass: 'Client::Forbidden::IAMService',
      message: 'isIamEnabled is true on this service',
    };
    throw new AppError('forbidden', IAM_EXPLANATION, { provider });
  };
  return {
    isEnabled: (serviceName) => iam.get(serviceName)?.enabled,

    learnFromService(serviceName, isIamEnabled) {
      // IAM cannot be switched off (IAMNoRevert): never forget a service learned as IAM-enabled.
      const known = iam.get(serviceName);
      if (!known || (isIamEnabled && !known.enabled)) iam.set(serviceName, { enabled: isIamEnabled });
    },

    async tokenRoute<T>(serviceName: string, run: () => Promise<T>): Promise<T> {
      refuseIfIam(serviceName);
      try {
        return await run();
      } catch (error) {
        learnIam(error, serviceName);
        throw error;
      }
    },
  };
}
