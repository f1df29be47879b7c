/**
 * Reads of an account's services: the credential, services, clusters, the API's endpoint list,
 * the addresses a token is verified against, and operations.
 */
import type { ClientContext } from './client-context';
import type { OvhClient } from './client-types';
import { allOrFirstError } from '../../net/parallel';
import { requireText, seg, svc } from './endpoints';
import { ClusterSchema, CredentialInfoSchema, OperationSchema, ServiceSchema, StringList, UrlListSchema } from './types';

export type ServiceReads = Pick<
  OvhClient,
  'currentCredential' | 'listServiceNames' | 'getService' | 'listServices' | 'listClusterIds' | 'getCluster' | 'listClusters' | 'getUrls' | 'tokenEndpoints' | 'listOperationIds' | 'getOperation'
>;

export function createServiceReads(ctx: ClientContext): ServiceReads {
  const { call, get, iamServices, self } = ctx;
  return {
    async currentCredential(o = {}) {
      return (await call({ method: 'GET', path: '/auth/currentCredential', schema: CredentialInfoSchema, signal: o.signal, ...(o.recoverAuth === false ? { recoverAuth: false } : {}) })).data;
    },

    listServiceNames: (signal) => get('/dbaas/logs', StringList, signal),

    async getService(serviceName, signal) {
      const service = await get(svc(serviceName), ServiceSchema, signal);
      iamServices.learnFromService(serviceName, service.isIamEnabled);
      return service;
    },

    async listServices(signal) {
      const names = await self().listServiceNames(signal);
      return allOrFirstError(names, (name, fan) => self().getService(name, fan), signal);
    },

    listClusterIds: (serviceName, signal) => get(`${svc(serviceName)}/cluster`, StringList, signal),
    getCluster: (serviceName, clusterId, signal) => get(`${svc(serviceName)}/cluster/${seg(requireText(clusterId, 'clusterId'))}`, ClusterSchema, signal),
    async listClusters(serviceName, signal) {
      const ids = await self().listClusterIds(serviceName, signal);
      return allOrFirstError(ids, (id, fan) => self().getCluster(serviceName, id, fan), signal);
    },
    getUrls: (serviceName, signal) => get(`${svc(serviceName)}/url`, UrlListSchema, signal),

    async tokenEndpoints(serviceName, clusterId, signal) {
      if (clusterId) {
        const cluster = await self().getCluster(serviceName, clusterId, signal);
        // Unverified: that `hostname` serves Graylog on 443 (/api) and OpenSearch on 9200 (reference §2.2).
        // Used only for a non-default cluster, for which `/url` (service-wide) may point elsewhere.
        if (!cluster.isDefault) return { graylogUrl: `https://${cluster.hostname}/api`, opensearchUrl: `https://${cluster.hostname}:9200` };
      }
      const urls = await self().getUrls(serviceName, signal);
      const find = (...types: string[]): string | undefined => types.map((t) => urls.find((u) => u.type === t)?.address).find(Boolean);
      return { graylogUrl: find('GRAYLOG_API'), opensearchUrl: find('OPENSEARCH_API', 'ELASTICSEARCH_API') };
    },

    listOperationIds: (serviceName, signal) => get(`${svc(serviceName)}/operation`, StringList, signal),
    getOperation: (serviceName, operationId, signal) => get(`${svc(serviceName)}/operation/${seg(requireText(operationId, 'operationId'))}`, OperationSchema, signal),
  };
}
