/**
 * The OVH adapter's cache of service details (service and clusters), read once per service and kept:
 * they change rarely, and a warm sync must not wait for them. IAM-enabled services also need their
 * resource URN for policy lookups.
 */
import type { IamServiceRef, OvhClient, OvhCluster, OvhService } from '../../providers/ovh';

export interface ServiceInfo {
  service: OvhService;
  clusters: OvhCluster[];
}

/** Region part of resource URNs, for a service whose `iam.urn` is missing (reference §3.3: `urn:v1:eu:resource:ldp:<service>`). */
function regionOf(baseUrl: string): string {
  const host = new URL(baseUrl).host;
  if (/^ca\./.test(host)) return 'ca';
  if (/\.us\.|^us\./.test(host)) return 'us';
  return 'eu';
}

export interface ServiceCache {
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
  const cache: ServiceCache = {
    async info(name) {
      const cached = services.get(name);
      if (cached) return cached;
      const service = await client.getService(name);
      const clusters = service.isIamEnabled ? [] : await client.listClusters(name).catch(() => []);
      const info = { service, clusters };
      services.set(name, info);
      return info;
    },
    cached: () => [...services.values()],
    forget: (name) => void services.delete(name),
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
