/**
 * The core: every service of the app wired together, with no Electron in sight. The Electron
 * shell, the browser harness, the CLI and the benchmarks all build one of these.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { AccountSummary, AddAccountInput, AppInfo, EditAccountInput, LostValue } from './model';
import { accountSecretKey, AccountService, recoverAccounts, splitInput, type RecoveredAccounts } from './accounts/account-service';
import { planAccountEdit } from './accounts/account-edit';
import { AccountResourceReads } from './accounts/account-resources';
import { ExpiryAlerter } from './alerts/expiry-alerter';
import { AuditLog, type AuditAnchor, type AuditHead } from './audit/audit-log';
import { ClipboardGuard } from './clipboard/clipboard-guard';
import { AppError } from './errors';
import { CoreEvents } from './events';
import type { Keychain } from './vault/keychain';
import { loadFingerprintKey } from './leak/fingerprint';
import { LeakService } from './leak/leak-service';
import { ScanService } from './scan/scan-service';
import { SecretInjection } from './inject/secret-injection';
import { rememberSecret } from './log/known-secrets';
import { silentLogger, type Logger } from './log/logger';
import { OvhConsumerKeyOnboarding } from './accounts/ovh-consumer-key';
import type { Platform } from './platform';
import { SettingsService } from './settings/settings-service';
import { MetadataStore, STORE_FILE } from './store/metadata-store';
import { ProfileLock } from './store/profile-lock';
import { removeLeftoverTempFiles } from './store/atomic-file';
import type { ProviderAdapter } from './tokens/adapter';
import { buildAdapter, createAdapterRegistry } from './tokens/adapter-registry';
import { tokenSecretKey, valueReadableAgain } from './tokens/record';
import { SyncStates } from './tokens/sync-state';
import { TokenService } from './tokens/token-service';
import { diffRecords, TokenStore, type TokenDelta } from './tokens/token-store';
import { relinkSecrets } from './tokens/recovery';
import { openSecrets } from './vault/open-secrets';
import { VAULT_FILE, type SecretStore, type Vault, type VaultOpened } from './vault/vault';

export interface CoreOptions {
  /** The profile folder: store, vault and audit log (Electron's userData, the CLI's data dir, a test's temp dir). */
  profileDir: string;
  /** The OS keychain; it holds one item, the vault key. */
  keychain: Keychain;
  platform: Platform;
  version: string;
  runtime: AppInfo['runtime'];
  now?: () => number;
  /** Where internal errors go; redacted. The shell passes electron-log, Node hosts a console logger. */
  logger?: Logger;
  /** Tests and benchmarks may supply adapters; by default they are built from each account. */
  adapterFor?: (accountId: string) => Promise<ProviderAdapter>;
  /** Tests only: wraps the vault (to make its writes fail like a full disk would). */
  wrapSecrets?: (secrets: SecretStore) => SecretStore;
}

