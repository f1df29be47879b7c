/**
 * A metadata store restored from an older copy (the vault current): the sync rebuilds the records
 * from the provider, and each held value is found again, a later generation's too (a PAT made again
 * under a revoked one's name: its id comes from its creation date, so the rebuild can find it).
 * Before, the live second generation landed on the base id and its value was lost. Found by the
 * seventh review of issue 23.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usePatFixture } from './pat-fixture';

describe('restored store, generations and # names', () => {
  const f = usePatFixture();

  it('a sync after a store restore keeps each value with its own token', async () => {
    await f.t.core.tokens.sync();
    const backup = readFileSync(f.t.storePath, 'utf8'); // the store as it was: the account, no PAT yet
    const first = await f.t.core.tokens.create(f.accountId, f.pat('ci'));
    await f.t.core.tokens.revoke(first.token!.id, 'ci');
    const second = await f.t.core.tokens.create(f.accountId, f.pat('ci'));
    writeFileSync(f.t.storePath, backup); // restored store; the vault is the current one
    await f.t.core.tokens.sync();
    const list = f.t.core.tokens.list();
    const ci = list.find((r) => r.name === 'ci' && r.status === 'active')!;
    const ciValue = ci.hasSecret ? (await f.t.core.tokens.reveal(ci.id)).value : null;
    expect(ciValue).toBe(second.secret); // (a) "ci"'s held value found again
  });
});
