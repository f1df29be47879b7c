/**
 * The core services the desktop window needs, through the real handler table over a real core
 * (real keychain, emulators of both platforms):
 *  - a connection tested before saving says what failed: network, TLS, auth or permission;
 *  - an account edited: label, address, credential (vault only), its adapter rebuilt, audited;
 *  - the app lock enforced in main: while locked, reveal, copy and every other action are refused
 *    by the handler table, and a tray copy opens the window to unlock instead of copying;
 *  - a token's details (permission labels, fingerprint id, history) and the audit log searched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrayAction } from '../../main/core/tray/tray-actions';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { OVH_ACCESS_RULES } from '../../main/core/providers/ovh';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { startOvhEmulator, type OvhEmulator } from '../emulators/ovh';
import { createTestCore, type TestCore } from '../support/core';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

/** An HTTPS server with a self-signed certificate (openssl makes it), to meet a real TLS failure. */
function selfSignedServer(): Promise<{ server: Server; url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tokendesk-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' },
  );
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => ready({ server, dir, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

const value = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
};

describe('desk services through the handler table', () => {
  let logscale: LogScaleEmulator;
  let ovh: OvhEmulator;
  let t: TestCore;
  let handlers: Handlers;
  let tls: Awaited<ReturnType<typeof selfSignedServer>>;
  let lsId: string;
  let ovhId: string;

  beforeAll(async () => {
    logscale = await startLogScaleEmulator();
    ovh = await startOvhEmulator({ knobs: { operationDelayMs: 20 } });
    ovh.addService({ tokens: 1, clusters: 1 });
    tls = await selfSignedServer();
    t = await createTestCore({ lockCost: CHEAP });
    handlers = createHandlers(t.core, t.platform);
    lsId = value(await handlers['accounts:add']({ provider: 'logscale', label: 'Prod', baseUrl: logscale.baseUrl, token: logscale.adminToken })).id;
    ovhId = value(
      await handlers['accounts:add']({ provider: 'ovh', label: 'OVH', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: ovh.consumerKeyAuth() }),
    ).id;
  });
  afterAll(async () => {
    await t.cleanup();
    await logscale.close();
    await ovh.close();
    tls.server.close();
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('tests a new account before saving and names what failed: network, TLS, auth, permission; saves nothing', async () => {
    const before = await t.snapshot();
    const check = async (baseUrl: string, token = logscale.adminToken) =>
      value(await handlers['accounts:check']({ target: 'new', account: { provider: 'logscale', label: 'Draft', baseUrl, token } }));
    expect(await check(logscale.baseUrl)).toEqual({ ok: true, detail: expect.stringMatching(/^Connected to LogScale \S+ as admin\.$/) });
    expect(await check('http://127.0.0.1:9')).toMatchObject({ ok: false, kind: 'network', error: { code: 'unreachable' } });
    expect(await check(tls.url)).toMatchObject({
      ok: false,
      kind: 'tls',
      message: expect.stringContaining('certificate'),
      error: { code: 'unreachable', message: expect.stringMatching(/SELF_SIGNED/) },
    });
    expect(await check(logscale.baseUrl, 'not-the-token')).toMatchObject({ ok: false, kind: 'auth', error: { code: 'auth' } });

    // An OVHcloud consumer key that may not read Logs Data Platform: the credential works, the permission is missing.
    const restricted = ovh.consumerKeyAuth();
    ovh.state.credentials.get(restricted.consumerKey)!.rules = OVH_ACCESS_RULES.filter((r) => !r.path.startsWith('/dbaas'));
    const denied = value(
      await handlers['accounts:check']({
        target: 'new',
        account: { provider: 'ovh', label: 'Draft', endpoint: 'custom', customBaseUrl: ovh.baseUrl, auth: restricted },
      }),
    );
    expect(denied).toMatchObject({ ok: false, kind: 'permission', error: { code: 'forbidden', provider: { requestId: expect.any(String) } } });
    ovh.state.credentials.get(restricted.consumerKey)!.rules = [...OVH_ACCESS_RULES];

    expect(await t.snapshot()).toEqual(before);
    expect(JSON.stringify(await check(logscale.baseUrl, 'not-the-token'))).not.toContain('not-the-token');
  });

  it('edits an account: label and credential; the new credential is in the vault only and used at once; audited without it', async () => {
    // The current credential tested with a change that is not saved.
    const draft = value(
      await handlers['accounts:check']({ target: 'existing', id: lsId, change: { credentials: { provider: 'logscale', token: 'a-wrong-token' } } }),
    );
    expect(draft).toMatchObject({ ok: false, kind: 'auth' });
    expect(JSON.parse((await t.secret(`account:${lsId}`))!)).toEqual({ token: logscale.adminToken });

    const clash = await handlers['accounts:update']({ id: lsId, change: { label: 'ovh' } });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict', issues: ['label: is already the name of another account'] } });

    // The admin's token is replaced by a new one (made in LogScale for the same user).
    const fresh = logscale.issueToken({ kind: 'system', name: 'tokendesk-access', permissions: ['ManageOrganizations', 'ReadHealthCheck'] }).secret;
    const updated = value(
      await handlers['accounts:update']({ id: lsId, change: { label: 'Production', credentials: { provider: 'logscale', token: fresh } } }),
    );
    expect(updated).toMatchObject({ id: lsId, label: 'Production', hasCredentials: true });
    expect(JSON.parse((await t.secret(`account:${lsId}`))!)).toEqual({ token: fresh });
    expect(readFileSync(t.storePath, 'utf8')).not.toContain(fresh);
    // The adapter was rebuilt: the connection test now signs in with the new token (a system token, no user).
    expect(value(await handlers['accounts:test']({ id: lsId })).detail).toMatch(/with an organization or system token\.$/);
    const [entry] = (await t.core.audit.entries()).filter((e) => e.action === 'account-updated');
    expect(entry).toMatchObject({ accountId: lsId, note: 'label, credential' });
    expect(readFileSync(join(t.dataDir, 'audit.jsonl'), 'utf8')).not.toContain(fresh);

    // OVHcloud: the address changes, the credential stays.
    const moved = await handlers['accounts:update']({ id: ovhId, change: { baseUrl: 'https://elsewhere.example' } });
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await handlers['accounts:update']({ id: lsId, change: { label: 'Prod', credentials: { provider: 'logscale', token: logscale.adminToken } } });
  });

  it('while locked, main refuses reveal, copy and every action but unlocking; a tray copy opens the window to unlock instead', async () => {
    const account = lsId;
    const created = value(
      await handlers['tokens:create']({
        accountId: account,
        request: { provider: 'logscale', kind: 'system', name: 'locked-out', permissions: ['ReadHealthCheck'], expiry: { kind: 'never' } },
      }),
    );
    const id = created.token!.id;
    value(await handlers['lock:setup']({ method: 'pin', secret: '864208' }));
    // The verifier sits in the vault (the keychain holds only the vault key), and never holds the PIN.
    expect(await t.keychain.get('lock:verifier')).toBeNull();
    expect(await t.secret('lock:verifier')).toMatch(/"hash":/);
    expect(await t.secret('lock:verifier')).not.toContain('864208');
    expect(value(await handlers['lock:lock'](undefined))).toMatchObject({ configured: true, locked: true });

    const writes = t.platform.recorded.clipboardWrites.length;
    for (const [channel, input] of [
      ['tokens:reveal', { id }],
      ['tokens:copy', { id }],
      ['tokens:verify', { id }],
      ['tokens:rotate', { id }],
      ['tokens:detail', { id }],
      ['leak:check', { text: created.secret }],
      ['audit:search', {}],
      ['accounts:update', { id: account, change: { label: 'x' } }],
      ['settings:set', { lockIdleMinutes: 0 }],
      ['lock:disable', { secret: '864208' }],
    ] as const) {
      const answer = await handlers[channel](input as never);
      expect(answer, channel).toMatchObject({
        ok: false,
        error: { code: 'locked', message: 'Tokendesk is locked. Unlock it with your PIN or passphrase first.' },
      });
    }
    expect(value(await handlers['tokens:list'](undefined)).some((x) => x.name === 'locked-out')).toBe(true);

    const shown: string[] = [];
    const navigations: unknown[] = [];
    const stop = t.core.events.subscribe((name, payload) => name === 'ui:navigate' && navigations.push(payload));
    await runTrayAction(t.core, { showWindow: () => void shown.push('show'), quit: () => {} }, { kind: 'copy', tokenId: id });
    stop();
    expect(shown).toEqual(['show']);
    expect(navigations).toEqual([{ view: 'unlock' }]);
    expect(t.platform.recorded.clipboardWrites).toHaveLength(writes);

    expect(await handlers['lock:unlock']({ secret: '000000' })).toMatchObject({ ok: false, error: { code: 'auth' } });
    value(await handlers['lock:unlock']({ secret: '864208' }));
    expect(value(await handlers['tokens:reveal']({ id })).value).toBe(created.secret);
    value(await handlers['lock:disable']({ secret: '864208' }));
    expect(await t.secret('lock:verifier')).toBeNull();
  });

  it('a token in full: permission labels, fingerprint id, history; the audit log searched by words and account label', async () => {
    const created = value(
      await handlers['tokens:create']({
        accountId: lsId,
        request: { provider: 'logscale', kind: 'organization', name: 'detail-probe', permissions: ['ViewUsage'], expiry: { kind: 'never' } },
      }),
    );
    const id = created.token!.id;
    await handlers['tokens:copy']({ id });
    const detail = value(await handlers['tokens:detail']({ id }));
    expect(detail.permissions).toEqual([{ name: 'ViewUsage', label: 'View usage' }]);
    const record = t.core.tokens.require(id);
    expect(detail.fingerprintId).toBe(record.fingerprint!.slice(0, 12));
    expect(detail.history.map((e) => e.action)).toEqual(['token-copied', 'token-created']);
    expect(JSON.stringify(detail)).not.toContain(created.secret);

    const found = value(await handlers['audit:search']({ text: 'created detail-probe' }));
    expect(found.entries.map((e) => e.tokenName)).toEqual(['detail-probe']);
    expect(found.total).toBeGreaterThan(found.matched);
    const byLabel = value(await handlers['audit:search']({ text: 'prod copied', limit: 1 }));
    expect(byLabel).toMatchObject({ entries: [{ action: 'token-copied', tokenName: 'detail-probe' }] });
    expect(byLabel.matched).toBeGreaterThanOrEqual(1);
  });
});