export interface Core {
  readonly events: CoreEvents;
  readonly accounts: AccountService;
  readonly tokens: TokenService;
  readonly leak: LeakService;
  /** Files and git history searched for the tokens Tokendesk knows. */
  readonly scan: ScanService;
  /** Token values handed to a command (environment) or rendered into a 0600 file, audited. */
  readonly inject: SecretInjection;
  /** What each account holds besides tokens (services, IP filters, views, policies), read-only. */
  readonly resources: AccountResourceReads;
  readonly audit: AuditLog;
  readonly settings: SettingsService;
  readonly syncStates: SyncStates;
  readonly clipboard: ClipboardGuard;
  readonly alerts: ExpiryAlerter;
  readonly logger: Logger;
  readonly ovhOnboarding: OvhConsumerKeyOnboarding;
  info(): AppInfo;
  /** Shows a notification through the platform (used by tray actions that fail without a window). */
  platformNotify(n: { title: string; body: string }): void;
  /** Proves an account's credentials work (one sentence), or throws the provider's error. */
  testAccount(id: string): Promise<{ detail: string }>;
  /** Adds an account; with `test`, only once its connection works (the provider's error otherwise, nothing saved). */
  addAccount(input: AddAccountInput, options?: { test?: boolean }): Promise<AccountSummary>;
  /**
   * Changes an account's label, URL or credentials. A new URL or new credentials are tested first
   * (unless `test: false`): if the provider refuses them, nothing is saved.
   */
  editAccount(id: string, input: EditAccountInput): Promise<AccountSummary>;
  /** Removes an account, its token records and every secret it held. */
  removeAccount(id: string): Promise<void>;
  /**
   * Follows the profile folder and shows what another process (the CLI, a second app) changed:
   * accounts, tokens and settings events as if the change were ours. The app calls it; the CLI does not.
   */
  watchProfile(): () => void;
  /** Files this process wrote since it opened the profile: the store and the vault (benchmarks, support). */
  writes(): { store: number; vault: number };
  /** Clears a pending clipboard copy (quit, lock) and stops watching the profile. */
  shutdown(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { platform, version, runtime } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const events = new CoreEvents();
  const lock = new ProfileLock(options.profileDir, (error) => logger.warn('The profile lock was lost while held (the process was too busy to keep it fresh).', error));
  const opened = MetadataStore.open(lock);
  const store = opened.store;
  // A writer killed between its temp file and its rename leaves the temp file behind.
  await lock.run(async () => void (await Promise.all([store.path, join(options.profileDir, VAULT_FILE)].map(removeLeftoverTempFiles))));
  // Every value the vault holds is known to the log redactor from the moment the process holds it.
  const vault = await openSecrets({ lock, keychain: options.keychain, logger, onSecrets: rememberVaultEntries });
  const secrets: SecretStore = options.wrapSecrets ? options.wrapSecrets(vault.secrets) : vault.secrets;

  // A damaged settings file was set aside: rebuild the accounts from the vault; syncs rebuild the tokens.
  const recovered: RecoveredAccounts | undefined = opened.recoveredFrom && vault.vault ? await recoverAccounts(store, secrets) : undefined;
  const relinkPending = new Set(recovered ? store.get('accounts').map((a) => a.id) : []);
  const accounts = new AccountService(store, secrets, (list) => events.emit('accounts:changed', list));
  const settings = new SettingsService(store, (s) => events.emit('settings:changed', s));
  const registry = createAdapterRegistry(accounts, () => settings.get(), now);
  const adapterFor = options.adapterFor ?? registry.adapterFor;
  // Loaded now, while the vault is known to work, so no later secret depends on a first write.
  let fingerprintKey: Promise<Buffer> | undefined = vault.vault ? Promise.resolve(await loadFingerprintKey(secrets)) : undefined;
  const announceTokens = (delta: TokenDelta): void => {
    // A record's summary depends on its neighbours (a shared name needs the id to confirm a
    // revoke): the live records sharing a name with a changed one are sent again too.
    const touched = new Set([...delta.added, ...delta.changed, ...delta.removedRecords].map((r) => `${r.accountId}\u0000${r.name}`));
    const addedIds = new Set(delta.added.map((r) => r.id));
    const changed = new Map(delta.changed.map((r) => [r.id, r]));
    for (const r of tokenStore.all()) if (!addedIds.has(r.id) && !changed.has(r.id) && touched.has(`${r.accountId}\u0000${r.name}`)) changed.set(r.id, r);
    events.emit('tokens:changed', { added: tokens.summaries(delta.added), changed: tokens.summaries([...changed.values()]), removed: delta.removed });
  };
  const tokenStore = new TokenStore(store, secrets, () => (fingerprintKey ??= loadFingerprintKey(secrets)), announceTokens);
  const accountsWithoutCredentials = vault.vault ? store.get('accounts').filter((a) => !secrets.has(accountSecretKey(a.id))).length : 0;
  const audit = new AuditLog(join(options.profileDir, 'audit.jsonl'), actorName(), lock, undefined, vault.vault ? vaultAnchor(vault.vault) : undefined);
  const clipboard = new ClipboardGuard(platform.clipboard, () => settings.get().clipboardClearSeconds, (state) => events.emit('clipboard:changed', state), now);
  const syncStates = new SyncStates((states) => events.emit('sync:changed', states), (progress) => events.emit('sync:progress', progress), now);
  const afterAccountSync = async (accountId: string): Promise<void> => {
    if (!relinkPending.delete(accountId)) return;
    await relinkSecrets(tokenStore, accountId);
  };
  const tokens = new TokenService({ tokens: tokenStore, lock, accounts, adapterFor, audit, clipboard, syncStates, now, afterAccountSync, fingerprintRetentionDays: () => settings.get().fingerprintRetentionDays });
  // After the token service exists: marking the lost values announces a token delta, which it words.
  const lostValues = vault.vault ? await forgetLostValues(tokenStore, secrets, store) : [];
  if (vault.vault) {
    await accounts.learnSignInTokens();
    await tokens.pruneFingerprints();
  }
  const leak = new LeakService(tokenStore, tokens, accounts, adapterFor, audit, now);
  const scan = new ScanService(tokenStore, leak, audit);
  const inject = new SecretInjection(tokens, accounts, audit);
  const resources = new AccountResourceReads(accounts, adapterFor);
  const labels = new Map<string, string>();
  events.subscribe((name, payload) => {
    if (name === 'accounts:changed') for (const a of payload as AccountSummary[]) labels.set(a.id, a.label);
  });
  for (const a of await accounts.list()) labels.set(a.id, a.label);
  const alerts = new ExpiryAlerter(store, () => tokenStore.all(), (id) => labels.get(id) ?? 'an account', (n) => platform.notify(n), () => settings.get().alertThresholdsDays, now);

  const info = (): AppInfo => ({
    version,
    runtime,
    keychain: { ...vault.keychain },
    store: opened.recoveredFrom ? { path: store.path, recoveredFrom: opened.recoveredFrom, restoredAccounts: recovered?.restored ?? 0 } : { path: store.path },
    vault: vaultInfo(vault.opened, lostValues, accountsWithoutCredentials),
  });

  async function addAccount(input: AddAccountInput, options: { test?: boolean } = {}): Promise<AccountSummary> {
    if (options.test) {
      const { connection, credentials } = splitInput(input);
      await (await buildAdapter(connection, async () => credentials, () => settings.get(), now)).testConnection();
    }
    const account = await accounts.add(input);
    await audit.append({ action: 'account-added', outcome: 'ok', accountId: account.id, provider: account.provider });
    return account;
  }

  async function editAccount(id: string, input: EditAccountInput): Promise<AccountSummary> {
    const account = (await accounts.list()).find((a) => a.id === id);
    if (!account) throw new AppError('not-found', 'That account does not exist (it may have been removed).');
    const plan = planAccountEdit(account, input);
    if ((plan.connection || plan.credentials) && input.test !== false) {
      const credentials = plan.credentials ?? (await accounts.credentials(id));
      await (await buildAdapter(plan.connection ?? account.connection, async () => credentials, () => settings.get(), now)).testConnection();
    }
    let edited = account;
    if (plan.label !== undefined || plan.connection) edited = await accounts.edit(id, { ...(plan.label !== undefined ? { label: plan.label } : {}), ...(plan.connection ? { connection: plan.connection } : {}) });
    if (plan.credentials) await accounts.replaceCredentials(id, plan.credentials);
    // The next request builds a client from the new settings.
    registry.forget(id);
    if (plan.changed.length) await audit.append({ action: 'account-edited', outcome: 'ok', accountId: id, provider: account.provider, note: plan.changed.join(' ') });
    return (await accounts.list()).find((a) => a.id === id) ?? edited;
  }

  const ovhOnboarding = new OvhConsumerKeyOnboarding(platform, (input) => addAccount(input), async (label) => (await accounts.list()).some((a) => a.label.toLowerCase() === label.toLowerCase()));
  const testAccount = async (id: string) => (await adapterFor(id)).testConnection();

  async function removeAccount(id: string): Promise<void> {
    const held = tokenStore.all().filter((r) => r.accountId === id);
    await accounts.remove(id);
    await tokenStore.update((records) => records.filter((r) => r.accountId !== id));
    await tokenStore.purgeSecrets(held.map((r) => r.id));
    registry.forget(id);
    syncStates.forget(id);
    await audit.append({ action: 'account-removed', outcome: 'ok', accountId: id, note: `${held.length} tokens forgotten` });
  }

  // Another process changed the store: tell the window what changed, as for our own changes.
  store.onReload(async (before, after) => {
    if (before.accounts !== after.accounts) {
      for (const id of before.accounts.filter((a) => !after.accounts.some((b) => b.id === a.id)).map((a) => a.id)) registry.forget(id);
      events.emit('accounts:changed', await accounts.list());
    }
    if (before.tokens !== after.tokens) tokenStore.announce(diffRecords(before.tokens, after.tokens));
    if (before.settings !== after.settings) events.emit('settings:changed', settings.get());
  });

  let watcher: FSWatcher | undefined;
  const watchProfile = (): (() => void) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reload = (): void => {
      void vault.vault?.refresh().catch((error: unknown) => logger.warn('Could not re-read the vault.', error));
      void store.refresh().catch((error: unknown) => logger.warn('Could not re-read the settings file.', error));
    };
    watcher = watch(options.profileDir, (_event, file) => {
      if (file !== STORE_FILE && file !== VAULT_FILE) return;
      clearTimeout(timer);
      timer = setTimeout(reload, 50);
    });
    watcher.on('error', (error) => logger.warn('Stopped following the profile folder.', error));
    return () => {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    };
  };

