/**
 * The token list over both emulators: what each row shows, the sidebar's scopes and counts, the
 * shared countdown clock (the page's clock, seeded from the scenario), search, filters with
 * several values, sort by a heading and reversed, revoked and gone tokens after live ones and
 * hidden by default, tooltips on truncated text, and the windowed list with thousands of tokens.
 */
import { details, expect, openApp, row, scope, test } from './fixtures';

const MINUTE = 60_000;

test('lists every token: provider, account, name, kind, scope, created, countdown, status; the details show every field', async ({ desk }) => {
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');

  const ci = row(desk, 'ci-deploy-reader');
  await expect(ci).toContainText('LogScale');
  await expect(ci).toContainText('Production LogScale');
  await expect(ci).toContainText('System');
  await expect(ci).toContainText('2 permissions');
  await expect(ci.getByTestId('countdown')).toHaveText(/^in 2 d 23 h$/);
  await expect(ci.getByTestId('status')).toHaveText('Expiring');

  const ldp = row(desk, 'graylog-dashboards');
  await expect(ldp).toContainText('OVH Europe');
  await expect(ldp).toContainText('LDP');
  await expect(ldp).toContainText(/Production logs · \w+\.logs\.ovh\.com/);
  await expect(ldp.getByTestId('countdown')).toHaveText('never');
  await expect(ldp.getByTestId('status')).toHaveText('Active');
  await expect(row(desk, 'grafana-health-probe')).toContainText('IP filter CI runners');

  // Colour states: within 1 day, 7 days, 14 days, expired, later.
  await expect(row(desk, 'on-call-pager').getByTestId('countdown')).toHaveClass(/lvl-d1/);
  await expect(ci.getByTestId('countdown')).toHaveClass(/lvl-d7/);
  await expect(row(desk, 'grafana-health-probe').getByTestId('countdown')).toHaveClass(/lvl-d14/);
  await expect(row(desk, 'usage-reporting').getByTestId('countdown')).toHaveClass(/lvl-ok/);
  const expired = row(desk, 'backup-exporter');
  await expect(expired.getByTestId('countdown')).toHaveText(/^expired (just now|\d+ min ago)$/);
  await expect(expired.getByTestId('status')).toHaveText('Expired');
  // Its details say it once: "Expired 2 min ago", not "Expired expires expired 2 min ago".
  await expired.locator('.t-name').click();
  await expect(details(desk).locator('.d-state')).toHaveText(/^\s*Expired\s+(just now|\d+ min ago)\s*$/);

  // Truncated text keeps its whole in a tooltip.
  await expect(row(desk, 'vector-forwarder').locator('.t-scope')).toHaveAttribute(
    'title',
    /^Security logs · IAM user log-shipper · 1 policy · last used \d{4}-\d\d-\d\d$/,
  );

  // The details of an IAM personal access token: its user, policies, last use, exact dates.
  await row(desk, 'vector-forwarder').locator('.t-name').click();
  const pane = details(desk);
  await expect(pane.getByRole('heading', { name: 'vector-forwarder' })).toBeVisible();
  const facts = pane.getByTestId('detail-facts');
  await expect(facts).toContainText(/IAM user\s*log-shipper\s*Description\s*Vector on the SIEM hosts/);
  await expect(facts).toContainText(/Policies\s*ldp-access-log-shipper: ldp:graylog:stream\/read/);
  await expect(pane.getByTestId('detail-last-used')).toHaveText(/\([12] h ago\)$/);
  await expect(pane.getByTestId('detail-why')).toContainText('OVHcloud shows a personal access token only once');
  await expect(pane.getByRole('button', { name: 'Copy' })).toBeDisabled();
  await expect(pane.getByRole('button', { name: 'Rotate' })).toBeEnabled();

  // A LogScale token Tokendesk created: permissions by their labels, a fingerprint id, its history.
  await row(desk, 'release-pipeline').locator('.t-name').click();
  await expect(pane.getByRole('heading', { name: 'release-pipeline' })).toBeVisible();
  await expect(facts).toContainText(/Permissions\s*Read health check/);
  await expect(pane.getByTestId('detail-fingerprint')).toHaveText(/^[0-9a-f]{12}$/);
  await expect(pane.getByTestId('detail-history')).toContainText('Created');
  for (const action of ['Copy', 'Reveal', 'Verify', 'Rotate', 'Revoke…']) await expect(pane.getByRole('button', { name: action, exact: true })).toBeEnabled();
  await expect(desk.getByRole('grid', { name: 'Tokens' })).toHaveAttribute('aria-rowcount', '18');
});

