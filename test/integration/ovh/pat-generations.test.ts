/**
 * Three generations of one IAM PAT name (create, revoke, create, revoke, create), with and without
 * syncs between: three records with three ids, each revoked one keeping its fingerprint (a leak of
 * any old value is recognised), the live one readable. Before, the third took an earlier
 * generation's id and a sync dropped that record. Found by the sixth review of issue 23.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../../main/core/model';
import { startOvhEmulator, type EmuService, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

describe('three generations of one IAM PAT name', () => {
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

  it('third generation, no sync between (create/revoke/create/revoke/create)', async () => {
    const first = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.revoke(second.token!.id, 'ci');
    const third = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.sync();
    const oldLeak = await t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    const midLeak = await t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(new Set([first.token!.id, second.token!.id, third.token!.id]).size).toBe(3);
    expect(t.core.tokens.list().length).toBe(3);
    expect(oldLeak.found).toBe(true);
    expect(midLeak.found).toBe(true);
  });

  it('third generation, sync after each step', async () => {
    const first = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.revoke(first.token!.id, 'ci');
    await t.core.tokens.sync();
    const second = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.sync();
    await t.core.tokens.revoke(second.token!.id, 'ci');
    await t.core.tokens.sync();
    const third = await t.core.tokens.create(accountId, pat());
    await t.core.tokens.sync();
    const oldLeak = await t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    const midLeak = await t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(new Set([first.token!.id, second.token!.id, third.token!.id]).size).toBe(3);
    expect(t.core.tokens.list().length).toBe(3);
    expect(oldLeak.found && midLeak.found).toBe(true);
    expect((await t.core.tokens.reveal(third.token!.id)).value).toBe(third.secret);
  });
});