  return {
    events, accounts, tokens, leak, scan, inject, resources, audit, settings, syncStates, clipboard, alerts, ovhOnboarding, info, testAccount, logger, addAccount, editAccount, removeAccount, watchProfile,
    platformNotify: (n) => platform.notify(n),
    writes: () => ({ store: store.writes, vault: vault.vault?.writes ?? 0 }),
    shutdown: async () => {
      watcher?.close();
      await clipboard.clear();
    },
  };
}

/** The audit log's head, kept in the vault: out of reach of whoever edits the log file alone. */
function vaultAnchor(vault: Vault): AuditAnchor {
  const KEY = 'audit:head';
  return {
    async read() {
      const raw = await vault.get(KEY);
      if (!raw) return null;
      const head = JSON.parse(raw) as AuditHead;
      return Number.isInteger(head.count) && typeof head.hash === 'string' ? head : null;
    },
    write: (head) => vault.set(KEY, JSON.stringify(head)),
  };
}

/**
 * Tells the log redactor every secret the vault holds: token values and keys as they are, account
 * credentials field by field (a log line would quote a field, not the JSON); the accounts' records
 * kept for recovery are not secret.
 */
function rememberVaultEntries(entries: Iterable<readonly [key: string, value: string]>): void {
  for (const [key, value] of entries) {
    if (key.startsWith('account-meta:') || key === 'audit:head') continue;
    if (!key.startsWith('account:')) {
      rememberSecret(value);
      continue;
    }
    try {
      for (const field of Object.values(JSON.parse(value) as Record<string, unknown>)) if (typeof field === 'string' && field !== 'consumer-key' && field !== 'oauth2') rememberSecret(field);
    } catch {
      rememberSecret(value);
    }
  }
}

