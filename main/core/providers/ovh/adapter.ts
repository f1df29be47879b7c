/**
 * OVHcloud Logs Data Platform behind the token service's ProviderAdapter interface (one per account).
 *
 * Legacy services: LDP tokens are immutable and every GET returns the value, so a sync lists ids
 * per service and reads only the ids it has not seen (round trip 1: service names; 2: token ids per
 * service, in parallel; 3: details of new ids only). Service and cluster details are cached per
 * adapter (service-cache.ts), since they change rarely; a new service name is read in full.
 *
 * This file holds what spans the kinds (connection test, create form, the sync, browse) and hands
 * each token operation to the part of its kind: LDP tokens (adapter-ldp.ts); IAM-enabled services
 * take personal access tokens of local users instead (adapter-pats.ts); every service's Graylog
 * streams carry a write token (X-OVH-TOKEN), listed read-only (adapter-streams.ts).
 * The IAM routes are called only when the account has an IAM-enabled service or already holds PAT
 * records, so a consumer key made before IAM support keeps syncing its legacy services.
 */
import { AppError, toErrorPayload } from '../../errors';
import type { CreateOptions, ServiceSummary, VerifyReport } from '../../model';
import type { CreatedRemote, ListProgress, ListResult, ProviderAdapter } from '../../tokens/adapter';
import { createLdpTokenSupport, type LdpTokenSupport } from './adapter-ldp';
import { createIamPats, type IamPats } from './adapter-pats';
import { createStreamTokens } from './adapter-streams';
import type { OvhClient } from './client';
import type { IamServiceAccess } from './iam';
import { createServiceCache, type ServiceCache, type ServiceInfo } from './service-cache';

type StreamTokens = ReturnType<typeof createStreamTokens>;

/** One account's adapter parts, built once per adapter (the service cache is shared by all). */
interface Parts {
  client: OvhClient;
  services: ServiceCache;
  ldp: LdpTokenSupport;
  pats: IamPats;
  streams: StreamTokens;
}

const emptyResult = (): ListResult => ({ tokens: [], unchanged: [], unreadable: [], notes: [] });

function mergeInto(target: ListResult, part: ListResult): void {
  target.tokens.push(...part.tokens);
  target.unchanged.push(...part.unchanged);
  target.unreadable.push(...part.unreadable);
  target.notes.push(...part.notes);
}

async function testConnection(client: OvhClient): Promise<{ detail: string }> {
  const names = await client.listServiceNames();
  if (client.authMode === 'consumer-key') {
    const credential = await client.currentCredential();
    const expiry = credential.expiration ? `, valid until ${credential.expiration}` : '';
    return {
      detail: `Connected: consumer key ${credential.status}${expiry}; ${names.length} Logs Data Platform service${names.length === 1 ? '' : 's'} visible.`,
    };
  }
  return { detail: `Connected with the service account; ${names.length} Logs Data Platform service${names.length === 1 ? '' : 's'} visible.` };
}

type OvhCreateOptions = Extract<CreateOptions, { provider: 'ovh' }>;
type IamUserOptions = NonNullable<OvhCreateOptions['services'][number]['iamUsers']>;

/** The local users whose policies reach the service, with those policies. */
function iamUsersOf(access: IamServiceAccess, serviceName: string): IamUserOptions {
  return access.users.flatMap((user, i) => {
    const granted = access.access[i]?.services.find((s) => s.serviceName === serviceName);
    if (!granted) return [];
    return [
      {
        login: user.login,
        description: user.description,
        status: user.status,
        group: user.group,
        policies: granted.policies.map((p) => ({ name: p.name, actions: p.actions, permissionsGroups: p.permissionsGroups })),
      },
    ];
  });
}

async function createOptions({ client, services }: Parts): Promise<CreateOptions> {
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
  return {
    provider: 'ovh',
    services: infos.map((info) => ({
      serviceName: info.service.serviceName,
      displayName: info.service.displayName ?? info.service.serviceName,
      state: info.service.state,
      iamEnabled: info.service.isIamEnabled,
      clusters: info.clusters.map((c) => ({ clusterId: c.clusterId, hostname: c.hostname, isDefault: c.isDefault })),
      ...(info.service.isIamEnabled && access ? { iamUsers: iamUsersOf(access, info.service.serviceName) } : {}),
    })),
    ...(iamUsersError ? { iamUsersError } : {}),
  };
}

