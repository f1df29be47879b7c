/**
 * The token list over both emulators: what each row shows, the shared countdown clock, search,
 * filters, sort, empty states, and the windowed list with thousands of tokens.
 */
import { expect, openApp, row, test } from './fixtures';

test('lists every token of both accounts: provider, account, name, kind, scope, created, countdown, status, actions', async ({ desk }) => {
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');

  const ci = row(desk, 'ci-deploy-reader');
  await expect(ci).toContainText('LogScale');
  await expect(ci).toContainText('Production LogScale');
  await expect(ci).toContainText('System');
  await expect(ci).toContainText('2 permissions');
  await expect(ci.getByTestId('countdown')).toHaveText(/^in 2 d 23 h 5\d m$/);
  await expect(ci.getByTestId('status')).toHaveText('Expiring');

  const ldp = row(desk, 'graylog-dashboards');
  await expect(ldp).toContainText('OVHcloud');
  await expect(ldp).toContainText('OVH Europe');
  await expect(ldp).toContainText('LDP');
  await expect(ldp).toContainText(/Production logs · \w+\.logs\.ovh\.com/);
  await expect(ldp.getByTestId('countdown')).toHaveText('never');
  await expect(ldp.getByTestId('status')).toHaveText('Active');

  await expect(row(desk, 'grafana-health-probe')).toContainText('IP filter CI runners');

  // The IAM-enabled service of the same account, beside the legacy ones: its personal access tokens.
  const pat = row(desk, 'vector-forwarder');
  await expect(pat).toContainText('OVH Europe');
  await expect(pat).toContainText('IAM PAT');
  await expect(pat).toContainText(/Security logs · IAM user log-shipper · 1 policy · last used \d{4}-\d\d-\d\d/);
  await expect(pat.getByTestId('countdown')).toHaveText(/^in 2[45] d \d\d h \d\d m$/);
  await expect(pat.getByRole('button', { name: 'Copy vector-forwarder' })).toHaveAttribute('title', /OVHcloud shows a personal access token only once/);
  await expect(pat.getByRole('button', { name: 'Rotate vector-forwarder' })).toBeEnabled();

  // Colour states: within 1 day, 7 days, 14 days, expired, later.
  await expect(row(desk, 'on-call-pager').getByTestId('countdown')).toHaveClass(/lvl-d1/);
  await expect(row(desk, 'ci-deploy-reader').getByTestId('countdown')).toHaveClass(/lvl-d7/);
  await expect(row(desk, 'grafana-health-probe').getByTestId('countdown')).toHaveClass(/lvl-d14/);
  await expect(row(desk, 'usage-reporting').getByTestId('countdown')).toHaveClass(/lvl-ok/);
  const expired = row(desk, 'backup-exporter');
  await expect(expired.getByTestId('countdown')).toHaveClass(/lvl-expired/);
  await expect(expired.getByTestId('countdown')).toHaveText(/^expired (just now|\d+ min ago)$/);
  await expect(expired.getByTestId('status')).toHaveText('Expired');

  // A secret Tokendesk never held cannot be copied; one it created can.
  await expect(ci.getByRole('button', { name: 'Copy ci-deploy-reader' })).toBeDisabled();
  await expect(ci.getByRole('button', { name: 'Copy ci-deploy-reader' })).toHaveAttribute('title', /created elsewhere/);
  await expect(ci.getByRole('button', { name: 'Revoke ci-deploy-reader' })).toBeEnabled();
  for (const action of ['Copy', 'Reveal', 'Verify', 'Rotate', 'Revoke']) {
    await expect(row(desk, 'release-pipeline').getByRole('button', { name: `${action} release-pipeline` })).toBeEnabled();
  }
  await expect(desk.getByRole('grid', { name: 'Tokens' })).toHaveAttribute('aria-rowcount', '18');
  await desk.screenshot({ path: test.info().outputPath('token-list.png') });
});

test('one shared clock: countdowns follow it by the minute, by the second in the last minutes, and stop while the window is hidden', async ({ page, harness, scenario }) => {
  void scenario;
  await page.clock.install();
  const check = await openApp(page, harness);
  const pager = row(page, 'on-call-pager').getByTestId('countdown'); // expires in 50 minutes
  const usage = row(page, 'usage-reporting').getByTestId('countdown');
  await expect(pager).toHaveText(/^in 4\d m$/);
  await page.clock.pauseAt(Date.now() + 1_000);
  const start = Number((await pager.textContent())!.match(/\d+/)![0]);

  await page.clock.runFor(60_000);
  await expect(pager).toHaveText(`in ${start - 1} m`);
  await expect(usage).toHaveText(/^in 44 d 23 h 5\d m$/);

  // Hidden: the clock stops, nothing changes however long it stays hidden.
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.clock.runFor(3 * 60_000);
  await expect(pager).toHaveText(`in ${start - 1} m`);
  // Shown again: it catches up at once.
  await setHidden(false);
  await expect(pager).toHaveText(`in ${start - 4} m`);

  // The last five minutes: seconds, every second.
  await page.clock.runFor((start - 8) * 60_000);
  await expect(pager).toHaveText(/^in [34] m \d\d s$/);
  const before = await pager.textContent();
  await page.clock.runFor(1_000);
  await expect(pager).not.toHaveText(before!);
  await expect(pager).toHaveClass(/lvl-d1/);
  // And it expires on time.
  await page.clock.runFor(5 * 60_000);
  await expect(pager).toHaveText(/^expired (just now|1 min ago)$/);
  await expect(row(page, 'on-call-pager').getByTestId('status')).toHaveText('Expired');
  check();
});

