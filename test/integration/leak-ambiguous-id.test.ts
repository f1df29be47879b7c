/**
 * A LogScale id is not proof of whose token it is. Two LogScale servers on loopback, each behind a
 * recording proxy (what each server receives is kept, headers and bodies): "Prod", where a token
 * was made in the console (Tokendesk never held its value), and "Partner", a server the admin also
 * added, which lists a token carrying the same id and, being hostile, accepts the production secret
 * as its own. The leak check, the scan, and the CLI's `leak --revoke --yes` and `scan --revoke --yes`
 * must say "ambiguous", name both accounts, present the pasted secret to neither server and revoke
 * nothing. With the id on one account only, the id match works as before, and only that server sees it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarKeychain } from '../../main/core/vault/keychain';
import { startLogScaleEmulator, type LogScaleEmulator } from '../emulators/logscale';
import { cliRunner } from '../support/cli';
import { createTestCore, type TestCore } from '../support/core';
import { requireSecretService } from '../support/keychain';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

interface Servers {
  prod: LogScaleEmulator;
  partner: LogScaleEmulator;
  /** What reaches Prod. */
  toProd: RecordingProxy;
  /** What reaches Partner. */
  toPartner: RecordingProxy;
  /** The console-made production token: `<id>~<secret>`. */
  leaked: string;
}

/**
 * Prod with a console-made token; Partner listing a token re-keyed to the same id, and a proxy that
 * answers for it whatever secret comes with that id (a hostile server needs no secret to say "yes").
 */
async function startServers(): Promise<Servers> {
  const prod = await startLogScaleEmulator();
  const partner = await startLogScaleEmulator();
  const made = prod.issueToken({ kind: 'organization', name: 'prod-console', permissions: [] as never });
  const id = made.token.id;
  const copy = partner.issueToken({ kind: 'organization', name: 'partner-copy', permissions: [] as never });
  partner.state.tokens.delete(copy.token.id);
  copy.token.id = id;
  partner.state.tokens.set(id, copy.token);
  const partnerOwn = `${id}~${copy.secret.split('~')[1]}`;
  const toPartner = await startRecordingProxy(partner.baseUrl, (h) =>
    h.authorization?.startsWith(`Bearer ${id}~`) ? { ...h, authorization: `Bearer ${partnerOwn}` } : h,
  );
  const toProd = await startRecordingProxy(prod.baseUrl);
  return { prod, partner, toProd, toPartner, leaked: made.secret };
}

async function stopServers(s: Servers): Promise<void> {
  await s.toProd.close();
  await s.toPartner.close();
  await s.prod.close();
  await s.partner.close();
}

/** What LogScale answers to the value, asked directly (not through the recording proxies). */
const status = async (server: LogScaleEmulator, secret: string): Promise<number> =>
  (
    await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{"query":"{ viewer { id } }"}',
    })
  ).status;

const secretPart = (value: string): string => value.split('~')[1]!;

