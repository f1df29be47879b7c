/** LogScale reads are retried (5xx, 429, resets); mutations never are. Counted at the emulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogScaleClient, retryingFetch } from '../../../main/core/providers/logscale';
import { startLogScaleEmulator, type LogScaleEmulator } from '../../emulators/logscale';

describe('LogScale retries', () => {
  let emulator: LogScaleEmulator;
  const client = () =>
    createLogScaleClient({
      baseUrl: emulator.baseUrl,
      token: emulator.adminToken,
      fetch: retryingFetch((i, init) => fetch(i, init), { sleep: async () => undefined }),
    });
  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('a listing that meets a 503 and a reset is sent again and succeeds', async () => {
    emulator.seedTokens(3);
    emulator.queueFaults({ kind: 'server-error', status: 503, operation: 'ListTokens' }, { kind: 'reset', operation: 'ListTokens' });
    const listed = await client().tokens.list();
    expect(listed.tokens).toHaveLength(3);
    expect(emulator.operations('ListTokens')).toHaveLength(3);
  });

  it('a create that meets a 503 is NOT sent again', async () => {
    emulator.queueFaults({ kind: 'server-error', status: 503, operation: 'CreateSystemToken' });
    await expect(
      client().tokens.create({ kind: 'system', name: 'once', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } }, { policies: null }),
    ).rejects.toMatchObject({ code: 'provider' });
    expect(emulator.operations('CreateSystemToken')).toHaveLength(1);
  });

  it('a delete that meets a 503 is NOT sent again', async () => {
    const { token } = emulator.issueToken({ kind: 'system', name: 'x', permissions: [] as never });
    emulator.queueFaults({ kind: 'server-error', status: 503, operation: 'DeleteToken' });
    await expect(client().tokens.delete({ kind: 'system', id: token.id })).rejects.toMatchObject({ code: 'provider' });
    expect(emulator.operations('DeleteToken')).toHaveLength(1);
  });

  it('a read that keeps failing gives up, bounded, with the provider status', async () => {
    emulator.queueFaults(...Array.from({ length: 10 }, () => ({ kind: 'server-error' as const, status: 503, operation: 'ListTokens' as const })));
    await expect(client().tokens.list()).rejects.toMatchObject({ code: 'provider', provider: { status: 503 } });
    expect(emulator.operations('ListTokens')).toHaveLength(4);
  });
});
