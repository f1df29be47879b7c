/**
 * A populated Tokendesk: both provider emulators, accounts on them, realistic tokens, one sync.
 * Used by `npm run demo`, the Playwright specs, the README screenshot and the renderer benchmark.
 *
 *   const scenario = await startScenario(harness.core);
 *   ...
 *   await scenario.close();
 *
 * What it holds:
 * - "Production LogScale" (LogScale emulator): system, organization and view tokens, some expiring
 *   in 20 hours, 3 days and 10 days, one just expired, some with IP filters; two created through
 *   Tokendesk (their secrets are in the keychain, so they can be copied); a token security policy
 *   (system tokens expire within 90 days, view tokens get the "Office VPN" filter, personal tokens
 *   are disabled).
 * - "OVH Europe" (OVHcloud emulator, application key + consumer key): two LDP services with tokens
 *   (LDP values are read on sync, so every one can be copied) and one IAM-enabled service, which
 *   takes no LDP tokens: two local users reach it through IAM policies ("log-shipper", who has the
 *   personal access token "vector-forwarder", made in the console; "soc-analyst", with none).
 * - optionally "Staging LogScale", a second LogScale organization.
 */
import type { Core } from '../../main/core/core';
import type { AccountSummary, TokenSummary } from '../../main/core/model';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ScenarioOptions {
  /** Also add a second LogScale organization, "Staging LogScale" (demo, screenshot). */
  staging?: boolean;
  /** Extra LogScale system tokens `seed-system-…` (the 10,000-token benchmark). */
  extraLogScaleTokens?: number;
  /** Sync every account at the end (default true). */
  sync?: boolean;
  /** Duration of an LDP async operation in the emulator (default 60 ms, so tests stay quick). */
  ovhOperationMs?: number;
}

export interface Scenario {
  /** When the scenario was seeded (ms): every expiry is relative to it. */
  now: number;
  logscale: LogScaleEmulator;
  ovh: OvhEmulator;
  staging: LogScaleEmulator | null;
  accounts: { logscale: AccountSummary; ovh: AccountSummary; staging: AccountSummary | null };
  /** LogScale IP filters by name. */
  ipFilters: { officeVpn: string; ciRunners: string };
  /** OVH service names. */
  services: { production: string; staging: string; iam: string };
  /** OVH local IAM users that reach the IAM-enabled service. */
  iamUsers: { shipper: string; analyst: string };
  /** The token of that name as the core lists it now (throws when there is none). */
  token(name: string): TokenSummary;
  close(): Promise<void>;
}