test('search as you type, filters and sort', async ({ desk }) => {
  const names = () => desk.getByTestId('token-row').locator('.t-name').allTextContents();
  const search = desk.getByRole('searchbox', { name: 'Search tokens' });

  await search.pressSequentially('grafa');
  await expect(desk.getByTestId('token-count')).toHaveText('1 of 17 tokens');
  expect(await names()).toEqual(['grafana-health-probe']);
  await search.fill('ovh europe'); // the account label
  await expect(desk.getByTestId('token-count')).toHaveText('6 of 17 tokens');
  await search.fill('production logs shipper'); // every word, anywhere
  expect(await names()).toEqual(['fluent-bit-shipper']);
  await search.fill('');

  await desk.getByLabel('Filter by provider').selectOption('logscale');
  await expect(desk.getByTestId('token-count')).toHaveText('11 of 17 tokens');
  await desk.getByLabel('Filter by kind').selectOption('view');
  await expect.poll(names).toEqual(['web-dashboards', 'audit-search']);
  await desk.getByLabel('Filter by kind').selectOption('');
  await desk.getByLabel('Filter by provider').selectOption('');
  await desk.getByLabel('Filter by kind').selectOption('iam-pat');
  await expect.poll(names).toEqual(['vector-forwarder']);
  await desk.getByLabel('Filter by kind').selectOption('');

  await desk.getByLabel('Filter by account').selectOption({ label: 'OVH Europe' });
  await expect(desk.getByTestId('token-count')).toHaveText('6 of 17 tokens');
  await desk.getByLabel('Filter by account').selectOption('');

  await desk.getByLabel('Filter by expiry').selectOption({ label: 'Within 7 days' });
  await expect.poll(names).toEqual(['on-call-pager', 'ci-deploy-reader']);
  await desk.getByLabel('Filter by expiry').selectOption({ label: 'Any time' });
  await desk.getByLabel('Filter by status').selectOption('expired');
  await expect.poll(names).toEqual(['backup-exporter']);
  await desk.getByLabel('Filter by status').selectOption('');

  // Sort: expiry (soonest first, expired first of all) by default, then name, then newest first.
  await expect.poll(async () => (await names()).slice(0, 3)).toEqual(['backup-exporter', 'on-call-pager', 'ci-deploy-reader']);
  await desk.getByLabel('Sort by').selectOption('name');
  await expect.poll(async () => (await names())[0]).toBe('audit-search');
  await expect(desk.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await desk.getByRole('button', { name: 'Created' }).click();
  await expect(desk.getByLabel('Sort by')).toHaveValue('created');
  await expect.poll(async () => (await names()).at(-1)).toBe('sso-sync'); // the oldest of the seeded tokens

  // Nothing matches: the empty state says so and offers the way back.
  await search.fill('no such token anywhere');
  await expect(desk.getByTestId('tokens-no-match')).toContainText('No token matches “no such token anywhere”');
  await desk.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');
  await desk.screenshot({ path: test.info().outputPath('filters.png') });
});

test.describe('thousands of tokens', () => {
  test.use({ scenarioOptions: { extraLogScaleTokens: 3_000 } });

  test('the list stays windowed: a few dozen rows in the DOM, every token reachable by scroll and keyboard', async ({ desk }) => {
    await expect(desk.getByTestId('token-count')).toHaveText('3,017 tokens');
    expect(await desk.getByTestId('token-row').count()).toBeLessThan(60);
    const grid = desk.getByRole('grid', { name: 'Tokens' });
    await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(row(desk, 'staging-shipper')).toBeVisible(); // the last one (never expires, last by name)
    expect(await desk.getByTestId('token-row').count()).toBeLessThan(60);

    await grid.focus();
    await desk.keyboard.press('Home');
    await expect(row(desk, 'backup-exporter')).toHaveAttribute('aria-selected', 'true');
    await expect(grid).toHaveAttribute('aria-activedescendant', /^token-row-/);
    await desk.keyboard.press('ArrowDown');
    await expect(row(desk, 'on-call-pager')).toHaveAttribute('aria-selected', 'true');
    await desk.keyboard.press('End');
    await expect(row(desk, 'staging-shipper')).toHaveAttribute('aria-selected', 'true');

    await desk.getByRole('searchbox', { name: 'Search tokens' }).fill('seed-system-2999');
    await expect(desk.getByTestId('token-count')).toHaveText('1 of 3,017 tokens');
    await desk.screenshot({ path: test.info().outputPath('many.png') });
  });
});

test('empty states teach the next step', async ({ app, harness }) => {
  await expect(app.getByTestId('tokens-empty')).toContainText('Add an OVHcloud or LogScale account');
  // An account that was never read: the list offers to sync it.
  await harness.core.addAccount({ provider: 'logscale', label: 'Unread', baseUrl: 'http://127.0.0.1:9', token: 'never-used-token' });
  await expect(app.getByTestId('tokens-empty')).toContainText('Your accounts have not been read yet');
  await expect(app.getByTestId('tokens-empty').getByRole('button', { name: 'Sync now' })).toBeVisible();
  await app.screenshot({ path: test.info().outputPath('empty-unsynced.png') });
});