const sameServices = (a: ServiceInfo[], b: ServiceInfo[]): boolean =>
  a
    .map((i) => i.service.serviceName)
    .sort()
    .join('|') ===
  b
    .map((i) => i.service.serviceName)
    .sort()
    .join('|');

/**
 * Warm syncs overlap the service-name listing with the token-id listings of services already
 * known, so nothing waits on the names call (2 round trips at the politeness cap); services that
 * appear are read after, and results of services that disappeared are dropped. IAM-enabled
 * services are then read together (users, policies, PATs).
 */
async function listAccount({ client, services, ldp, pats, streams }: Parts, known: ReadonlySet<string>, progress?: ListProgress): Promise<ListResult> {
  const cached = services.cached().map((info) => info.service.serviceName);
  const parts = new Map<string, { result: ListResult; iam: ServiceInfo[] }>();
  const part = (name: string) => {
    const p = { result: emptyResult(), iam: [] as ServiceInfo[] };
    parts.set(name, p);
    return ldp.listService(name, known, p.result, p.iam, progress);
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
  const iam = sameServices(cachedIam, iamServices) ? iamEarly : emptyResult();
  if (iam !== iamEarly) await pats.list(iamServices, known, iam);
  mergeInto(result, iam);
  mergeInto(result, await streamTokens);
  return result;
}

/** Every service with its state, IAM flag and clusters (an unreadable service fails the listing: the admin asked for all). */
async function serviceSummaries({ client, services }: Parts): Promise<ServiceSummary[]> {
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
}

export function createOvhAdapter(client: OvhClient, now: () => number = Date.now): ProviderAdapter {
  const services = createServiceCache(client);
  const p: Parts = {
    client,
    services,
    ldp: createLdpTokenSupport(client, services),
    pats: createIamPats(client, services, now),
    streams: createStreamTokens(client, services),
  };

  return {
    testConnection: () => testConnection(client),
    createOptions: () => createOptions(p),
    list: (known, progress) => listAccount(p, known, progress),

    async create(request) {
      if (request.provider !== 'ovh') throw new AppError('invalid-input', 'This is an OVHcloud account: create an LDP token or an IAM personal access token.');
      if (request.kind === 'iam-pat') return p.pats.create(request);
      return p.ldp.create(request);
    },

    async rotate(record): Promise<CreatedRemote & { oldStillValid: boolean }> {
      const stamp = new Date(now()).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const name = `${record.name}-rotated-${stamp}`;
      if (record.kind === 'iam-pat') return p.pats.rotate(record, name);
      if (record.kind === 'ldp-stream') return p.streams.refuse(record);
      return p.ldp.rotate(record, name);
    },

    async revoke(record) {
      if (record.kind === 'iam-pat') return p.pats.revoke(record).then(() => ({}));
      if (record.kind === 'ldp-stream') return p.streams.refuse(record);
      return p.ldp.revoke(record);
    },

    async verify(record, value): Promise<VerifyReport> {
      if (record.kind === 'iam-pat') return p.pats.verify(record, value);
      // Sending logs is the only use of a write token: checking it would write into the stream.
      if (record.kind === 'ldp-stream')
        throw new AppError(
          'invalid-input',
          `“${record.name}” is a stream write token: the only way to check it is to send logs into the stream, which Tokendesk does not do.`,
        );
      return p.ldp.verify(record, value);
    },

    async rejects(record, value) {
      const report = await this.verify(record, value);
      if (report.checks.some((c) => c.outcome === 'ok')) return false;
      if (report.checks.length > 0 && report.checks.every((c) => c.outcome === 'rejected')) return true;
      throw new AppError('unreachable', 'The cluster could not be reached to confirm the token is refused.');
    },

    resources: {
      services: () => serviceSummaries(p),
    },
  };
}
