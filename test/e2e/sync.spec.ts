/**
 * Sync progress in the status bar: a large account takes a while to read, and the window says how
 * far it has come ("312 of 1,000 tokens", on a bar), then when it synced.
 *
 * The OVHcloud emulator gets 300 new LDP tokens on one service and a round trip of 100 ms: a sync
 * reads each new token on its own (8 at a time), so the reading lasts seconds, never a blink (and
 * on a loaded machine no longer than the test's bound: each token read costs CPU too).
 */
import { expect, scope, test } from './fixtures';

const NEW_TOKENS = 300;

test('a large OVHcloud account syncing: the status bar counts the tokens read on a bar, then says it synced', async ({ desk, scenario, harness }) => {
  const before = harness.core.tokens.list().filter((t) => t.accountId === scenario.accounts.ovh.id && t.status !== 'revoked' && t.status !== 'gone').length;
  for (let i = 0; i < NEW_TOKENS; i++) scenario.ovh.addToken(scenario.services.production, { name: `bulk-shipper-${String(i).padStart(4, '0')}` });
  scenario.ovh.setKnobs({ latencyMs: 100 });

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
        const read = Number(/^(\d+) of 300 tokens$/.exec(words ?? '')?.[1] ?? -1);
        return { partWay: read > 0 && read < 300, max: bar?.max ?? null, barShowsWords: bar !== null && bar.value === read };
      }),
    )
    .toEqual({ partWay: true, max: NEW_TOKENS, barShowsWords: true });

  // Done: the bar goes, the status says when, and the list holds the new tokens.
  await expect(status).toHaveText(/^2 accounts · synced /, { timeout: 60_000 });
  await expect(reading).toHaveCount(0);
  await expect(status.getByRole('progressbar')).toHaveCount(0);
  await expect(desk.getByTestId('token-count')).toHaveText(`${(before + NEW_TOKENS).toLocaleString('en-US')} tokens`);
});
