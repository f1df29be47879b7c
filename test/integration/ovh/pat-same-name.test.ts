/**
 * An IAM personal access token is named uniquely per user among live ones only: revoke "ci", then
 * create "ci" again. The new token is another token: its own record, active, its value readable,
 * usable by exec and revocable; the revoked one stays revoked with its fingerprint (a leak of the
 * old value is still recognised). Before, the new live token landed on the revoked record and was
 * shown (and refused) as revoked, a leak of it answered "revoked". Found by the fifth review of issue 23.
 */
import { describe, expect, it } from 'vitest';
import { usePatFixture } from './pat-fixture';

describe('an IAM PAT made again with the name of a revoked one', () => {
  const f = usePatFixture();
  const bearer = async (v: string) => (await fetch(`${f.ovh.opensearchUrl}/_cluster/health`, { headers: { Authorization: `Bearer ${v}` } })).status;

  it('is a token of its own: active, readable, revocable; the revoked one stays revoked', async () => {
    const first = await f.t.core.tokens.create(f.accountId, f.pat());
    await f.t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await f.t.core.tokens.create(f.accountId, f.pat());
    expect(second.token!.id).not.toBe(first.token!.id);
    expect(second.token!.status).toBe('active');
    await f.t.core.tokens.sync();
    expect(f.t.core.tokens.summary(second.token!.id)).toMatchObject({ status: 'active', hasSecret: true });
    expect(f.t.core.tokens.summary(first.token!.id)).toMatchObject({ status: 'revoked' });
    expect((await f.t.core.tokens.reveal(second.token!.id)).value).toBe(second.secret);
    // A leak of the old value is still recognised as the revoked token; of the new one, as live.
    const oldLeak = await f.t.core.leak.check(`Authorization: Bearer ${first.secret}`);
    expect(oldLeak.found && oldLeak.match.token.id).toBe(first.token!.id);
    const newLeak = await f.t.core.leak.check(`Authorization: Bearer ${second.secret}`);
    expect(newLeak.found && newLeak.match.token.id).toBe(second.token!.id);
    expect((await f.t.core.inject.resolve('OVH EU/ci')).token.id).toBe(second.token!.id);
    await f.t.core.tokens.revoke(second.token!.id, 'ci');
    expect(await bearer(second.secret)).not.toBe(200);
  });
});
