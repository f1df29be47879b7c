/**
 * An IAM personal access token is named uniquely per user among live ones only: revoke "ci", then
 * create "ci" again. The new token is another token: its own record, active, its value readable,
 * usable by exec and revocable; the revoked one stays revoked with its fingerprint (a leak of the
 * old value is still recognised). Before, the new live token landed on the revoked record and was
 * shown (and refused) as revoked, a leak of it answered "revoked". Found by the fifth review of issue 23.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../../main/core/model';
import { startOvhEmulator, type EmuService, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

describe('an IAM PAT made again with the name of a revoked one', () => {
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;
  let secure: EmuService;
  const pat = (): CreateRequest => ({
    provider: 'ovh',
    kind: 'iam-pat',
    serviceName: secure.serviceName,
    user: 'shipper',
    name: 'ci',
    description: 'd',
    expiresIn: 30 * 86_400,
  });
  const bearer = async (v: string) => (await fetch(`${ovh.opensearchUrl}/_cluster/health`, { headers: { Authorization: `Bearer ${v}` } })).status;

  beforeEach(async () => {
    ovh = await startOvhEmulator();
    t = await createTestCore();
    const c = ovh.credentials;
    const auth = { mode: 'consumer-key' as const, applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey: c.consumerKey };
    accountId = (await t.core.accounts.add({ provider: 'ovh', label: 'OVH EU', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth })).id;
    secure = ovh.addService({ serviceName: 'ldp-sbg-secure-03', displayName: 'Security logs', isIamEnabled: true });
    ovh.grantLdpAccess({ login: 'shipper', services: [secure.serviceName] });
  });
  afterEach(async () => {
    await t.cleanup();
    await ovh.close();
  });

  it('is a token of its own: active, readable, revocable; the revoked one stays revoked', async () => {
    const first = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await t.core.tokens.create(accountId, pat());
    expect(second.token!.id).not.toBe(first.token!.id);
    expect(second.token!.status).toBe('active');
    await t.core.tokens.sync();
    expect(t.core.tokens.summary(second.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect(t.core.tokens.summary(first.token!.id)).toMatchObject({ status: 'revoked' });
    expect((await t.core.tokens.reveal(second.token!.id)).value).toBe(second.secret);
    // A leak of the old value is still recognised as the revoked token; of the new one, as live.
    const oldLeak = await t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    expect(oldLeak.found && oldLeak.match.token.id).toBe(first.token!.id);
    const newLeak = await t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(newLeak.found && newLeak.match.token.id).toBe(second.token!.id);
    expect((await t.core.inject.resolve('OVH EU/ci')).token.id).toBe(second.token!.id);
    await t.core.tokens.revoke(second.token!.id, 'ci');
    expect(await bearer(second.secret)).not.toBe(200);
  });
});
