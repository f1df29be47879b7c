import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/core/errors';
import { createOvhClient, OVH_ACCESS_RULES, requestConsumerKey, waitForValidation } from '../../../main/core/providers/ovh';
import { failure, FAST, useEmulator } from './helpers';

const emulator = useEmulator({ knobs: { operationDelayMs: 30 } });

describe('OVH consumer-key onboarding', () => {
  it.each(['any', 'segment'] as const)(
    'requests a key with the minimal rules, waits for the user to accept, and the key works (wildcard %s)',
    async (ruleWildcard) => {
      const emu = await emulator.start({ knobs: { ruleWildcard } });
      const service = emu.addService({ tokens: 2 });
      const { applicationKey, applicationSecret } = emu.credentials;

      const request = await requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey, redirection: 'https://tokendesk.invalid/connected' });
      expect(request.state).toBe('pendingValidation');
      expect(request.consumerKey).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(request.validationUrl).toMatch(new RegExp(`^${emu.origin}/auth/\\?credentialToken=[a-z0-9]{64}$`));
      const sent = emu.apiRequests({ path: '/auth/credential' })[0]!;
      expect(sent.method).toBe('POST');
      expect(sent.headers['x-ovh-application']).toBe(applicationKey);
      expect(sent.headers['x-ovh-signature']).toBeUndefined();
      expect(sent.headers['x-ovh-consumer']).toBeUndefined();
      expect(JSON.parse(sent.body)).toEqual({ accessRules: OVH_ACCESS_RULES, redirection: 'https://tokendesk.invalid/connected' });

      // The user opens the link in a browser and accepts, after the app has seen the key pending once.
      const pendingChecks: number[] = [];
      let accepted: Promise<Response> | undefined;
      const info = await waitForValidation({
        endpoint: { baseUrl: emu.baseUrl },
        applicationKey,
        applicationSecret,
        consumerKey: request.consumerKey,
        intervalMs: 10,
        onPending: (n) => {
          pendingChecks.push(n);
          accepted ??= fetch(request.validationUrl).then(() =>
            fetch(request.validationUrl, { method: 'POST', body: new URLSearchParams({ action: 'accept' }), redirect: 'manual' }),
          );
        },
      });
      expect((await accepted!).status).toBe(303);
      expect(pendingChecks[0]).toBe(1);
      expect(info.status).toBe('validated');
      expect(info.rules).toEqual(OVH_ACCESS_RULES);

      // Every route the app uses is granted by those rules.
      emu.clearLog();
      const client = createOvhClient({
        endpoint: { baseUrl: emu.baseUrl },
        auth: { mode: 'consumer-key', applicationKey, applicationSecret, consumerKey: request.consumerKey },
        ...FAST,
      });
      const all = await client.listAccountTokens();
      expect(all[0]!.status === 'ok' && all[0]!.tokens).toHaveLength(2);
      await client.listClusters(service.serviceName);
      await client.getUrls(service.serviceName);
      const created = await client.createToken(service.serviceName, { name: 'onboarded' });
      await client.deleteToken(service.serviceName, created.tokenId);
      expect((await client.currentCredential()).status).toBe('validated');
      const calls = emu.apiRequests();
      expect(
        new Set(
          calls.map((r) =>
            r.path
              .split('?')[0]!
              .replace(/[0-9a-f-]{36}/g, '{id}')
              .replace(service.serviceName, '{sn}'),
          ),
        ),
      ).toEqual(
        new Set([
          '/auth/time',
          '/dbaas/logs',
          '/dbaas/logs/{sn}',
          '/dbaas/logs/{sn}/token',
          '/dbaas/logs/{sn}/token/{id}',
          '/dbaas/logs/{sn}/cluster',
          '/dbaas/logs/{sn}/cluster/{id}',
          '/dbaas/logs/{sn}/url',
          '/dbaas/logs/{sn}/operation/{id}',
          '/auth/currentCredential',
        ]),
      );
      expect(calls.filter((r) => r.status !== 200)).toEqual([]);
    },
  );

  it('also waits when OVHcloud answers INVALID_SIGNATURE for a pending key (php-ovh#62)', async () => {
    const emu = await emulator.start({ knobs: { pendingCredentialError: 'INVALID_SIGNATURE' } });
    const { applicationKey, applicationSecret } = emu.credentials;
    const { consumerKey } = await requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey });
    const info = await waitForValidation({
      endpoint: { baseUrl: emu.baseUrl },
      applicationKey,
      applicationSecret,
      consumerKey,
      intervalMs: 10,
      onPending: (n) => n === 2 && emu.validateConsumerKey(consumerKey),
    });
    expect(info.status).toBe('validated');
    const checks = emu.apiRequests({ path: '/auth/currentCredential' }).map((r) => r.status);
    expect(checks).toEqual([400, 400, 200]);
    // A pending key is not a clock problem: the server time was read once, not after every refusal.
    expect(emu.apiRequests({ path: '/auth/time' })).toHaveLength(1);
  });

  it('gives up on a key that is never accepted, with a clear error', async () => {
    const emu = await emulator.start();
    const { applicationKey, applicationSecret } = emu.credentials;
    const { consumerKey, validationUrl } = await requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey });
    await fetch(validationUrl, { method: 'POST', body: new URLSearchParams({ action: 'refuse' }) });
    const error = await failure<AppError>(
      waitForValidation({ endpoint: { baseUrl: emu.baseUrl }, applicationKey, applicationSecret, consumerKey, intervalMs: 10, timeoutMs: 60 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('The consumer key was not validated within 60 ms. Open the validation link again, or start the connection over.');
  });

  it('can be cancelled while waiting', async () => {
    const emu = await emulator.start();
    const { applicationKey, applicationSecret } = emu.credentials;
    const { consumerKey } = await requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey });
    const controller = new AbortController();
    const error = await failure(
      waitForValidation({
        endpoint: { baseUrl: emu.baseUrl },
        applicationKey,
        applicationSecret,
        consumerKey,
        intervalMs: 10,
        signal: controller.signal,
        onPending: () => controller.abort(new Error('user closed the dialog')),
      }),
    );
    expect((error as Error).message).toBe('user closed the dialog');
  });

  it('explains an unknown application key at the request step', async () => {
    const emu = await emulator.start();
    const error = await failure<AppError>(requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey: 'nope' }));
    expect(error.code).toBe('auth');
    expect(error.provider).toMatchObject({ errorClass: 'INVALID_KEY', status: 403, path: 'POST /auth/credential' });
    expect((await failure<AppError>(requestConsumerKey({ endpoint: { baseUrl: emu.baseUrl }, applicationKey: ' ' }))).code).toBe('invalid-input');
  });
});