test('one shared clock: countdowns follow the page clock by the minute, by the second in the last minutes, and stop while the window is hidden', async ({
  page,
  harness,
  scenario,
}) => {
  const pagerExpires = Date.parse(scenario.token('on-call-pager').expiresAt!); // 50 minutes after the seed
  // The page's time: 30 s into a minute, about 45 minutes before the expiry, paused there.
  const start = Math.floor((pagerExpires - 45 * MINUTE) / MINUTE) * MINUTE - MINUTE + 30_000;
  const check = await openApp(page, harness, { clockAt: start - 10 * MINUTE, pauseAt: start });
  const pager = row(page, 'on-call-pager').getByTestId('countdown');
  const left = (at: number) => Math.floor((pagerExpires - (Math.floor(at / MINUTE) * MINUTE + MINUTE)) / MINUTE);
  await expect(pager).toHaveText(`in ${left(start)} m`);

  await page.clock.runFor(MINUTE);
  await expect(pager).toHaveText(`in ${left(start + MINUTE)} m`);

  // Hidden: the clock stops, nothing changes however long it stays hidden; shown again, it catches up.
  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.clock.runFor(3 * MINUTE);
  await expect(pager).toHaveText(`in ${left(start + MINUTE)} m`);
  await setHidden(false);
  await expect(pager).toHaveText(`in ${left(start + 4 * MINUTE)} m`);

  // The last five minutes: seconds, every second.
  await page.clock.runFor(pagerExpires - 4 * MINUTE - (start + 4 * MINUTE) + 1_000);
  await expect(pager).toHaveText(/^in [34] m \d\d s$/);
  const before = await pager.textContent();
  await page.clock.runFor(1_000);
  await expect(pager).not.toHaveText(before!);
  // And it expires on time.
  await page.clock.runFor(5 * MINUTE);
  await expect(pager).toHaveText(/^expired (just now|1 min ago)$/);
  await expect(row(page, 'on-call-pager').getByTestId('status')).toHaveText('Expired');
  check();
});

test('the sidebar scopes the list (expiring soon, expired, a provider, an account) and counts each', async ({ desk }) => {
  const names = () => desk.getByTestId('token-row').locator('.t-name').allTextContents();
  await expect(scope(desk, /^All tokens/)).toContainText('17');
  await expect(scope(desk, /^Expiring soon/)).toContainText('3');
  await scope(desk, /^Expiring soon/).click();
  await expect(desk.getByRole('heading', { name: 'Expiring soon' })).toBeVisible();
  await expect.poll(names).toEqual(['on-call-pager', 'ci-deploy-reader', 'grafana-health-probe']);
  await scope(desk, /^Expired/).click();
  await expect.poll(names).toEqual(['backup-exporter']);
  await scope(desk, /^OVHcloud/).click();
  await expect(desk.getByTestId('token-count')).toHaveText('6 tokens');
  await scope(desk, /^OVH Europe/).click();
  await expect(desk.getByRole('heading', { name: 'OVH Europe', level: 2 })).toBeVisible();
  await expect(desk.getByTestId('account-sync')).toHaveText('Synced just now');
  await expect(desk.getByTestId('token-count')).toHaveText('6 tokens');
  await scope(desk, /^All tokens/).click();
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');
});

