/**
 * `<account>/<token>` is read inside that account only: a token another account's server chose to
 * name "Prod/ci-bot" must not stand in for Prod's ci-bot (the command would run with a value that
 * server controls). Found by the fourth review of issue 23.
 */
import { describe, expect, it } from 'vitest';
import { SecretInjection } from '../../../main/core/inject/secret-injection';

function injection(tokens: Array<{ id: string; accountId: string; name: string }>) {
  const accounts = {
    list: async () => [
      { id: 'a1', label: 'Prod' },
      { id: 'a2', label: 'Partner' },
    ],
  };
  const service = { list: () => tokens.map((t) => ({ ...t, confirmText: t.name, status: 'active', hasSecret: true })) };
  return new SecretInjection(service as never, accounts as never, {} as never);
}

describe('a reference that starts with an account name', () => {
  it("is not taken by another account's token named like it", async () => {
    const inject = injection([{ id: 't1', accountId: 'a2', name: 'Prod/ci-bot' }]);
    await expect(inject.resolve('Prod/ci-bot')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('still finds a token of that account whose name holds a slash', async () => {
    const inject = injection([{ id: 't2', accountId: 'a1', name: 'Prod/ci-bot' }]);
    expect((await inject.resolve('Prod/ci-bot')).token.id).toBe('t2');
  });

  it('finds <account>/<token>, and a bare name anywhere', async () => {
    const inject = injection([
      { id: 't3', accountId: 'a1', name: 'ci-bot' },
      { id: 't4', accountId: 'a2', name: 'vector' },
    ]);
    expect((await inject.resolve('Prod/ci-bot')).token.id).toBe('t3');
    expect((await inject.resolve('vector')).token.id).toBe('t4');
  });
});
