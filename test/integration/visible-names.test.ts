/**
 * Issue 13 #9: a name with control or direction characters must not spoof another one. Names an
 * admin types are refused with a message in words (and nothing changes); names a provider returns
 * reach the window, the tray, notifications and the revoke confirmation spelled out (⟨U+202E⟩),
 * and the confirmation compares what is typed with that shown form.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteToken, ProviderAdapter } from '../../main/core/tokens/adapter';
import { keepTrayCurrent } from '../../main/core/tray/tray-menu';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { createTestCore, type TestCore } from '../support/core';

const RLO = '\u202E';
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const NOW = Date.parse('2026-03-01T08:00:00Z');
/** Shown as "deployexe.png" by a bidi-aware renderer: the name of a token made outside Tokendesk. */
const SPOOF = `deploy${RLO}gnp.exe`;
const SHOWN = 'deploy⟨U+202E⟩gnp.exe';

const remote = (remoteId: string, name: string, extra: Partial<RemoteToken> = {}): RemoteToken => ({
  kind: 'system',
  remoteId,
  container: '',
  name,
  scope: {},
  createdAt: null,
  expiresAt: null,
  ipFilter: null,
  ...extra,
});

describe('#9 names with hidden characters', () => {
  let t: TestCore;
  let handlers: Handlers;
  let revoked: string[];
  let accountId: string;

  beforeEach(async () => {
    revoked = [];
    const refuse = async (): Promise<never> => {
      throw new Error('not used by this test');
    };
    const adapter: ProviderAdapter = {
      testConnection: refuse,
      createOptions: refuse,
      create: refuse,
      rotate: refuse,
      verify: refuse,
      rejects: refuse,
      list: async () => ({
        tokens: [
          remote('r1', SPOOF, { expiresAt: new Date(NOW + 12 * 3_600_000).toISOString(), scope: { views: [`audit${RLO}x`] }, ipFilter: `office${RLO}` }),
          remote('r2', 'nul\u0000and\u2066isolate\u2069'),
        ],
        unchanged: [],
        unreadable: [],
        notes: [],
      }),
      revoke: async (record) => (revoked.push(record.remoteId), {}),
    };
    t = await createTestCore({ now: () => NOW, adapterFor: async () => adapter });
    handlers = createHandlers(t.core, t.platform);
    accountId = (await t.core.accounts.add({ provider: 'logscale', label: 'Prod', baseUrl: 'https://logscale.example.com', token: 'account-token-1' })).id;
  });
  afterEach(async () => {
    t.core.alerts.stop();
    await t.cleanup();
  });

  it('refuses them in an account label, a token name and an IAM user, in words, and changes nothing', async () => {
    const before = await t.snapshot();
    const attempts = [
      await handlers['accounts:add']({ provider: 'logscale', label: `Prod${RLO}dorp`, baseUrl: 'https://logscale.example.com', token: 'x-secret' }),
      await handlers['tokens:create']({
        accountId,
        request: { provider: 'logscale', kind: 'system', name: 'ci\u0000bot', permissions: [], expiry: { kind: 'never' } },
      }),
      await handlers['tokens:create']({ accountId, request: { provider: 'ovh', kind: 'iam-pat', serviceName: 'ldp-xx-1', user: 'al\u200fice', name: 'n' } }),
    ];
    const problem = 'must not contain control characters or invisible characters such as text-direction marks';
    expect(attempts.map((a) => (a.ok ? 'accepted' : a.error.issues))).toEqual([
      [`label: ${problem}`],
      [`request.name: ${problem}`],
      [`request.user: ${problem}`],
    ]);
    expect(await t.snapshot()).toEqual(before);
  });

  it("a provider's names reach the window, the tray and notifications spelled out", async () => {
    await keepTrayCurrent(t.core, t.platform);
    await handlers['tokens:sync'](undefined);

    const listed = await handlers['tokens:list'](undefined);
    expect(listed.ok && listed.value.map((x) => [x.name, x.scope, x.ipFilter])).toEqual([
      [SHOWN, 'views: audit⟨U+202E⟩x', 'office⟨U+202E⟩'],
      ['nul⟨U+0000⟩and⟨U+2066⟩isolate⟨U+2069⟩', '', null],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(HIDDEN);

    const tray = t.platform.recorded.trays.at(-1)!;
    expect(JSON.stringify(tray)).toContain(`"Copy ${SHOWN}"`);
    expect(JSON.stringify(tray)).not.toMatch(HIDDEN);

    await t.core.alerts.check(); // the token expires in 12 hours: the 1-day alert is due
    expect(t.platform.recorded.notifications).toEqual([
      { title: `Token expiring: ${SHOWN}`, body: `“${SHOWN}” (Prod) expires in 12 hours. Rotate it to keep its users working.`, tokenId: expect.any(String) },
    ]);
  });

  it('the revoke confirmation is the name as shown: the raw name is refused, the shown one revokes', async () => {
    await handlers['tokens:sync'](undefined);
    const token = t.core.tokens.list().find((x) => x.name === SHOWN)!;

    expect(await handlers['tokens:revoke']({ id: token.id, confirmName: SPOOF })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // The core's own check (the CLI calls it directly): the message quotes the shown form only.
    const direct = await t.core.tokens.revoke(token.id, SPOOF).catch((e: Error) => e);
    expect(direct).toMatchObject({ code: 'invalid-input', message: `The confirmation does not match: type “${SHOWN}” exactly to revoke it.` });
    expect(revoked).toEqual([]);

    expect(await handlers['tokens:revoke']({ id: token.id, confirmName: SHOWN })).toMatchObject({
      ok: true,
      value: { token: { name: SHOWN, status: 'revoked' } },
    });
    expect(revoked).toEqual(['r1']);
  });
});
