/**
 * A metadata store restored from an older copy (the vault current): the sync rebuilds the records
 * from the provider, and each held value is found again, a later generation's too (a PAT made again
 * under a revoked one's name: its id comes from its creation date, so the rebuild can find it).
 * Before, the live second generation landed on the base id and its value was lost. Found by the
 * seventh review of issue 23.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRequest } from '../../../main/core/model';
import { startOvhEmulator, type EmuService, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

describe('restored store, generations and # names', () => {
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;
  let secure: EmuService;
  const pat = (name: string): CreateRequest => ({
    provider: 'ovh',
    kind: 'iam-pat',
    serviceName: secure.serviceName,
    user: 'shipper',
    name,
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

  it('a sync after a store restore keeps each value with its own token', async () => {
    await t.core.tokens.sync();
    const backup = readFileSync(t.storePath, 'utf8'); // the store as it was: the account, no PAT yet
    const first = await t.core.tokens.create(accountId, pat('ci'));
    await t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await t.core.tokens.create(accountId, pat('ci'));
    writeFileSync(t.storePath, backup); // restored store; the vault is the current one
    await t.core.tokens.sync();
    const list = t.core.tokens.list();
    const ci = list.find((r) => r.name === 'ci' && r.status === 'active')!;
    const ciValue = ci.hasSecret ? (await t.core.tokens.reveal(ci.id)).value : null;
    expect(ciValue).toBe(second.secret); // (a) "ci"'s held value found again
  });
});
