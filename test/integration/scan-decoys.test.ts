/**
 * A hostile repository hides a real leaked LogScale token behind decoys: 16 `<id>~junk` strings
 * with the real token's id (as many as a scan keeps per token) in a file read before the real
 * value. The exact value, matched by fingerprint, is never dropped for them: the scan still finds
 * the live token. (Before: the real value was dropped, the scan reported nothing and said nothing.
 * Found by the fifth review of issue 23.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { createTestCore, type TestCore } from '../support/core';

describe('decoys before a real value', () => {
  let emulator: LogScaleEmulator;
  let t: TestCore;
  let accountId: string;
  let root: string;
  beforeEach(async () => {
    emulator = await startLogScaleEmulator();
    t = await createTestCore();
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: emulator.baseUrl, token: emulator.adminToken })).id;
    root = mkdtempSync(join(tmpdir(), 'tokendesk-scan-decoys-'));
  });
  afterEach(async () => {
    rmSync(root, { recursive: true, force: true });
    await t.cleanup();
    await emulator.close();
  });

  it('do not hide it', async () => {
    const live = await t.core.tokens.create(accountId, {
      provider: 'logscale',
      kind: 'system',
      name: 'ci-deploy',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'duration', amount: 30, unit: 'days' },
    });
    const id = live.secret.split('~')[0]!;
    writeFileSync(join(root, 'a-decoys.txt'), Array.from({ length: 16 }, (_, i) => `X=${id}~${'Q'.repeat(40)}${String(i).padStart(4, '0')}`).join('\n') + '\n');
    writeFileSync(join(root, 'b-real.env'), `TOKEN=${live.secret}\n`);
    const report = await t.core.scan.run({ paths: [root] });
    expect(report.live).toBe(1);
    expect(report.hits.map((h) => h.token.name)).toEqual(['ci-deploy']);
  });
});
