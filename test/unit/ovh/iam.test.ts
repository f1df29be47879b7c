/**
 * The pure parts of the OVHcloud IAM support: which policies give a local user access to an
 * IAM-enabled LDP service, the PAT create body, the /v2 base, the error sentences of the PAT
 * routes, and the verification commands (which never show the token).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import {
  apiRootUrl,
  backendActions,
  computeServiceAccess,
  curlExample,
  groupUrnOf,
  patBasicUser,
  patCreateBody,
  resourceCoversService,
  urnMatches,
  type OvhIamPolicy,
  type OvhIamUser,
} from '../../../main/core/providers/ovh';
import { ovhHttpError } from '../../../main/core/providers/ovh/errors';

const ACCOUNT = 'xx1111-ovh';
const SVC_A = 'urn:v1:eu:resource:ldp:ldp-ab-11111';
const SVC_B = 'urn:v1:eu:resource:ldp:ldp-ab-22222';
const user = (login: string, group = 'UNPRIVILEGED'): OvhIamUser => ({
  login,
  urn: `urn:v1:eu:identity:user:${ACCOUNT}/${login}`,
  group,
  email: null,
  description: '',
  status: 'OK',
  type: 'USER',
  creation: null,
  lastUpdate: null,
  passwordLastUpdate: null,
});
let seq = 0;
const policy = (o: {
  identities: string[];
  resources: string[];
  allow?: string[];
  except?: string[];
  deny?: string[];
  groups?: string[];
  expiredAt?: string | null;
  name?: string;
}): OvhIamPolicy => ({
  id: `p-${(seq += 1)}`,
  name: o.name ?? `policy-${seq}`,
  description: null,
  identities: o.identities,
  resources: o.resources.map((urn) => ({ urn })),
  permissions: {
    allow: (o.allow ?? []).map((action) => ({ action })),
    except: (o.except ?? []).map((action) => ({ action })),
    deny: (o.deny ?? []).map((action) => ({ action })),
  },
  permissionsGroups: (o.groups ?? []).map((urn) => ({ urn })),
  expiredAt: o.expiredAt ?? null,
  readOnly: false,
  owner: ACCOUNT,
  createdAt: null,
  updatedAt: null,
});
const services = [
  { serviceName: 'ldp-ab-11111', urn: SVC_A },
  { serviceName: 'ldp-ab-22222', urn: SVC_B },
];
const reach = (users: OvhIamUser[], policies: OvhIamPolicy[], extra: Partial<Parameters<typeof computeServiceAccess>[0]> = {}) =>
  Object.fromEntries(
    computeServiceAccess({ services, users, policies, now: Date.parse('2026-06-01T00:00:00Z'), ...extra }).map((a) => [
      a.login,
      a.services.map((s) => s.serviceName),
    ]),
  );

describe('IAM policy matching', () => {
  it('matches URNs exactly, or with * at the start or the end only', () => {
    expect(urnMatches(SVC_A, SVC_A)).toBe(true);
    expect(urnMatches('urn:v1:eu:resource:ldp:*', SVC_A)).toBe(true);
    expect(urnMatches('*:ldp-ab-11111', SVC_A)).toBe(true);
    expect(urnMatches('*', SVC_A)).toBe(true);
    expect(urnMatches('urn:v1:eu:resource:*:ldp-ab-11111', SVC_A)).toBe(false);
    expect(urnMatches(SVC_B, SVC_A)).toBe(false);
  });

  it('a resource covers the service when it is the service, a sub-resource of it, or a wildcard over either', () => {
    expect(resourceCoversService(SVC_A, SVC_A)).toBe(true);
    expect(resourceCoversService(`${SVC_A}/alias/b8d1c3f0`, SVC_A)).toBe(true);
    expect(resourceCoversService(`${SVC_A}/stream/*`, SVC_A)).toBe(true);
    expect(resourceCoversService('urn:v1:eu:resource:ldp:ldp-ab-*', SVC_A)).toBe(true);
    expect(resourceCoversService('urn:v1:eu:resource:ldp:ldp-ab-111110', SVC_A)).toBe(false);
    expect(resourceCoversService('urn:v1:eu:resource:ldp:ldp-ab-111110/alias/x', SVC_A)).toBe(false);
    expect(resourceCoversService('urn:v1:eu:resource:vps:*', SVC_A)).toBe(false);
  });

  it('derives the group URN from the user URN', () => {
    expect(groupUrnOf(user('alice', 'LDP_READERS'))).toBe(`urn:v1:eu:identity:group:${ACCOUNT}/LDP_READERS`);
    expect(groupUrnOf({ urn: 'urn:v1:eu:identity:credential:xx1111-ovh/oauth2-abc', group: 'X' })).toBeNull();
  });

  it('keeps only backend actions, expands wildcards, and takes back except and deny', () => {
    expect(backendActions(policy({ identities: [], resources: [], allow: ['ldp:apiovh:get', 'ldp:graylog:stream/read', 'account:apiovh:me/get'] }))).toEqual([
      'ldp:graylog:stream/read',
    ]);
    expect(backendActions(policy({ identities: [], resources: [], allow: ['ldp:opensearch:alias/*'] }))).toEqual([
      'ldp:opensearch:alias/create',
      'ldp:opensearch:alias/delete',
      'ldp:opensearch:alias/read',
    ]);
    expect(
      backendActions(policy({ identities: [], resources: [], allow: ['ldp:*'], except: ['ldp:opensearch:*'], deny: ['ldp:graylog:dashboard/update'] })),
    ).toEqual(['ldp:graylog:dashboard/read', 'ldp:graylog:stream/read']);
    expect(backendActions(policy({ identities: [], resources: [], allow: ['ldp:apiovh:*'] }))).toEqual([]);
    // An action the list does not know yet still counts when named in full.
    expect(backendActions(policy({ identities: [], resources: [], allow: ['ldp:opensearch:tenant/read'] }))).toEqual(['ldp:opensearch:tenant/read']);
  });

  it('finds which services each user reaches, through its own URN, its group, sub-resources and wildcards', () => {
    const [alice, bob, carol, dave, erin] = [user('alice'), user('bob', 'LDP_READERS'), user('carol'), user('dave'), user('erin')];
    const result = reach(
      [alice, bob, carol, dave, erin],
      [
        policy({ identities: [alice.urn], resources: [SVC_A, SVC_B], allow: ['ldp:graylog:stream/read'] }),
        policy({ identities: [`urn:v1:eu:identity:group:${ACCOUNT}/LDP_READERS`], resources: [`${SVC_B}/alias/1234`], allow: ['ldp:opensearch:alias/read'] }),
        policy({ identities: [carol.urn], resources: [SVC_A], allow: ['ldp:apiovh:get', 'ldp:apiovh:url/get'] }), // control panel only
        policy({ identities: [`urn:v1:eu:identity:user:${ACCOUNT}/d*`], resources: ['urn:v1:eu:resource:ldp:*'], allow: ['ldp:opensearch:index/read'] }),
        policy({ identities: [erin.urn], resources: [SVC_A], allow: ['ldp:graylog:stream/read'], expiredAt: '2026-01-01T00:00:00Z' }),
      ],
    );
    expect(result).toEqual({ alice: ['ldp-ab-11111', 'ldp-ab-22222'], bob: ['ldp-ab-22222'], carol: [], dave: ['ldp-ab-11111', 'ldp-ab-22222'], erin: [] });
  });

  it('trusts the API for policies it listed per service (resource groups) or per identity, and counts permission groups as "may grant"', () => {
    const alice = user('alice');
    const viaGroup = policy({ identities: [alice.urn], resources: ['urn:v1:eu:resourceGroup:7f3a'], allow: ['ldp:graylog:stream/read'] });
    const viaIdentity = policy({ identities: ['urn:v1:eu:identity:group:elsewhere/any'], resources: [SVC_B], allow: ['ldp:graylog:stream/read'] });
    const permissionGroup = policy({ identities: [alice.urn], resources: [SVC_B], groups: ['urn:v1:eu:permissionsGroup:ovh:ldpReader'] });
    expect(reach([alice], [viaGroup])).toEqual({ alice: [] });
    expect(reach([alice], [viaGroup], { listedForService: new Map([['ldp-ab-11111', new Set([viaGroup.id])]]) })).toEqual({ alice: ['ldp-ab-11111'] });
    expect(reach([alice], [viaIdentity], { listedForIdentity: new Map([[alice.urn, new Set([viaIdentity.id])]]) })).toEqual({ alice: ['ldp-ab-22222'] });
    const [access] = computeServiceAccess({ services, users: [alice], policies: [permissionGroup], now: 0 });
    expect(access!.services).toEqual([
      {
        serviceName: 'ldp-ab-22222',
        policies: [{ id: permissionGroup.id, name: permissionGroup.name, actions: [], permissionsGroups: ['urn:v1:eu:permissionsGroup:ovh:ldpReader'] }],
      },
    ]);
  });
});

describe('PAT create body', () => {
  it('sends exactly the fields set, and refuses before sending what OVHcloud would not take', () => {
    expect(patCreateBody({ name: 'ci', description: 'CI reader', expiresIn: 3600 })).toEqual({ name: 'ci', description: 'CI reader', expiresIn: 3600 });
    expect(patCreateBody({ name: 'ci', description: 'd' })).toEqual({ name: 'ci', description: 'd' });
    const refused = (input: Parameters<typeof patCreateBody>[0]) => {
      try {
        patCreateBody(input);
      } catch (error) {
        return (error as AppError).issues;
      }
      return 'accepted';
    };
    expect(refused({ name: 'ci', description: 'd', expiresIn: 60, expiresAt: '2030-01-01T00:00:00Z' })).toEqual([
      'expiresAt: and expiresIn cannot both be set',
    ]);
    expect(refused({ name: ' ', description: 'd' })).toEqual(['name: is required']);
    expect(refused({ name: 'ci', description: '' })).toEqual(['description: is required']);
    expect(refused({ name: 'ci/..', description: 'd' })).toEqual(['name: cannot be . or .., nor contain / \\ ? # % or control characters']); // it could not be read back
    expect(refused({ name: 'ci', description: 'd', expiresIn: 0 })).toEqual(['expiresIn: must be a whole number of seconds, at least 1']);
    expect(refused({ name: 'ci', description: 'd', expiresAt: 'soon' })).toEqual(['expiresAt: must be a date and time']);
  });
});

describe('API v2 base and PAT route errors', () => {
  it('turns the /1.0 base into the root that /v2 paths follow', () => {
    expect(apiRootUrl('https://eu.api.ovh.com/1.0')).toBe('https://eu.api.ovh.com');
    expect(apiRootUrl('https://ca.api.ovh.com/v1/')).toBe('https://ca.api.ovh.com');
    expect(apiRootUrl('http://127.0.0.1:4100/1.0')).toBe('http://127.0.0.1:4100');
    expect(apiRootUrl('https://proxy.example/ovh')).toBe('https://proxy.example/ovh');
  });

  it('names the user and the token on 404 and duplicate names, whatever class OVHcloud sends', () => {
    const err = (status: number, method: string, path: string, cls = 'Client::NotFound') =>
      ovhHttpError({ status, method, path, text: JSON.stringify({ class: cls, message: 'nope' }), requestId: 'EU.q.1', secrets: [] });
    const gone = err(404, 'GET', '/me/identity/user/alice/token/ci%20reader');
    expect(gone.code).toBe('not-found');
    expect(gone.message).toMatch(/^The personal access token "ci reader" of the local user alice no longer exists on OVHcloud/);
    expect(gone.provider).toMatchObject({
      status: 404,
      errorClass: 'Client::NotFound',
      requestId: 'EU.q.1',
      path: 'GET /me/identity/user/alice/token/ci%20reader',
    });
    expect(err(404, 'GET', '/me/identity/user/bob/token').message).toMatch(/^The local user bob does not exist/);
    const duplicate = err(409, 'POST', '/me/identity/user/alice/token', 'Client::Conflict');
    expect(duplicate.code).toBe('conflict');
    expect(duplicate.message).toMatch(/^The local user alice already has a personal access token with this name/);
    // Other routes keep their own sentences.
    expect(err(404, 'GET', '/dbaas/logs/ldp-ab-1/token/x', 'Client::NotFound::TokenDoesNotExists').message).toMatch(/^This token no longer exists/);
  });
});

describe('PAT verification commands', () => {
  const jwt = 'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
  it('use Bearer or a pat_jwt_ username, with the value in a variable and only its last 4 characters shown', () => {
    const bearer = curlExample('https://gra2.logs.ovh.com:9200/_cluster/health', jwt, { kind: 'bearer' });
    expect(bearer).toBe(
      `curl -sS -H "Authorization: Bearer $OVH_PAT" 'https://gra2.logs.ovh.com:9200/_cluster/health'   # OVH_PAT = the personal access token (…${jwt.slice(-4)})`,
    );
    const basic = curlExample('https://gra2.logs.ovh.com:9200/_cluster/health', jwt, { kind: 'pat-basic', user: 'pat_jwt_alice' });
    expect(basic).toContain('-u "pat_jwt_alice:$OVH_PAT"');
    for (const text of [bearer, basic]) expect(text).not.toContain(jwt.slice(0, 20));
  });

  it('writes the login into the pat_jwt_ username when it is plain ASCII', () => {
    expect(patBasicUser('alice.ops')).toBe('pat_jwt_alice.ops');
    expect(patBasicUser('élodie')).toBe('pat_jwt_tokendesk');
    expect(patBasicUser(undefined)).toBe('pat_jwt_tokendesk');
  });
});
