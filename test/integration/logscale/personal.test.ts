/** The caller's personal token: read, create (replaces), rotate (by user id), delete. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticates, DAY, failure, setup, T0, type Setup } from './helpers';

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(async () => s.close());

describe('LogScale personal tokens (one per user)', () => {
  it("reads the caller's user and personal token", async () => {
    const bob = s.emulator.addUser('bob');
    const personal = await s.clientWith(bob.token).tokens.personal();
    expect(personal.user).toEqual({ id: bob.userId, username: 'bob' });
    expect(personal.token).toMatchObject({ kind: 'personal', id: bob.token.split('~')[0], permissions: [], views: [] });
  });

  it('creates a personal token that replaces the current one, and says when that was our own credential', async () => {
    const bob = s.emulator.addUser('bob');
    const asBob = s.clientWith(bob.token);
    const created = await asBob.tokens.create({ kind: 'personal', expiry: { kind: 'duration', amount: 90, unit: 'days' } });

    expect(s.emulator.operations('CreatePersonalToken')[0]?.variables).toEqual({ expireAt: T0 + 90 * DAY, ipFilterId: null });
    expect(created.replacedOwnCredential).toBe(true);
    // Nothing is read after the create: the secret goes back first (show-once).
    expect(s.emulator.requests.at(-1)?.operationName).toBe('CreatePersonalToken');
    // The old token no longer works; the new one reads the new personal token.
    expect(await authenticates(s, bob.token)).toBe(false);
    expect((await asBob.tokens.personal({ token: created.secret })).token).toMatchObject({ kind: 'personal', id: created.tokenId, expireAt: T0 + 90 * DAY });
    expect(s.emulator.operations('PersonalToken').at(-1)?.tokenId).toBe(created.tokenId);
    expect(await authenticates(s, created.secret)).toBe(true);
    expect(s.emulator.state.personalTokenOf(bob.userId)?.id).toBe(created.tokenId);
  });

  it('rotates a personal token by the user id (as humio-operator and humio/cli do)', async () => {
    const carol = s.emulator.addUser('carol');
    const rotated = await s.clientWith(carol.token).tokens.rotate({ kind: 'personal' });

    expect(s.emulator.operations('RotateToken')[0]?.variables).toEqual({ id: carol.userId });
    expect(rotated.previousId).toBe(carol.token.split('~')[0]);
    expect(rotated.tokenId).not.toBe(rotated.previousId);
    expect(rotated.replacedOwnCredential).toBe(true);
    expect(await authenticates(s, carol.token)).toBe(false);
    expect((await s.clientWith(rotated.secret).checkCredentials()).user?.username).toBe('carol');
  });

  it('deletes the personal token, which then stops working', async () => {
    const dave = s.emulator.addUser('dave');
    const asDave = s.clientWith(dave.token);
    await asDave.tokens.delete({ kind: 'personal' });
    expect(s.emulator.operations('DeleteToken')[0]?.variables).toEqual({ id: dave.token.split('~')[0] });
    expect(s.emulator.state.personalTokenOf(dave.userId)).toBeUndefined();
    // Dave's only credential was that token, so he is now rejected.
    expect(await authenticates(s, dave.token)).toBe(false);
  });

  it('refuses a personal create when the policies it holds disable personal tokens (nothing sent)', async () => {
    const policies = (await s.client.policies.read())!;
    const bob = s.emulator.addUser('bob');
    const error = await failure(
      s
        .clientWith(bob.token)
        .tokens.create({ kind: 'personal', expiry: { kind: 'never' } }, { policies: { ...policies, personal: { ...policies.personal, enabled: false } } }),
    );
    expect(error.code).toBe('policy');
    expect(s.emulator.operations('CreatePersonalToken')).toEqual([]);
  });
});