/**
 * What the window and the CLI are told about the vault. A new vault in a profile whose records
 * expected values or credentials in it means the file was lost (an upgrade from per-item keychain
 * entries fills the new vault first, so it does not count).
 */
function vaultInfo(opened: VaultOpened | undefined, lostValues: LostValue[], accountsWithoutCredentials: number): AppInfo['vault'] {
  if (!opened) return { state: 'unavailable', lostValues: [] };
  if (opened.status === 'reset') return { state: 'reset', reason: opened.reason, setAside: opened.setAside, lostValues };
  if (opened.status === 'created' && (lostValues.length > 0 || accountsWithoutCredentials > 0)) return { state: 'reset', reason: 'file-lost', lostValues };
  return { state: opened.status, lostValues };
}

/**
 * Records that say they hold a value the vault does not have (a lost vault key, a damaged or
 * missing vault file): they are marked as holding none, in one write, and listed for the window.
 * An LDP value, a LogScale ingest token or an LDP stream write token comes back at the next sync
 * (the provider answers it on every read); a value shown once (LogScale API tokens, IAM personal
 * access tokens) does not.
 */
async function forgetLostValues(tokens: TokenStore, secrets: SecretStore, store: MetadataStore): Promise<LostValue[]> {
  const lost = tokens.all().filter((r) => r.hasSecret && !secrets.has(tokenSecretKey(r.id)));
  if (lost.length === 0) return [];
  const ids = new Set(lost.map((r) => r.id));
  await tokens.update((records) => records.map((r) => (ids.has(r.id) ? { ...r, hasSecret: false } : r)));
  const labels = new Map(store.get('accounts').map((a) => [a.id, a.label]));
  return lost.map((r) => ({ tokenId: r.id, name: r.name, accountLabel: labels.get(r.accountId) ?? 'an account', comesBack: valueReadableAgain(r.kind) }));
}

function actorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