test('search as you type, filters with several values, sort by a heading and reversed', async ({ desk }) => {
  const names = () => desk.getByTestId('token-row').locator('.t-name').allTextContents();
  const search = desk.getByRole('searchbox', { name: 'Search tokens' });

  await search.pressSequentially('grafa');
  await expect(desk.getByTestId('token-count')).toHaveText('1 of 17 tokens');
  expect(await names()).toEqual(['grafana-health-probe']);
  await search.fill('production logs shipper'); // every word, anywhere
  await expect.poll(names).toEqual(['fluent-bit-shipper']);
  await search.fill('');

  // Kinds: view and IAM PAT at once.
  await desk.getByRole('button', { name: 'Filter and sort' }).click();
  const panel = desk.getByRole('group', { name: 'Filter and sort' });
  await panel.getByRole('checkbox', { name: 'View' }).check();
  await panel.getByRole('checkbox', { name: 'IAM PAT' }).check();
  await expect.poll(async () => (await names()).sort()).toEqual(['audit-search', 'vector-forwarder', 'web-dashboards']);
  await panel.getByRole('checkbox', { name: 'IAM PAT' }).uncheck();
  await panel.getByRole('checkbox', { name: 'View' }).uncheck();
  // Statuses: expired or expiring.
  await panel.getByRole('checkbox', { name: 'Expired' }).check();
  await panel.getByRole('checkbox', { name: 'Expiring' }).check();
  await expect.poll(names).toEqual(['backup-exporter', 'on-call-pager', 'ci-deploy-reader', 'grafana-health-probe']);
  await panel.getByRole('radio', { name: 'Within 7 days' }).check();
  await expect.poll(names).toEqual(['on-call-pager', 'ci-deploy-reader']);
  await desk.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(desk.getByRole('button', { name: 'Filter and sort (3)' })).toBeFocused();
  // Each filter is a chip that removes it.
  await desk.getByRole('button', { name: 'Remove filter Expires within 7 days' }).click();
  await desk.getByRole('button', { name: 'Remove filter Status: Expired' }).click();
  await desk.getByRole('button', { name: 'Remove filter Status: Expiring' }).click();
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');

  // Sort: expiry (soonest first) by default; a heading sorts by it, a second click reverses.
  await expect.poll(async () => (await names()).slice(0, 3)).toEqual(['backup-exporter', 'on-call-pager', 'ci-deploy-reader']);
  const name = desk.getByRole('columnheader', { name: 'Name' });
  await name.getByRole('button').click();
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await names())[0]).toBe('audit-search');
  await name.getByRole('button').click();
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await names())[0]).toBe('web-dashboards');
  await desk.getByRole('columnheader', { name: 'Created' }).getByRole('button').click();
  await expect.poll(async () => (await names())[0]).toBe('sso-sync'); // the oldest of the seeded tokens
  // From the keyboard: the same sort in "Filter and sort".
  await desk.getByRole('button', { name: 'Filter and sort' }).click();
  await expect(panel.getByRole('radio', { name: 'Created' })).toBeChecked();
  await panel.getByRole('checkbox', { name: 'Reverse order' }).check();
  await expect(desk.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await names()).at(-1)).toBe('sso-sync');
  await panel.getByRole('radio', { name: 'Expiry' }).check();
  await panel.getByRole('checkbox', { name: 'Reverse order' }).uncheck();
  await desk.keyboard.press('Escape');

  // Nothing matches: the empty state says so and offers the way back.
  await search.fill('no such token anywhere');
  await expect(desk.getByTestId('tokens-no-match')).toContainText('No token matches “no such token anywhere”');
  await desk.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(desk.getByTestId('token-count')).toHaveText('17 tokens');
});

test('revoked and gone tokens: no countdown but the date they ended, after live ones, hidden until asked for', async ({ desk, harness, scenario }) => {
  // One revoked in Tokendesk, one deleted at the provider (gone at the next sync).
  const ci = scenario.token('ci-deploy-reader');
  await harness.core.tokens.revoke(ci.id, 'ci-deploy-reader');
  scenario.ovh.state.service(scenario.services.staging).tokens.forEach((t, id, all) => t.name === 'qa-readonly' && all.delete(id));
  await harness.core.tokens.sync([scenario.accounts.ovh.id]);

  await expect(row(desk, 'ci-deploy-reader')).toHaveCount(0);
  await expect(row(desk, 'qa-readonly')).toHaveCount(0);
  await expect(desk.getByTestId('token-count')).toHaveText('15 tokens');
  await expect(scope(desk, /^Revoked & gone/)).toContainText('2');
  const toggle = desk.getByRole('checkbox', { name: /Show revoked & gone \(2\)/ });
  await toggle.check();
  const names = await desk.getByTestId('token-row').locator('.t-name').allTextContents();
  expect(names.slice(-2).sort()).toEqual(['ci-deploy-reader', 'qa-readonly']); // after every live token
  const day = new Date(scenario.now).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  await expect(row(desk, 'ci-deploy-reader').getByTestId('countdown')).toHaveText(`revoked on ${day}`);
  await expect(row(desk, 'ci-deploy-reader').getByTestId('status')).toHaveText('Revoked');
  await expect(row(desk, 'qa-readonly').getByTestId('countdown')).toHaveText(`gone since ${day}`);
  await expect(row(desk, 'qa-readonly').getByTestId('status')).toHaveText('Gone');
  // Their details say why nothing can be done with them.
  await row(desk, 'ci-deploy-reader').locator('.t-name').click();
  await expect(details(desk).getByRole('button', { name: 'Revoke…' })).toBeDisabled();
  await expect(details(desk).getByTestId('detail-why')).toHaveText('Revoked.');
  await expect(details(desk).getByTestId('detail-history')).toContainText('Revoked');
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
    await desk.keyboard.press('PageDown');
    await expect(row(desk, 'backup-exporter')).toHaveCount(1);
    await desk.keyboard.press('End');
    await expect(row(desk, 'staging-shipper')).toHaveAttribute('aria-selected', 'true');

    await desk.getByRole('searchbox', { name: 'Search tokens' }).fill('seed-system-2999');
    await expect(desk.getByTestId('token-count')).toHaveText('1 of 3,017 tokens');
  });
});
