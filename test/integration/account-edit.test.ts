/**
 * Editing an account (label, URL, credentials) and adding one tested first, on a real core against
 * the LogScale and OVHcloud emulators: a new URL or credential is tried before it is saved, and a
 * refused one changes nothing; once saved, the next sync signs in with it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';

describe('account edit and tested add', () => {
  let ls: LogScaleEmulator;
  let ovh: OvhEmulator;
  let t: TestCore;
  let accountId: string;

  beforeEach(async () => {
    ls = await startLogScaleEmulator();
    ovh = await startOvhEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
  });
  afterEach(async () => {
    await t.cleanup();
    await ls.close();
    await ovh.close();
  });

  it('renames an account, and refuses a name another account has', async () => {
    await t.core.accounts.add({ provider: 'logscale', label: 'Staging', baseUrl: ls.baseUrl, token: ls.adminToken });
    expect(await t.core.accounts.update(accountId, { label: 'Production' })).toMatchObject({ label: 'Production' });
    const before = await t.snapshot();
    await expect(t.core.accounts.update(accountId, { label: 'staging' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await t.snapshot()).toEqual(before);
    expect((await t.core.audit.entries()).filter((e) => e.action === 'account-updated').map((e) => e.note)).toEqual(['label']);
  });

  it('a new credential that LogScale refuses is not saved; one it accepts is, and the next sync signs in with it', async () => {
    const before = await t.snapshot();
    await expect(
      t.core.accounts.update(
        accountId,
        { credentials: { provider: 'logscale', token: 'AbCdEfGhIjKlMnOpQrStUvWx~nope0123456789nope0123456789nope01234567' } },
        { test: true },
      ),
    ).rejects.toMatchObject({ code: 'auth' });
    expect(await t.snapshot()).toEqual(before);

    await t.core.tokens.sync();
    const other = ls.addUser('deploy-bot', { root: true });
    await t.core.accounts.update(accountId, { credentials: { provider: 'logscale', token: other.token } }, { test: true });
    expect(JSON.parse((await t.secret(`account:${accountId}`))!)).toEqual({ token: other.token });
    ls.clearRequests();
    await t.core.tokens.sync();
    expect(t.core.syncStates.get(accountId)).toMatchObject({ state: 'ok' });
    // The client was built again: requests now authenticate with the new token.
    expect(new Set(ls.requests.filter((r) => r.path === '/graphql').map((r) => r.tokenId))).toEqual(new Set([other.token.split('~')[0]]));
  });

  it('a URL change is tested too; a region account has no URL to change', async () => {
    // A new address comes with its credential (account-moved-url.test.ts): the stored one is not sent there.
    await expect(
      t.core.accounts.update(accountId, { baseUrl: 'http://127.0.0.1:9', credentials: { provider: 'logscale', token: ls.adminToken } }, { test: true }),
    ).rejects.toMatchObject({ code: 'unreachable' });
    expect((await t.core.accounts.list())[0]!.connection).toMatchObject({ baseUrl: ls.baseUrl });
    const eu = await t.core.accounts.add({
      provider: 'ovh',
      label: 'OVH EU',
      endpoint: 'ovh-eu',
      auth: { mode: 'consumer-key', applicationKey: 'AK', applicationSecret: 'AS-secret', consumerKey: 'CK-secret' },
    });
    await expect(t.core.accounts.update(eu.id, { customBaseUrl: ovh.baseUrl })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('ovh-eu endpoint'),
    });
  });

  it('an OVHcloud account moves from a consumer key to a service account (the client id comes with the secret)', async () => {
    const c = ovh.credentials;
    const id = (await t.core.accounts.add({ provider: 'ovh', label: 'OVH', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() })).id;
    expect(await t.core.accounts.test(id)).toMatchObject({ detail: expect.stringContaining('consumer key') }); // its client is built and kept
    const edited = await t.core.accounts.update(
      id,
      { credentials: { provider: 'ovh', mode: 'oauth2', clientId: c.clientId, clientSecret: c.clientSecret } },
      { test: true },
    );
    expect(edited.connection).toMatchObject({ authMode: 'oauth2', appId: c.clientId });
    expect(await t.core.accounts.test(id)).toMatchObject({ detail: expect.stringContaining('service account') });
  });

  it('adding with a test: refused credentials add nothing', async () => {
    const before = await t.snapshot();
    await expect(
      t.core.accounts.add(
        { provider: 'logscale', label: 'Broken', baseUrl: ls.baseUrl, token: 'AbCdEfGhIjKlMnOpQrStUvWx~wrong0123456789wrong0123456789wrong012345' },
        { test: true },
      ),
    ).rejects.toMatchObject({ code: 'auth' });
    expect(await t.snapshot()).toEqual(before);
    expect(await t.core.accounts.add({ provider: 'logscale', label: 'Works', baseUrl: ls.baseUrl, token: ls.adminToken }, { test: true })).toMatchObject({
      label: 'Works',
    });
  });
});
