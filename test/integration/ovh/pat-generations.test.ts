/**
 * Three generations of one IAM PAT name (create, revoke, create, revoke, create), with and without
 * syncs between: three records with three ids, each revoked one keeping its fingerprint (a leak of
 * any old value is recognised), the live one readable. Before, the third took an earlier
 * generation's id and a sync dropped that record. Found by the sixth review of issue 23.
 */
import { describe, expect, it } from 'vitest';
import { usePatFixture } from './pat-fixture';

describe('three generations of one IAM PAT name', () => {
  const f = usePatFixture();

  it('third generation, no sync between (create/revoke/create/revoke/create)', async () => {
    const first = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.revoke(second.token!.id, 'ci');
    const third = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.sync();
    const oldLeak = await f.t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    const midLeak = await f.t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(new Set([first.token!.id, second.token!.id, third.token!.id]).size).toBe(3);
    expect(f.t.core.tokens.list().length).toBe(3);
    expect(oldLeak.found).toBe(true);
    expect(midLeak.found).toBe(true);
  });

  it('third generation, sync after each step', async () => {
    const first = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.revoke(first.token!.id, 'ci');
    await f.t.core.tokens.sync();
    const second = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.sync();
    await f.t.core.tokens.revoke(second.token!.id, 'ci');
    await f.t.core.tokens.sync();
    const third = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.sync();
    const oldLeak = await f.t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    const midLeak = await f.t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(new Set([first.token!.id, second.token!.id, third.token!.id]).size).toBe(3);
    expect(f.t.core.tokens.list().length).toBe(3);
    expect(oldLeak.found && midLeak.found).toBe(true);
    expect((await f.t.core.tokens.reveal(third.token!.id)).value).toBe(third.secret);
  });
});