export async function startScenario(core: Core, options: ScenarioOptions = {}): Promise<Scenario> {
  const logscale = await startLogScaleEmulator();
  const ovh = await startOvhEmulator({ knobs: { operationDelayMs: options.ovhOperationMs ?? 60 } });
  const staging = options.staging ? await startLogScaleEmulator({ randomSeed: 7 }) : null;
  const now = Date.now();

  // ---- LogScale: filters, views, tokens made elsewhere
  const officeVpn = logscale.state.createIpFilter('Office VPN', 'allow 127.0.0.1\nallow 10.8.0.0/16').id;
  const ciRunners = logscale.state.createIpFilter('CI runners', 'allow 127.0.0.1\nallow 192.168.40.0/24').id;
  const view = (name: string): string => logscale.searchDomains.find((d) => d.name === name)!.id;
  const issue = (
    kind: 'system' | 'organization' | 'view',
    name: string,
    permissions: string[],
    expireIn: number | null,
    extra: { ipFilterId?: string; viewIds?: string[] } = {},
  ) =>
    logscale.issueToken({
      kind,
      name,
      permissions,
      expireAt: expireIn === null ? null : now + expireIn,
      ipFilterId: extra.ipFilterId ?? null,
      viewIds: extra.viewIds ?? [],
      createdAt: now - 40 * DAY + name.length * HOUR,
    });
  issue('system', 'on-call-pager', ['ReadHealthCheck'], 50 * MINUTE);
  issue('system', 'ci-deploy-reader', ['ReadHealthCheck', 'ViewOrganizations'], 3 * DAY);
  issue('system', 'grafana-health-probe', ['ReadHealthCheck'], 10 * DAY, { ipFilterId: ciRunners });
  issue('system', 'backup-exporter', ['ReadHealthCheck', 'ManageCluster'], -MINUTE);
  issue('organization', 'usage-reporting', ['ViewUsage'], 45 * DAY);
  issue('organization', 'sso-sync', ['ManageUsers', 'ChangeIdentityProviders'], null);
  issue('view', 'web-dashboards', ['ReadAccess', 'QueryDashboard', 'OrganizationOwnedQueries'], 120 * DAY, { viewIds: [view('web')], ipFilterId: officeVpn });
  issue('view', 'audit-search', ['ReadAccess', 'OrganizationOwnedQueries'], null, { viewIds: [view('humio-audit')] });
  if (options.extraLogScaleTokens) logscale.seedTokens(options.extraLogScaleTokens, { expireAt: now + 200 * DAY });

  // ---- OVHcloud: two LDP services with tokens, one IAM-enabled service
  const production = ovh.addService({ serviceName: 'ldp-gra-prod-01', displayName: 'Production logs', clusters: 2 }).serviceName;
  const stagingService = ovh.addService({ serviceName: 'ldp-rbx-staging-02', displayName: 'Staging logs', clusters: 1 }).serviceName;
  const iam = ovh.addService({ serviceName: 'ldp-sbg-secure-03', displayName: 'Security logs', isIamEnabled: true, clusters: 1 }).serviceName;
  for (const name of ['graylog-dashboards', 'fluent-bit-shipper', 'opensearch-alerting']) ovh.addToken(production, { name });
  for (const name of ['staging-shipper', 'qa-readonly']) ovh.addToken(stagingService, { name });
  // The IAM-enabled service: local users whose policies reach it, and a PAT made in the OVHcloud console.
  ovh.addIamUser({ login: 'log-shipper', description: 'Log shipping agents' });
  ovh.grantLdpAccess({
    login: 'log-shipper',
    services: [iam],
    actions: ['ldp:graylog:stream/read', 'ldp:opensearch:alias/read', 'ldp:opensearch:index/write'],
    pats: [
      {
        name: 'vector-forwarder',
        description: 'Vector on the SIEM hosts',
        expiresAt: new Date(now + 25 * DAY).toISOString(),
        lastUsed: new Date(now - 2 * HOUR).toISOString(),
      },
    ],
  });
  ovh.addIamUser({ login: 'soc-analyst', description: 'Security analysts', group: 'SOC' });
  ovh.grantLdpAccess({ login: 'soc-analyst', services: [iam], actions: ['ldp:opensearch:alias/read'] });

  // ---- accounts
  const logscaleAccount = await core.accounts.add({
    provider: 'logscale',
    label: 'Production LogScale',
    baseUrl: logscale.baseUrl,
    token: logscale.adminToken,
  });
  const ovhAccount = await core.accounts.add({
    provider: 'ovh',
    label: 'OVH Europe',
    endpoint: 'custom',
    customBaseUrl: ovh.baseUrl,
    auth: ovh.consumerKeyAuth(),
  });
  let stagingAccount: AccountSummary | null = null;
  if (staging) {
    staging.issueToken({
      kind: 'system',
      name: 'staging-ingest-check',
      permissions: ['ReadHealthCheck'],
      expireAt: now + 6 * DAY,
      ipFilterId: null,
      viewIds: [],
    });
    staging.issueToken({ kind: 'organization', name: 'staging-usage', permissions: ['ViewUsage'], expireAt: now + 30 * DAY, ipFilterId: null, viewIds: [] });
    stagingAccount = await core.accounts.add({ provider: 'logscale', label: 'Staging LogScale', baseUrl: staging.baseUrl, token: staging.adminToken });
  }

  // ---- tokens created through Tokendesk: their secrets are in the keychain
  const created = async (name: string, kind: 'system' | 'organization', permissions: string[], days: number): Promise<void> => {
    const result = await core.tokens.create(logscaleAccount.id, {
      provider: 'logscale',
      kind,
      name,
      permissions,
      expiry: { kind: 'duration', amount: days, unit: 'days' },
    });
    if (!result.stored) throw new Error(`scenario: the keychain refused the secret of ${name}`);
  };
  await created('release-pipeline', 'system', ['ReadHealthCheck'], 30);
  await created('metrics-scraper', 'organization', ['ViewUsage'], 60);

  // ---- the organization's token security policy (set after the tokens above, as an admin would)
  logscale.state.policies.system.maxExpiryMs = 90 * DAY;
  logscale.state.policies.view.ipFilterId = officeVpn;
  logscale.state.policies.personal.enabled = false;

  if (options.sync ?? true) await core.tokens.sync();

  return {
    now,
    logscale,
    ovh,
    staging,
    accounts: { logscale: logscaleAccount, ovh: ovhAccount, staging: stagingAccount },
    ipFilters: { officeVpn, ciRunners },
    services: { production, staging: stagingService, iam },
    iamUsers: { shipper: 'log-shipper', analyst: 'soc-analyst' },
    token(name) {
      const found = core.tokens.list().find((t) => t.name === name);
      if (!found) throw new Error(`scenario: no token named ${name}`);
      return found;
    },
    async close() {
      await Promise.all([logscale.close(), ovh.close(), staging?.close()]);
    },
  };
}
