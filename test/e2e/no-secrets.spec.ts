/**
 * Token values never enter the page outside the reveal and show-once views. After creating (a
 * LogScale token and an OVHcloud IAM personal access token), copying, revealing, rotating,
 * verifying and leak-checking tokens, and closing the dialogs, no
 * value is in the DOM (markup, field values, text), in web storage, or anywhere in the page's
 * JavaScript heap (a V8 heap snapshot after garbage collection: every string the page can still
 * reach). The values are known from the test process only (the vault through the core, emulators).
 *
 * A control proves the heap check can see a value: while the show-once dialog shows the secret,
 * the snapshot does contain it.
 */
import type { CDPSession, Page } from '@playwright/test';
import { act, expect, test } from './fixtures';

async function heapText(cdp: CDPSession): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => void chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return chunks.join('');
}

const domText = (page: Page) =>
  page.evaluate(
    () =>
      document.documentElement.outerHTML +
      document.body.innerText +
      [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n') +
      JSON.stringify({ ...localStorage }) +
      JSON.stringify({ ...sessionStorage }),
  );

/** The parts of a value worth looking for: the whole, and a LogScale secret's part after `~`. */
const needles = (value: string): string[] => [value, ...(value.includes('~') ? [value.split('~')[1]!] : [])];

test('no token value stays in the page: DOM, storage and JS heap, after create (LogScale and IAM PAT), copy, reveal, rotate, verify and leak check', async ({
  desk,
  harness,
  scenario,
  page,
}) => {
  test.setTimeout(60_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');

  // Create a LogScale token; its secret is shown once (revealed here on purpose).
  await desk.getByRole('button', { name: 'New token' }).click();
  const dialog = desk.getByRole('dialog', { name: 'New token' });
  await dialog.getByLabel('Account').selectOption({ label: 'Production LogScale (LogScale)' });
  const form = dialog.getByTestId('logscale-form');
  await form.getByLabel('Token name').fill('heap-probe');
  await form.getByRole('checkbox', { name: 'Read health check' }).check();
  await form.getByRole('button', { name: 'Create token' }).click();
  const outcome = desk.getByRole('dialog', { name: 'Token created' });
  await outcome.getByRole('button', { name: 'Reveal' }).click();
  await expect(outcome.getByTestId('outcome-secret')).toBeVisible();
  const created = (await harness.core.tokens.reveal(scenario.token('heap-probe').id)).value;
  // Control: while it is on screen, the heap snapshot sees it.
  expect((await heapText(cdp)).includes(created)).toBe(true);
  await outcome.getByRole('button', { name: 'Copy' }).click();
  await outcome.getByRole('button', { name: 'Done' }).click();
  await expect(outcome).toHaveCount(0);

  // Create an IAM personal access token (expiry on a date), shown once and revealed, then verify it.
  await desk.getByRole('button', { name: 'New token' }).click();
  await dialog.getByLabel('Account').selectOption({ label: 'OVH Europe (OVHcloud LDP)' });
  await dialog.getByRole('radio', { name: 'Security logs' }).check();
  const pat = dialog.getByTestId('pat-fields');
  await pat.getByLabel('Token name').fill('heap-pat');
  await pat.getByRole('radio', { name: 'On a date' }).check();
  const later = new Date(Date.now() + 45 * 86_400_000);
  await pat.getByLabel('Date and time').fill(new Date(later.getTime() - later.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const patOutcome = desk.getByRole('dialog', { name: 'Token created' });
  await patOutcome.getByRole('button', { name: 'Reveal' }).click();
  await expect(patOutcome.getByTestId('outcome-secret')).toBeVisible();
  const [patPost] = scenario.ovh.apiRequests({ method: 'POST', path: `/me/identity/user/${scenario.iamUsers.shipper}/token` });
  expect(JSON.parse(patPost!.body)).toEqual({
    name: 'heap-pat',
    description: 'Created with Tokendesk',
    expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/),
  });
  await patOutcome.getByRole('button', { name: 'Done' }).click();
  await expect(patOutcome).toHaveCount(0);
  await act(desk, 'heap-pat', 'Verify');
  const patVerify = desk.getByRole('dialog', { name: 'Verify token' });
  await expect(patVerify.getByTestId('verify-check').first()).toContainText('Accepted');
  await patVerify.getByRole('button', { name: 'Close' }).last().click();

  // Copy an LDP token, reveal another, verify a third.
  await act(desk, 'fluent-bit-shipper', 'Copy');
  await expect(desk.getByTestId('clipboard-status')).toContainText('Copied ✓ “fluent-bit-shipper”');
  await act(desk, 'opensearch-alerting', 'Reveal');
  const reveal = desk.getByRole('dialog', { name: 'Reveal token' });
  await reveal.getByRole('button', { name: 'Show value' }).click();
  await expect(reveal.getByTestId('revealed-value')).toBeVisible();
  await reveal.getByRole('button', { name: 'Close' }).last().click();
  await act(desk, 'graylog-dashboards', 'Verify');
  const verify = desk.getByRole('dialog', { name: 'Verify token' });
  await expect(verify.getByTestId('verify-check').first()).toContainText('Accepted');
  await verify.getByRole('button', { name: 'Close' }).last().click();

  // Rotate a LogScale token and look at the new secret.
  await act(desk, 'metrics-scraper', 'Rotate');
  await desk.getByRole('dialog', { name: 'Rotate token' }).getByRole('button', { name: 'Rotate' }).click();
  const rotated = desk.getByRole('dialog', { name: 'Token rotated' });
  await rotated.getByRole('button', { name: 'Reveal' }).click();
  await expect(rotated.getByTestId('outcome-secret')).toBeVisible();
  await rotated.getByRole('button', { name: 'Done' }).click();

  // Leak check an LDP value (typed into the box, then checked).
  const leaked = [...scenario.ovh.state.service(scenario.services.staging).tokens.values()].find((t) => t.name === 'staging-shipper')!.value;
  await desk.getByRole('button', { name: 'Revoke a leaked token…' }).click();
  const leak = desk.getByRole('dialog', { name: 'Revoke a leaked token' });
  await leak.getByLabel('Paste what leaked').fill(`export LDP_TOKEN=${leaked}`);
  await leak.getByRole('button', { name: 'Check' }).click();
  await expect(leak.getByTestId('leak-match')).toContainText('staging-shipper');
  await leak.getByRole('button', { name: 'Close' }).click();
  await expect(desk.getByRole('dialog')).toHaveCount(0);

  // Every secret the test process knows of: values in the vault, every LDP value, the accounts' credentials.
  const secrets = new Set<string>([created, leaked]);
  for (const token of harness.core.tokens.list()) if (token.hasSecret) secrets.add((await harness.core.tokens.reveal(token.id)).value);
  for (const service of scenario.ovh.state.services.values()) for (const token of service.tokens.values()) secrets.add(token.value);
  for (const user of scenario.ovh.state.iamUsers.values()) for (const pat of user.tokens.values()) secrets.add(pat.value);
  expect([...scenario.ovh.state.iamUser(scenario.iamUsers.shipper).tokens.keys()]).toContain('heap-pat');
  secrets.add(scenario.logscale.adminToken);
  secrets.add(scenario.ovh.credentials.applicationSecret);
  secrets.add(scenario.ovh.credentials.consumerKey);
  expect(secrets.size).toBeGreaterThan(12);

  const dom = await domText(desk);
  const heap = await heapText(cdp);
  const found = [...secrets].flatMap(needles).filter((needle) => dom.includes(needle) || heap.includes(needle));
  expect(found, 'token values left in the page').toEqual([]);
  await desk.screenshot({ path: test.info().outputPath('after.png') });
});
