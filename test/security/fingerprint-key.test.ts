/**
 * The fingerprint key (the per-install HMAC-SHA-256 key that makes leak matching possible without
 * reading stored values): it never reaches disk in plaintext, and no two profiles share it.
 *
 * What must hold wherever the key is kept (in the profile's encrypted vault file):
 * after the flows that use it (LDP tokens synced with their values, a LogScale token created,
 * copied, revealed, leak-checked and revoked), no file of the profile folder holds the key's 32
 * bytes raw, in base64 (padded or not), base64url, or hex (either case). The one line that knows
 * where the key lives is `fingerprintKeyOf`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../main/core/tokens/fingerprint';
import { FINGERPRINT_KEY_ITEM } from '../../main/core/vault/vault-keys';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';
import { listFiles } from './support';

/** The profile's key, read where the app keeps it: the vault file, decrypted with the keychain's key. */
const fingerprintKeyOf = async (t: TestCore): Promise<Buffer> => Buffer.from((await t.secret(FINGERPRINT_KEY_ITEM))!, 'base64');

/** Every way 32 bytes could be written down, each as the bytes a file would hold. */
function keyForms(key: Buffer): Array<[string, Buffer]> {
  const forms: Array<[string, string | Buffer]> = [
    ['raw', key],
    ['base64', key.toString('base64')],
    ['base64 unpadded', key.toString('base64').replace(/=+$/, '')],
    ['base64url', key.toString('base64url')],
    ['hex', key.toString('hex')],
    ['HEX', key.toString('hex').toUpperCase()],
  ];
  return forms.map(([name, form]) => [name, Buffer.isBuffer(form) ? form : Buffer.from(form, 'latin1')]);
}

/** Files under `dir` holding the key in any form, as `file: form`. */
function keyHits(dir: string, key: Buffer): string[] {
  const forms = keyForms(key);
  return listFiles(dir).flatMap((file) => {
    const bytes = readFileSync(file);
    return forms.filter(([, form]) => bytes.includes(form)).map(([name]) => `${file.slice(dir.length + 1)}: ${name}`);
  });
}

describe('the fingerprint key', () => {
  let ovh: OvhEmulator;
  let logscale: LogScaleEmulator;
  const profiles: Array<{ t: TestCore; handlers: Handlers }> = [];
  let serviceName: string;

  const ok = async <T = unknown>(handlers: Handlers, channel: keyof Handlers, input?: unknown): Promise<T> => {
    const result = await handlers[channel](input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };

  beforeAll(async () => {
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    logscale = await startLogScaleEmulator();
    serviceName = ovh.addService({ tokens: 2, clusters: 1 }).serviceName;
    for (let i = 0; i < 2; i += 1) {
      const t = await createTestCore();
      const handlers = createHandlers(t.core, t.platform);
      profiles.push({ t, handlers });
      // Both profiles manage the same OVHcloud account: the same LDP values reach both.
      await ok(handlers, 'accounts:add', { provider: 'ovh', label: 'OVH', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() });
      await ok(handlers, 'tokens:sync');
    }
    // The first profile also goes through every use of the key.
    const { handlers } = profiles[0]!;
    const account = await ok<{ id: string }>(handlers, 'accounts:add', {
      provider: 'logscale',
      label: 'LogScale',
      baseUrl: logscale.baseUrl,
      token: logscale.adminToken,
    });
    const created = await ok<{ secret: string; token: { id: string } }>(handlers, 'tokens:create', {
      accountId: account.id,
      request: {
        provider: 'logscale',
        kind: 'system',
        name: 'fp-probe',
        permissions: ['ReadHealthCheck'],
        expiry: { kind: 'duration', amount: 7, unit: 'days' },
      },
    });
    await ok(handlers, 'tokens:copy', { id: created.token.id });
    await ok(handlers, 'tokens:reveal', { id: created.token.id });
    const leak = await ok<{ found: boolean; caseId: string }>(handlers, 'leak:check', { text: `Authorization: Bearer ${created.secret}` });
    expect(leak.found).toBe(true);
    await ok(handlers, 'leak:revoke', { caseId: leak.caseId, confirmName: 'fp-probe' });
    await profiles[0]!.t.core.shutdown();
  });

  afterAll(async () => {
    for (const { t } of profiles) await t.cleanup();
    await ovh?.close();
    await logscale?.close();
  });

  it('the scan finds the key planted in each form (so finding none means something)', async () => {
    const key = await fingerprintKeyOf(profiles[0]!.t);
    const dir = mkdtempSync(join(tmpdir(), 'tokendesk-key-scan-'));
    try {
      for (const [name, form] of keyForms(key)) writeFileSync(join(dir, `${name}.bin`), Buffer.concat([Buffer.from('{"x":"'), form, Buffer.from('"}')]));
      // Each planted file is found in its own form (a padded base64 also holds the unpadded one).
      expect(keyHits(dir, key)).toEqual(expect.arrayContaining(keyForms(key).map(([name]) => `${name}.bin: ${name}`)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is 32 random bytes, stable within a profile, never written in plaintext to any file of it', async () => {
    for (const { t } of profiles) {
      const key = await fingerprintKeyOf(t);
      expect(key).toHaveLength(32);
      expect((await fingerprintKeyOf(t)).equals(key)).toBe(true);
      const files = listFiles(t.dataDir).map((f) => f.slice(t.dataDir.length + 1));
      expect(files).toEqual(expect.arrayContaining(['tokendesk.json', 'audit.jsonl']));
      expect(keyHits(t.dataDir, key)).toEqual([]);
    }
  });

  it('differs between two profiles, so one value has a different fingerprint in each', async () => {
    const [a, b] = await Promise.all(profiles.map(({ t }) => fingerprintKeyOf(t)));
    expect(a!.equals(b!)).toBe(false);
    const ldpValue = [...ovh.state.services.get(serviceName)!.tokens.values()][0]!.value;
    const [printA, printB] = [fingerprint(a!, ldpValue), fingerprint(b!, ldpValue)];
    expect(printA).not.toBe(printB);
    // Each profile keeps its own fingerprint of the shared value (keyed, not secret), never the other's.
    const text = (t: TestCore): string =>
      listFiles(t.dataDir)
        .map((f) => readFileSync(f, 'latin1'))
        .join('\n');
    const [textA, textB] = profiles.map(({ t }) => text(t));
    expect([textA!.includes(printA), textA!.includes(printB)]).toEqual([true, false]);
    expect([textB!.includes(printB), textB!.includes(printA)]).toEqual([true, false]);
    // And the other profile's key is in neither folder either.
    expect(keyHits(profiles[0]!.t.dataDir, b!)).toEqual([]);
    expect(keyHits(profiles[1]!.t.dataDir, a!)).toEqual([]);
  });
});
