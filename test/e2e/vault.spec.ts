/**
 * A vault that cannot be opened (its key gone from the keychain: a keyring reset, another
 * computer): the window says so once, names the file set aside, and lists which token values are
 * lost for good (LogScale: rotate them) and which come back at the next sync (LDP). "Got it" is
 * remembered: the next start says nothing.
 */
import { startHarness } from '../harness/server';
import { expect, expectAccessible, openApp, test } from './fixtures';

test('the vault key lost from the keychain: the banner names the file set aside and the lost values, split by whether they come back; "Got it" is remembered', async ({
  page,
  harness,
  keychain,
  scenario,
}) => {
  const ldpNames = harness.core.tokens
    .list()
    .filter((t) => t.kind === 'ldp' && t.hasSecret)
    .map((t) => t.name);
  expect(ldpNames.length).toBeGreaterThan(0);
  // The first harness stays up (its fixture removes the profile when it closes); each restart is
  // another process on the same profile, as the CLI or a second start would be.
  const dataDir = harness.dataDir;
  const [keyItem] = (await keychain.keys()).filter((k) => k.startsWith('vault-key:'));
  expect(keyItem).toBeDefined();
  await keychain.delete(keyItem!);

  const restarted = await startHarness({ keychain, dataDir });
  try {
    const check = await openApp(page, restarted);
    const banner = page.getByTestId('vault-banner');
    await expect(banner).toContainText('The vault could not be opened: its key is no longer in your OS keychain');
    await expect(banner).toContainText(/It was set aside as \S*vault\.tdv\.unreadable-\S+, untouched,/);
    await expect(banner.getByTestId('vault-lost-gone')).toContainText('lost for good');
    await expect(banner.getByTestId('vault-lost-gone')).toContainText('“release-pipeline” (Production LogScale)');
    for (const name of ldpNames) await expect(banner.getByTestId('vault-lost-back')).toContainText(`“${name}”`);
    await page.screenshot({ path: test.info().outputPath('vault-reset.png') });

    await banner.getByRole('button', { name: 'Got it' }).click();
    await expect(banner).toHaveCount(0);
    expect(restarted.core.profile.info().vault.lostValues).toEqual([]);
    check();
  } finally {
    await restarted.close();
  }

  // Started again: the admin has seen it; nothing to say.
  const again = await startHarness({ keychain, dataDir });
  try {
    const other = await page.context().newPage();
    const check = await openApp(other, again);
    await expect(other.getByTestId('token-row').first()).toBeVisible();
    await expect(other.getByTestId('vault-banner')).toHaveCount(0);
    check();
    await other.close();
  } finally {
    await again.close();
  }
  void scenario;
});

test('many values lost: the banner names a few and "and N more", lists them all behind "Show all", and the list stays in view', async ({
  page,
  harness,
  keychain,
  scenario,
}) => {
  for (let i = 0; i < 40; i++) scenario.ovh.addToken(scenario.services.production, { name: `shipper-${String(i).padStart(2, '0')}` });
  await harness.core.tokens.sync([scenario.accounts.ovh.id]);
  const ldp = harness.core.tokens.list().filter((t) => t.kind === 'ldp' && t.hasSecret);
  expect(ldp.length).toBe(45);
  const [keyItem] = (await keychain.keys()).filter((k) => k.startsWith('vault-key:'));
  await keychain.delete(keyItem!);

  const restarted = await startHarness({ keychain, dataDir: harness.dataDir });
  try {
    const check = await openApp(page, restarted);
    const banner = page.getByTestId('vault-banner');
    const back = banner.getByTestId('vault-lost-back');
    // After a reset the account's credential is gone too: the sentence says what the sync needs.
    await expect(back).toContainText(
      /^45 LDP token values come back at the next sync of their account, once the account has its credential again: (“[^”]+” \(OVH Europe\), ){4}“[^”]+” \(OVH Europe\) and 40 more\.$/,
    );
    const all = banner.getByTestId('vault-all-back');
    await expect(all.getByRole('list')).toBeHidden(); // closed: only the summary shows
    await all.getByText('Show all 45').click();
    await expect(all.getByRole('list', { name: 'LDP values that come back' }).getByRole('listitem')).toHaveCount(45);
    for (const t of ldp) await expect(all.getByRole('listitem').filter({ hasText: new RegExp(`^“${t.name}” \\(OVH Europe\\)$`) })).toHaveCount(1);
    // The banner leaves the list in view (a few lines, the rest scrolls inside it).
    await expect(page.getByTestId('token-row').first()).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath('vault-many-lost.png') });
    await expectAccessible(page, 'the vault banner, every lost value shown', '[data-testid="vault-banner"]');
    check();
  } finally {
    await restarted.close();
  }
});
