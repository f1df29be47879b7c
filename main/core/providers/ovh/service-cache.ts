/**
 * Service details (service and clusters) for the OVH adapter, read once per service and kept: they
 * change rarely, and a warm sync must not wait for them. IAM-enabled services also need their
 * resource URN for policy lookups. Shared by the adapter's parts (adapter-ldp.ts, adapter-pats.ts,
 * adapter-streams.ts), which is why it stands on its own.
 */
import type { OvhClient } from './client';
import type { IamServiceRef } from './iam';
import type { OvhCluster, OvhService } from './types';

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
