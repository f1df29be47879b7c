/**
 * The handler table over a real core (real keychain, real store file): every channel has one
 * handler, good input works, and malformed input is refused with a structured error that names
 * the problem, never repeats a secret, and changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers';
import { channels } from '../../preload/contract';
import { createRecordingPlatform } from '../harness/recording-platform';
import { createTestCore, type TestCore } from '../support/core';

const SECRET = 'sup3r-s3cret-token-value';
const goodLogScale = { provider: 'logscale', label: 'Prod', baseUrl: 'https://logscale.example.com', token: SECRET };
const goodOvh = {
  provider: 'ovh',
  label: 'OVH EU',
  endpoint: 'ovh-eu',
  auth: { mode: 'consumer-key', applicationKey: 'AK123', applicationSecret: SECRET, consumerKey: 'CK-secret-1' },
};

/** Payloads a confused or hostile renderer could send, per channel. */
const MALFORMED: Record<string, unknown[]> = {
  'app:info': [{ extra: 1 }, 'text', 42],
  'app:forgetLostValues': [{ extra: 1 }, 'text', 42],
  'app:openLink': [undefined, { link: 'https://evil.example' }, { link: 'ovh-create-app-eu', extra: true }, { link: 42 }],
  'accounts:list': [{ all: true }, [], null],
  'accounts:add': [
    undefined,
    null,
    [],
    'ovh',
    { ...goodLogScale, provider: 'github' },
    { ...goodLogScale, baseUrl: 'not a url' },
    { ...goodLogScale, baseUrl: 'javascript:alert(1)' },
    { ...goodLogScale, label: '' },
    { ...goodLogScale, label: 'x'.repeat(101) },
    { ...goodLogScale, token: 'x'.repeat(5000) },
    { ...goodLogScale, token: 12345 },
    { ...goodLogScale, extra: 'field' },
    JSON.parse(`{"provider":"logscale","label":"P","baseUrl":"https://a.example","token":"${SECRET}","__proto__":{"polluted":true}}`),
    { ...goodOvh, endpoint: 'custom' },
    { ...goodOvh, auth: { ...goodOvh.auth, mode: 'password' } },
    { ...goodOvh, auth: { mode: 'oauth2', clientId: 'id' } },
  ],
  'accounts:remove': [undefined, {}, { id: '../../etc' }, { id: 'a'.repeat(65) }, { id: 'ok', more: 1 }],
  'accounts:test': [undefined, { id: '' }],
  'accounts:ovhRequestKey': [
    undefined,
    { label: 'x', endpoint: 'ovh-eu', applicationKey: 'AK' },
    { label: 'x', endpoint: 'custom', applicationKey: 'AK', applicationSecret: SECRET },
    { label: 'x', endpoint: 'ovh-mars', applicationKey: 'AK', applicationSecret: SECRET },
  ],
  'accounts:ovhFinishKey': [undefined, { pendingId: '' }, { pendingId: 'a', wait: 1 }],
  'accounts:ovhCancelKey': [{}],
  'tokens:list': [{ page: 2 }],
  'tokens:sync': [{ accountId: '../x' }, { accountId: 'a', force: true }, 'all'],
  'tokens:syncStatus': [{ accountId: 'a' }],
  'tokens:create': [
    undefined,
    { accountId: 'a' },
    { accountId: 'a', request: { provider: 'ovh', serviceName: 'ldp-xx-1', name: '' } },
    { accountId: 'a', request: { provider: 'ovh', serviceName: 'ldp-xx-1', name: 'n', clusterId: 'not-a-uuid' } },
    // OVHcloud IAM personal access tokens
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', name: 'n' } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: '', name: 'n' } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: '  ' } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', user: 'alice', name: 'n' } },
    {
      accountId: 'a',
      request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', expiresAt: '2030-01-01T00:00:00Z', expiresIn: 3600 },
    },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', expiresAt: 'next week' } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', expiresIn: 1.5 } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', expiresIn: -60 } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', expiresIn: 400_000_000 } },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', description: 'd'.repeat(501) } },
    {
      accountId: 'a',
      request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', clusterId: '9b2d7a52-1111-4c1e-8c4c-0a1b2c3d4e5f' },
    },
    {
      accountId: 'a',
      request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'alice', name: 'n', token: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' },
    },
    { accountId: 'a', request: { provider: 'ovh', kind: 'iam-user', serviceName: 'ldp-xx-1', user: 'alice', name: 'n' } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'root', permissions: [], expiry: { kind: 'never' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: ['Read Repo'], expiry: { kind: 'never' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: [], expiry: { kind: 'duration', amount: -1, unit: 'days' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: [], expiry: { kind: 'duration', amount: Number.NaN, unit: 'days' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: [], expiry: { kind: 'duration', amount: 1.5, unit: 'weeks' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: [], expiry: { kind: 'date', at: 'tomorrow' } } },
    { accountId: 'a', request: { provider: 'logscale', kind: 'system', permissions: Array(201).fill('ReadAccess'), expiry: { kind: 'never' } } },
  ],
  'tokens:createOptions': [undefined, { accountId: '' }, { accountId: 'a', kind: 'system' }],
  'tokens:rotate': [undefined, {}, { id: 1 }],
  'tokens:revoke': [
    { id: 'a' },
    { id: 'a', confirmName: '' },
    { id: 'a', confirmName: true },
    { id: 'a', confirmName: 'x', force: true },
    { id: 'a', confirmName: 'x', revokeAccountCredential: 'yes' },
  ],
  'tokens:copy': [undefined, { id: '' }, { id: ['a'] }],
  'tokens:reveal': [undefined, { tokenId: 'a' }],
  'tokens:verify': [null, { id: 'a b' }],
  'leak:check': [undefined, { text: '' }, { text: 'x'.repeat(20_000) }, { text: 42 }, { clipboard: true }],
  'leak:revoke': [
    { caseId: 'a' },
    { caseId: 'a', confirmName: '' },
    { caseId: '', confirmName: 'x' },
    { caseId: 'a', confirmName: 'x', revokeAccountCredential: false },
  ],
  'leak:prove': [{}, { caseId: '' }, { caseId: 'a', extra: 1 }],
  // Ingest tokens and scanning.
  'tokens:setParser': [
    undefined,
    { id: 'a' },
    { id: 'a', parser: '' },
    { id: 'a', parser: 42 },
    { id: 'a', parser: 'kv', repository: 'x' },
    { id: 'a', parser: 'k\u202Ev' },
  ],
  'scan:pickFolder': [{ path: '/etc' }, 'pick', { title: 'x' }],
  'scan:run': [
    undefined,
    { paths: [] },
    { paths: ['relative/dir'] },
    { paths: ['../../etc'] },
    { paths: ['/tmp/a\u0000b'] },
    { paths: ['/tmp/a\nb'] },
    { paths: ['/' + 'a'.repeat(5000)] },
    { paths: Array(21).fill('/tmp') },
    { paths: ['/tmp'], git: 'yes' },
    { paths: ['/tmp'], maxFileBytes: -1 },
    { paths: ['/tmp'], maxFileBytes: 1.5 },
    { paths: ['/tmp'], follow: true },
    { path: '/tmp' },
  ],
  'audit:export': [undefined, { format: 'xml' }, { format: 'csv', path: '/etc/passwd' }],
  'audit:verify': [{ deep: true }],
  'settings:get': [{ key: 'x' }],
  'settings:set': [
    null,
    { clipboardClearSeconds: 0 },
    { clipboardClearSeconds: 10_000 },
    { clipboardClearSeconds: Number.NaN },
    { alertThresholdsDays: [-1] },
    { alertThresholdsDays: Array(11).fill(1) },
    { maxInFlightPerAccount: 0 },
    { maxInFlightPerAccount: 2.5 },
    { theme: 'dark' },
    { lockIdleMinutes: -1 },
    { lockIdleMinutes: 2000 },
    { lockOnScreenLock: 'yes' },
  ],
  'accounts:check': [
    undefined,
    { target: 'new' },
    { target: 'new', account: { ...goodLogScale, baseUrl: 'ftp://x.example' } },
    { target: 'existing', id: 'a' },
    { target: 'existing', id: 'a', change: { label: '' } },
    { target: 'existing', id: 'a', change: { credentials: { provider: 'logscale', token: '' } } },
    { target: 'somewhere', id: 'a', change: {} },
  ],
  'accounts:update': [
    undefined,
    { id: 'a' },
    { id: 'a', change: { label: 'x'.repeat(101) } },
    { id: 'a', change: { baseUrl: 'javascript:alert(1)' } },
    { id: 'a', change: { endpoint: 'ovh-mars' } },
    { id: 'a', change: { credentials: { provider: 'ovh', mode: 'password', secret: SECRET } } },
    { id: 'a', change: { credentials: { provider: 'logscale', token: SECRET, extra: 1 } } },
    { id: 'a', change: { hasCredentials: false } },
  ],
  'accounts:ovhRenewKey': [undefined, {}, { id: '../x' }],
  'tokens:detail': [undefined, { id: '' }, { id: 'a', history: true }],
  'audit:search': [null, { text: 42 }, { text: 'x'.repeat(201) }, { limit: 0 }, { limit: 1.5 }, { tokenId: '../x' }, { path: '/etc' }],
  'lock:status': [{ secret: 'x' }],
  'lock:setup': [
    undefined,
    { method: 'pin', secret: '12345' },
    { method: 'pin', secret: '12a456' },
    { method: 'passphrase', secret: 'short' },
    { method: 'fingerprint', secret: '123456' },
    { method: 'pin', secret: '123456', current: '' },
    { method: 'pin', secret: '123456', hint: 'birthday' },
  ],
  'lock:disable': [undefined, {}, { secret: '' }, { secret: 'x'.repeat(257) }],
  'lock:lock': [{ now: true }],
  'lock:unlock': [undefined, { secret: '' }, { secret: 123456 }, { pin: '123456' }],
  'lock:unlockBiometric': [{ reason: 'x' }],
};

describe('handler table', () => {
  let t: TestCore;
  let handlers: Handlers;
  beforeEach(async () => {
    t = await createTestCore();
    handlers = createHandlers(t.core, createRecordingPlatform());
  });
  afterEach(async () => t.cleanup());

  it('has exactly one handler per contract channel, and a malformed-input case for each', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channels].sort());
    expect(Object.keys(MALFORMED).sort()).toEqual([...channels].sort());
  });

  it('adds, lists and removes accounts', async () => {
    const added = await handlers['accounts:add'](goodLogScale);
    expect(added).toMatchObject({ ok: true, value: { label: 'Prod', provider: 'logscale', hasCredentials: true } });
    const listed = await handlers['accounts:list'](undefined);
    expect(listed).toMatchObject({ ok: true, value: [{ label: 'Prod' }] });
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    const id = added.ok ? added.value.id : '';
    expect(await handlers['accounts:remove']({ id })).toEqual({ ok: true, value: { removed: true } });
    expect(await handlers['accounts:list'](undefined)).toEqual({ ok: true, value: [] });
  });

  it('refuses a second account with the same name and changes nothing', async () => {
    await handlers['accounts:add'](goodLogScale);
    const before = await t.snapshot();
    const again = await handlers['accounts:add']({ ...goodLogScale, label: 'prod' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('"prod" already exists') } });
    expect(await t.snapshot()).toEqual(before);
  });

  for (const channel of channels) {
    it(`refuses malformed ${channel} payloads with a structured error and changes nothing`, async () => {
      await handlers['accounts:add'](goodOvh); // some state that must survive
      const before = await t.snapshot();
      for (const payload of MALFORMED[channel]!) {
        const result = await handlers[channel](payload);
        expect(result, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
        if (!result.ok) {
          expect(result.error.message).toMatch(/^The request was not valid: /);
          expect(result.error.issues?.length).toBeGreaterThan(0);
          expect(JSON.stringify(result.error)).not.toContain(SECRET);
        }
      }
      expect(await t.snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  it('names the field and what it expected', async () => {
    const result = await handlers['accounts:add']({ ...goodLogScale, baseUrl: 'not a url', extra: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues).toEqual(expect.arrayContaining(['baseUrl: must be a URL', 'extra: is not an allowed field']));
  });

  // Issue 13 #7: a URL carrying a user name or password would be stored in the metadata store,
  // listed and sent to the window in plaintext.
  it('#7 refuses a URL with a user name or password (LogScale URL, OVH custom endpoint, guided request), without echoing it, and changes nothing', async () => {
    const before = await t.snapshot();
    const urls = [
      'https://admin:hunter2-pw@logscale.example.com',
      'https://admin@logscale.example.com',
      'https://:hunter2-pw@logscale.example.com/1.0',
      'http://admin:hunter2-pw@127.0.0.1:8080',
    ];
    for (const url of urls) {
      const results = [
        await handlers['accounts:add']({ ...goodLogScale, baseUrl: url }),
        await handlers['accounts:add']({ ...goodOvh, endpoint: 'custom', customBaseUrl: url }),
        await handlers['accounts:ovhRequestKey']({ label: 'Guided', endpoint: 'custom', customBaseUrl: url, applicationKey: 'AK', applicationSecret: SECRET }),
      ];
      const field = ['baseUrl', 'customBaseUrl', 'customBaseUrl'];
      results.forEach((result, i) => {
        expect(result, url).toMatchObject({
          ok: false,
          error: { code: 'invalid-input', issues: [`${field[i]}: must not contain a user name or password: give credentials in their own fields`] },
        });
        expect(JSON.stringify(result)).not.toMatch(/hunter2|admin/);
      });
    }
    expect(await t.snapshot()).toEqual(before);
    expect(t.platform.recorded.opened).toEqual([]);
  });

  it('keeps messages short even for a huge unknown field name', async () => {
    const result = await handlers['accounts:add']({ ...goodLogScale, ['k'.repeat(1_000_000)]: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeLessThan(500);
  });

  it('answers an unknown channel with a structured error', async () => {
    expect(await dispatch(handlers, 'secrets:dump', undefined)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await dispatch(handlers, '__proto__', undefined)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('removing an unknown account is a clear not-found', async () => {
    expect(await handlers['accounts:remove']({ id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
