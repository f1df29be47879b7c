/**
 * One OVHcloud account on an emulator with an IAM-enabled service and a user who may create
 * personal access tokens there: what the PAT identity tests (same name, generations, a restored
 * store) start from. Registers its own beforeEach/afterEach; read the fields inside a test.
 */
import { afterEach, beforeEach } from 'vitest';
import type { CreateRequest } from '../../../main/core/model';
import { startOvhEmulator, type EmuService, type OvhEmulator } from '../../emulators/ovh';
import { createTestCore, type TestCore } from '../../support/core';

export interface PatFixture {
  ovh: OvhEmulator;
  t: TestCore;
  accountId: string;
  /** A create request for a PAT of user "shipper" on the IAM service, 30 days. */
  pat(name?: string): CreateRequest;
}

export function usePatFixture(): PatFixture {
  let secure: EmuService;
  const fixture = {
    pat: (name = 'ci'): CreateRequest => ({
      provider: 'ovh',
      kind: 'iam-pat',
      serviceName: secure.serviceName,
      user: 'shipper',
      name,
      description: 'd',
      expiresIn: 30 * 86_400,
    }),
  } as PatFixture;
  beforeEach(async () => {
    fixture.ovh = await startOvhEmulator();
    fixture.t = await createTestCore();
    const c = fixture.ovh.credentials;
    const auth = { mode: 'consumer-key' as const, applicationKey: c.applicationKey, applicationSecret: c.applicationSecret, consumerKey: c.consumerKey };
    fixture.accountId = (
      await fixture.t.core.accounts.add({ provider: 'ovh', label: 'OVH EU', endpoint: 'custom', customBaseUrl: fixture.ovh.baseUrl, auth })
    ).id;
    secure = fixture.ovh.addService({ serviceName: 'ldp-sbg-secure-03', displayName: 'Security logs', isIamEnabled: true });
    fixture.ovh.grantLdpAccess({ login: 'shipper', services: [secure.serviceName] });
  });
  afterEach(async () => {
    await fixture.t.cleanup();
    await fixture.ovh.close();
  });
  return fixture;
}
