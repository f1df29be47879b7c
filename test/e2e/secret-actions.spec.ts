/**
 * Using a secret without it entering the window: copy (in main, with the clipboard countdown and
 * compare-before-clear), reveal (explicit, in a dialog, dropped on close), verify (per endpoint,
 * masked curl).
 */
import { act, details, expect, test } from './fixtures';

const pageText = (page: import('@playwright/test').Page) =>
  page.evaluate(
    () => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value).join('\n'),
  );

test('copy: main writes the clipboard (concealed), the window counts down, then says whether it cleared or left your own copy alone', async ({
  desk,
  harness,
  scenario,
}) => {
  const token = scenario.token('release-pipeline');
  const value = (await harness.core.tokens.reveal(token.id)).value;
  await act(desk, 'release-pipeline', 'Copy');
  const status = desk.getByTestId('clipboard-status');
  await expect(status).toHaveText(/^Copied ✓ “release-pipeline” · clears in (30|29) s$/);
  expect(harness.platform.clipboardText()).toBe(value);
  expect(harness.platform.recorded.clipboardWrites).toEqual([{ concealed: true }]);
  await desk.clock.runFor(2_000);
  await expect(status).toHaveText(/clears in (28|27) s$/); // it counts down, by the page's clock
  expect(await pageText(desk)).not.toContain(value);

  // The user copies something else before the timeout: Tokendesk leaves it alone.
  harness.platform.userCopies('a note of my own');
  expect(await harness.core.clipboard.clear()).toBe('left-alone');
  await expect(status).toHaveText('Clipboard left alone: you copied something else');
  expect(harness.platform.clipboardText()).toBe('a note of my own');

  // Copy again and let the timeout clear it.
  await act(desk, 'fluent-bit-shipper', 'Copy');
  await expect(status).toContainText('Copied ✓ “fluent-bit-shipper”');
  expect(await harness.core.clipboard.clear()).toBe('cleared');
  await expect(status).toHaveText('Clipboard cleared');
  expect(harness.platform.clipboardText()).toBe('');
  // Said for a few seconds, then the status bar goes quiet.
  await desk.clock.runFor(6_000);
  await expect(status).toHaveText('');
  await desk.screenshot({ path: test.info().outputPath('clipboard.png') });
});

test('reveal: only after an explicit click, in its dialog; the value is dropped when it closes', async ({ desk, harness, scenario }) => {
  const value = [...scenario.ovh.state.service(scenario.services.production).tokens.values()].find((t) => t.name === 'fluent-bit-shipper')!.value;
  await act(desk, 'fluent-bit-shipper', 'Reveal');
  const reveal = details(desk).getByRole('button', { name: 'Reveal' });
  const dialog = desk.getByRole('dialog', { name: 'Reveal token' });
  await expect(dialog).toContainText('The value of “fluent-bit-shipper” of OVH Europe is in your vault.');
  expect(await pageText(desk)).not.toContain(value);
  await dialog.getByRole('button', { name: 'Show value' }).click();
  expect(await dialog.getByTestId('revealed-value').inputValue()).toBe(value);
  // The button that had focus is gone: focus goes to Hide, not to the page's body.
  await expect(dialog.getByRole('button', { name: 'Hide' })).toBeFocused();
  await desk.screenshot({ path: test.info().outputPath('revealed.png') });
  await dialog.getByRole('button', { name: 'Hide' }).click();
  await expect(dialog.getByTestId('revealed-value')).toHaveCount(0);
  expect(await pageText(desk)).not.toContain(value);
  await dialog.getByRole('button', { name: 'Show value' }).click();
  await expect(dialog.getByTestId('revealed-value')).toBeVisible();
  await desk.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(reveal).toBeFocused();
  expect(await pageText(desk)).not.toContain(value);
  const audit = await harness.core.audit.entries();
  expect(audit.filter((e) => e.action === 'token-revealed' && e.tokenName === 'fluent-bit-shipper')).toHaveLength(2);
});

test("verify: each endpoint's answer and a masked curl example; a deleted token shows as rejected", async ({ desk, scenario }) => {
  const token = [...scenario.ovh.state.service(scenario.services.production).tokens.values()].find((t) => t.name === 'graylog-dashboards')!;
  await act(desk, 'graylog-dashboards', 'Verify');
  const dialog = desk.getByRole('dialog', { name: 'Verify token' });
  const checks = dialog.getByTestId('verify-check');
  await expect(checks).toHaveCount(2);
  await expect(checks.filter({ hasText: 'Graylog API' })).toContainText('Accepted');
  await expect(checks.filter({ hasText: 'OpenSearch API' })).toContainText('Accepted');
  await expect(checks.filter({ hasText: 'Graylog API' })).toContainText(scenario.ovh.graylogUrl);
  await expect(dialog.getByTestId('verify-example')).toContainText('curl -sS -u "token:$LDP_TOKEN"');
  expect(await pageText(desk)).not.toContain(token.value);
  // The stubs received the token as HTTP Basic credentials.
  const presented = scenario.ovh.requestLog.filter((r) => r.server === 'graylog' || r.server === 'opensearch');
  expect(presented.map((r) => r.status)).toEqual(expect.arrayContaining([200]));
  await desk.screenshot({ path: test.info().outputPath('verify.png') });

  // Deleted behind Tokendesk's back: "Check again" says so.
  scenario.ovh.state.service(scenario.services.production).tokens.delete(token.tokenId);
  await dialog.getByRole('button', { name: 'Check again' }).click();
  await expect(checks.filter({ hasText: 'Graylog API' })).toContainText('Rejected');
  await expect(checks.filter({ hasText: 'Graylog API' })).toContainText('HTTP 401');
  await dialog.getByRole('button', { name: 'Close' }).first().click();

  // LogScale: presented to the GraphQL API.
  await act(desk, 'metrics-scraper', 'Verify');
  const ls = desk.getByRole('dialog', { name: 'Verify token' });
  await expect(ls.getByTestId('verify-check')).toContainText('Accepted');
  await expect(ls.getByTestId('verify-check')).toContainText('LogScale GraphQL API');
  await expect(ls.getByTestId('verify-example')).toContainText('$LOGSCALE_TOKEN');
});