describe('leak and scan: an id that tokens of two accounts carry', () => {
  let s: Servers;
  let t: TestCore;
  let dir: string;

  beforeEach(async () => {
    s = await startServers();
    t = await createTestCore();
    dir = mkdtempSync(join(tmpdir(), 'tokendesk-ambiguous-'));
    // Partner first: it is the first the old matcher took, in sync order.
    await t.core.accounts.add({ provider: 'logscale', label: 'Partner', baseUrl: s.toPartner.baseUrl, token: s.partner.adminToken });
    await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: s.toProd.baseUrl, token: s.prod.adminToken });
    await t.core.tokens.sync();
  });
  afterEach(async () => {
    await t.cleanup();
    await stopServers(s);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the leak check says ambiguous, names both accounts, opens no case and sends the secret to neither server', async () => {
    const check = await t.core.leak.check(`found in a chat: ${s.leaked}`);
    expect(check).toMatchObject({ found: false, caseId: null, ambiguous: { remoteId: s.leaked.split('~')[0] } });
    if (check.found || !check.ambiguous) throw new Error('expected an ambiguous answer');
    expect(check.ambiguous.candidates.map((c) => [c.account.label, c.token.name])).toEqual([
      ['Partner', 'partner-copy'],
      ['Prod', 'prod-console'],
    ]);
    expect(check.message).toMatch(/^Ambiguous: .*“partner-copy” of Partner.*“prod-console” of Prod.*did not present the value/);
    expect(check.message).not.toContain(secretPart(s.leaked));
    expect(s.toPartner.saw(secretPart(s.leaked))).toBe(false);
    expect(s.toProd.saw(secretPart(s.leaked))).toBe(false);
    expect((await t.core.audit.entries()).at(-1)).toMatchObject({
      action: 'leak-reported',
      outcome: 'failed',
      note: 'logscale-token-id-ambiguous 2 tokens 2 accounts',
    });
    // Nothing was revoked: both tokens are listed, and the production secret still works.
    expect(await status(s.prod, s.leaked)).toBe(200);
    expect(s.partner.state.tokens.has(s.leaked.split('~')[0]!)).toBe(true);
  });

  it('the scan reports the value as ambiguous, with where it is, and no case to revoke', async () => {
    writeFileSync(join(dir, 'deploy.env'), `A=1\nLOGSCALE_TOKEN=${s.leaked}\n`);
    const report = await t.core.scan.run({ paths: [dir] });
    expect(report.hits).toEqual([]);
    expect(report.live).toBe(0);
    expect(report.ambiguous).toHaveLength(1);
    expect(report.ambiguous[0]).toMatchObject({
      candidates: [{ account: { label: 'Partner' } }, { account: { label: 'Prod' } }],
      locations: [{ path: join(dir, 'deploy.env'), line: 2 }],
    });
    expect(JSON.stringify(report)).not.toContain(secretPart(s.leaked));
    expect(s.toPartner.saw(secretPart(s.leaked))).toBe(false);
    expect(s.toProd.saw(secretPart(s.leaked))).toBe(false);
  });

  it('a value Tokendesk holds is still matched by its fingerprint, whatever another server lists under its id', async () => {
    const prodId = (await t.core.accounts.list()).find((a) => a.label === 'Prod')!.id;
    const created = await t.core.tokens.create(prodId, {
      provider: 'logscale',
      kind: 'system',
      name: 'held-one',
      permissions: ['ReadHealthCheck'],
      expiry: { kind: 'duration', amount: 30, unit: 'days' },
    });
    const copy = s.partner.issueToken({ kind: 'system', name: 'partner-held-copy' });
    s.partner.state.tokens.delete(copy.token.id);
    copy.token.id = created.secret.split('~')[0]!;
    s.partner.state.tokens.set(copy.token.id, copy.token);
    await t.core.tokens.sync();
    expect(await t.core.leak.check(created.secret)).toMatchObject({
      found: true,
      match: { matchedBy: 'fingerprint', token: { name: 'held-one' }, account: { label: 'Prod' } },
    });
  });

  it('an id only one account lists is matched, but with another LogScale account its value goes to no server: revoked from its details instead', async () => {
    const own = s.prod.issueToken({ kind: 'organization', name: 'prod-only', permissions: [] as never });
    await t.core.tokens.sync();
    const check = await t.core.leak.check(own.secret);
    expect(check).toMatchObject({ found: true, match: { matchedBy: 'logscale-token-id', token: { name: 'prod-only' }, account: { label: 'Prod' } } });
    if (!check.found) throw new Error('expected a match');
    // No listing proves Partner has no token with this id (another user's personal tokens are never listed).
    await expect(t.core.leak.revoke(check.caseId, 'prod-only')).rejects.toThrow(/another server .*Partner.* sent the pasted value to no server/);
    expect(s.toProd.saw(secretPart(own.secret))).toBe(false);
    expect(s.toPartner.saw(secretPart(own.secret))).toBe(false);
    expect(await status(s.prod, own.secret)).toBe(200);
    // The admin chooses the token themselves: revoked by its record, no value presented anywhere.
    await t.core.tokens.revoke(check.match.token.id, 'prod-only');
    expect(await status(s.prod, own.secret)).toBe(401);
    expect(s.toPartner.saw(secretPart(own.secret))).toBe(false);
  });
});

describe('tokendesk leak and scan --revoke --yes on an ambiguous id', () => {
  let s: Servers;
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-cli-ambiguous-'));
  const work = mkdtempSync(join(tmpdir(), 'tokendesk-cli-ambiguous-work-'));
  const service = `tokendesk-cli-ambiguous-${process.pid}`;
  const cli = cliRunner(dataDir, service);

  beforeAll(async () => {
    requireSecretService();
    s = await startServers();
    expect(
      (await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Partner', '--url', s.toPartner.baseUrl], `${s.partner.adminToken}\n`)).code,
    ).toBe(0);
    expect((await cli(['accounts', 'add', '--provider', 'logscale', '--label', 'Prod', '--url', s.toProd.baseUrl], `${s.prod.adminToken}\n`)).code).toBe(0);
    expect((await cli(['tokens', 'sync'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const keychain = createKeytarKeychain(service);
    for (const key of await keychain.keys()) await keychain.delete(key);
    await stopServers(s);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('leak --revoke --yes: exit 5, both accounts named, nothing revoked, the secret sent to no server', async () => {
    const run = await cli(['leak', '--revoke', '--yes'], `${s.leaked}\n`);
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(/Ambiguous: .*“partner-copy” of Partner.*“prod-console” of Prod/);
    expect(run.stdout).not.toMatch(/Revoked|verified dead/i);
    expect(run.stdout + run.stderr).not.toContain(secretPart(s.leaked));
    expect(s.toPartner.saw(secretPart(s.leaked))).toBe(false);
    expect(s.toProd.saw(secretPart(s.leaked))).toBe(false);
    expect(s.partner.state.tokens.has(s.leaked.split('~')[0]!)).toBe(true);
    expect(await status(s.prod, s.leaked)).toBe(200);
  });

  it('scan --revoke --yes: exit 5, the place and both accounts listed, nothing revoked, the secret sent to no server', async () => {
    const file = join(work, 'ci.sh');
    writeFileSync(file, `#!/bin/sh\nexport LOGSCALE_TOKEN='${s.leaked}'\n`);
    const run = await cli(['scan', '--revoke', '--yes', work]);
    expect(run.code).toBe(5);
    expect(run.stdout).toMatch(new RegExp(`AMBIGUOUS\\s+${file.replace(/[/.]/g, '\\$&')}:2\\s+"partner-copy" or "prod-console"\\s+Partner or Prod`));
    expect(run.stdout).toContain('1 ambiguous value (not revoked)');
    expect(run.stdout).not.toMatch(/Revoked "/);
    expect(run.stdout + run.stderr).not.toContain(secretPart(s.leaked));
    expect(s.toPartner.saw(secretPart(s.leaked))).toBe(false);
    expect(s.toProd.saw(secretPart(s.leaked))).toBe(false);
    expect(await status(s.prod, s.leaked)).toBe(200);
  });
});
