/**
 * Sync progress in the status bar: a large account takes a while to read, and the window says how
 * far it has come ("312 of 1,000 tokens", on a bar), then when it synced.
 *
 * The OVHcloud emulator gets 1,000 new LDP tokens on one service and a round trip of 40 ms: a sync
 * reads each new token on its own (8 at a time), so the reading lasts seconds, never a blink.
 */
import { expect, scope, test } from './fixtures';

const NEW_TOKENS = 1_000;

test('a large OVHcloud account syncing: the status bar counts the tokens read on a bar, then says it synced', async ({ desk, scenario, harness }) => {
  const before = harness.core.tokens.list().filter((t) => t.accountId === scenario.accounts.ovh.id && t.status !== 'revoked' && t.status !== 'gone').length;
  for (let i = 0; i < NEW_TOKENS; i++) scenario.ovh.addToken(scenario.services.production, { name: `bulk-shipper-${String(i).padStart(4, '0')}` });
  scenario.ovh.setKnobs({ latencyMs: 40 });

  await scope(desk, /OVH Europe/).click();
  await desk.getByTestId('account-header').getByRole('button', { name: 'Sync now' }).click();

  const status = desk.getByTestId('sync-status');
  const reading = desk.getByTestId('sync-reading');
  await expect(status).toContainText('Syncing an account…');
  // Part-way: some read, not all, the words and the bar read at the same instant (the reading
  // lasts seconds at this latency; each look is one snapshot, so it cannot straddle the end).
  await expect
    .poll(() =>
      status.evaluate((el) => {
        const words = el.querySelector('[data-testid="sync-reading"]')?.textContent ?? null;
        const bar = el.querySelector<HTMLProgressElement>('progress[aria-label="Tokens read"]');
        return { words, max: bar?.max ?? null, barShowsWords: bar !== null && bar.value === Number(words?.split(' ')[0]?.replace(/,/g, '')) };
      }),
    )
    .toEqual({ words: expect.stringMatching(/^[1-9]\d{0,2} of 1,000 tokens$/), max: NEW_TOKENS, barShowsWords: true });

  // Done: the bar goes, the status says when, and the list holds the new tokens.
  await expect(status).toHaveText(/^2 accounts · synced /, { timeout: 60_000 });
  await expect(reading).toHaveCount(0);
  await expect(status.getByRole('progressbar')).toHaveCount(0);
  await expect(desk.getByTestId('token-count')).toHaveText(`${(before + NEW_TOKENS).toLocaleString('en-US')} tokens`);
});
