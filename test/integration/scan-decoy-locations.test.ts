/**
 * Decoys that fill the per-token location budget (1,005 places of 15 `<id>~junk` strings) before
 * the real value: the real value's first place takes one of theirs, so the report says where the
 * live token is. (Before: the hit had no location. Found by the sixth review of issue 23.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

describe('decoys filling the location budget', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  let root: string;
  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
    root = mkdtempSync(join(tmpdir(), 'tokendesk-scan-decoy-places-'));
  });
  afterEach(async () => {
    rmSync(root, { recursive: true, force: true });
    await t.cleanup();
    await emulator.close();
  });

  it('leave the real place in the report', async () => {
    const live = await t.core.tokens.create(accountId, {
      provider: 'logscale',
      kind: 'system',
      name: 'ci-deploy',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'duration', amount: 30, unit: 'days' },
    });
    const id = live.secret.split('~')[0]!;
    writeFileSync(
      join(root, 'a-decoys.txt'),
      Array.from({ length: 1005 }, (_, i) => `X=${id}~${'Q'.repeat(40)}${String(i % 15).padStart(4, '0')}`).join('\n') + '\n',
    );
    writeFileSync(join(root, 'b-real.env'), `TOKEN=${live.secret}\n`);
    const report = await t.core.scan.run({ paths: [root] });
    expect(report.live).toBe(1);
    expect(report.hits[0]!.locations.length).toBeGreaterThan(0);
    expect(report.hits.map((h) => h.token.name)).toEqual(['ci-deploy']);
  });
});
