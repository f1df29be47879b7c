/**
 * An account's address changed to another server: the stored credential must not follow it. The
 * new address is a recording proxy on loopback (another origin, in front of the same emulator, so a
 * re-entered credential really works there): without the credential in the edit, `accounts:check`
 * and `accounts:update` (the handler table) and `tokendesk accounts edit --url` (with and without
 * --no-test) send it nothing at all (no Authorization, no X-Ovh-Consumer or signature), refuse on
 * the credential field, and change nothing; with the credential given again, it works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createRecordingPlatform } from '../harness/recording-platform';
import { cliRunner } from '../support/cli';
import { createTestCore, type TestCore } from '../support/core';
import { requireSecretService } from '../support/keychain';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const SENTENCE = 'A new address needs its credential entered again: Tokendesk does not send the stored one to another server.';

describe('accounts:check and accounts:update with a new address', () => {
  let ls: LogScaleEmulator;
  let ovh: OvhEmulator;
  let lsElsewhere: RecordingProxy;
  let ovhElsewhere: RecordingProxy;
  let t: TestCore;
  let handlers: Handlers;
  let lsId: string;
  let ovhId: string;

  beforeEach(async () => {
    ls = await startLogScaleEmulator();
    ovh = await startOvhEmulator();
    lsElsewhere = await startRecordingProxy(ls.baseUrl);
    ovhElsewhere = await startRecordingProxy(ovh.baseUrl);
    t = await createTestCore();
    handlers = createHandlers(t.core, createRecordingPlatform());
    lsId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: ls.baseUrl, token: ls.adminToken })).id;
    ovhId = (await t.core.accounts.add({ provider: 'ovh', label: 'OVH', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() })).id;
  });
  afterEach(async () => {
    await t.cleanup();
    await lsElsewhere.close();
    await ovhElsewhere.close();
    await ls.close();
    await ovh.close();
  });

  it('LogScale: without the token, the new server receives nothing and the token field says why; with it, check and save work', async () => {
    const before = await t.snapshot();
    for (const channel of ['accounts:check', 'accounts:update'] as const) {
      const payload =
        channel === 'accounts:check'
          ? { target: 'existing', id: lsId, change: { baseUrl: lsElsewhere.baseUrl } }
          : { id: lsId, change: { baseUrl: lsElsewhere.baseUrl } };
      expect(await handlers[channel](payload), channel).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: SENTENCE, issues: [`credentials.token: ${SENTENCE}`] },
      });
    }
    expect(lsElsewhere.received).toEqual([]);
    expect(await t.snapshot()).toEqual(before);

    const credentials = { provider: 'logscale', token: ls.adminToken };
    expect(await handlers['accounts:check']({ target: 'existing', id: lsId, change: { baseUrl: lsElsewhere.baseUrl, credentials } })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    expect(await handlers['accounts:update']({ id: lsId, change: { baseUrl: lsElsewhere.baseUrl, credentials } })).toMatchObject({
      ok: true,
      value: { connection: { baseUrl: lsElsewhere.baseUrl } },
    });
    expect(new Set(lsElsewhere.received.flatMap((r) => r.headers.authorization ?? []))).toEqual(new Set([`Bearer ${ls.adminToken}`]));
    // The same server at another path is no new origin: the stored credential may go there.
    expect(await handlers['accounts:check']({ target: 'existing', id: lsId, change: { baseUrl: `${lsElsewhere.baseUrl}/` } })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
  });

  it('OVHcloud: without the secrets, the new API receives no signed call; the secret fields say why; with them, check and save work', async () => {
    const before = await t.snapshot();
    const issues = [`credentials.applicationSecret: ${SENTENCE}`, `credentials.consumerKey: ${SENTENCE}`];
    expect(await handlers['accounts:check']({ target: 'existing', id: ovhId, change: { customBaseUrl: ovhElsewhere.baseUrl } })).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: SENTENCE, issues },
    });
    expect(await handlers['accounts:update']({ id: ovhId, change: { customBaseUrl: ovhElsewhere.baseUrl } })).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: SENTENCE, issues },
    });
    expect(ovhElsewhere.received).toEqual([]);
    expect(ovhElsewhere.received.some((r) => r.headers['x-ovh-consumer'] ?? r.headers['x-ovh-signature'])).toBe(false);
    expect(await t.snapshot()).toEqual(before);

    const credentials = { provider: 'ovh', ...ovh.consumerKeyAuth() };
    expect(await handlers['accounts:check']({ target: 'existing', id: ovhId, change: { customBaseUrl: ovhElsewhere.baseUrl, credentials } })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    expect(await handlers['accounts:update']({ id: ovhId, change: { customBaseUrl: ovhElsewhere.baseUrl, credentials } })).toMatchObject({
      ok: true,
      value: { connection: { baseUrl: ovhElsewhere.baseUrl } },
    });
    expect(ovhElsewhere.received.some((r) => r.headers['x-ovh-consumer'] === ovh.consumerKeyAuth().consumerKey)).toBe(true);
  });
});

describe('tokendesk accounts edit --url', () => {
  let ls: LogScaleEmulator;
  let elsewhere: RecordingProxy;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-moved-'));
  const service = `tokendesk-cli-moved-${process.pid}`;
  const cli = cliRunner(dataDir, service);

  beforeAll(async () => {
    requireSecretService();
    ls = await startLogScaleEmulator();
    elsewhere = await startRecordingProxy(ls.baseUrl);
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', ls.baseUrl], `${ls.adminToken}\n`)).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await elsewhere.close();
    await ls.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without --credential: exit 2, says to give it, the new server receives nothing, nothing changes (tested or not)', async () => {
    for (const extra of [[], ['--no-test']]) {
      const run = await cli(['accounts', 'edit', 'Prod', '--url', elsewhere.baseUrl, ...extra]);
      expect(run.code, extra.join(' ')).toBe(2);
      expect(run.stderr).toContain(`${SENTENCE} Add --credential and give it on stdin.`);
    }
    expect(elsewhere.received).toEqual([]);
    expect(JSON.parse((await cli(['accounts', 'list', '--json'])).stdout)).toMatchObject([{ connection: { baseUrl: ls.baseUrl } }]);
  });

  it('with --credential: tested at the new address with the token given, then saved', async () => {
    expect(await cli(['accounts', 'edit', 'Prod', '--url', elsewhere.baseUrl, '--credential'], `${ls.adminToken}\n`)).toMatchObject({
      code: 0,
      stdout: 'Account "Prod": URL, credentials changed (tested first).\n',
    });
    expect(new Set(elsewhere.received.flatMap((r) => r.headers.authorization ?? []))).toEqual(new Set([`Bearer ${ls.adminToken}`]));
    expect(JSON.parse((await cli(['accounts', 'list', '--json'])).stdout)).toMatchObject([{ connection: { baseUrl: elsewhere.baseUrl } }]);
  });
});
