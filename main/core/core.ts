/**
 * The core: every service of the app wired together, with no Electron in sight. The Electron
 * shell, the browser harness, the CLI and the benchmarks all build one of these.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { AccountChange, AccountSummary, AddAccountInput, AppInfo, AuditPage, AuditQuery, ConnectionCheck, Events, LostValue, TokenDetail } from './model';
import { accountSecretKey, AccountService, applyChange, recoverAccounts, splitInput, type RecoveredAccounts } from './accounts/account-service';
import { checkConnection } from './accounts/connection-check';
import { AppError } from './errors';
import { AccountResourceReads } from './accounts/account-resources';
import { ExpiryAlerter } from './alerts/expiry-alerter';
import { AuditLog, type AuditAnchor, type AuditHead } from './audit/audit-log';
import { visibleEntry } from './audit/visible-entry';
import { ClipboardGuard } from './clipboard/clipboard-guard';
import { CoreEvents } from './events';
import type { Keychain } from './vault/keychain';
import { loadFingerprintKey } from './leak/fingerprint';
import { LeakService } from './leak/leak-service';
import { ScanService } from './scan/scan-service';
import { SecretInjection } from './inject/secret-injection';
import { rememberSecret } from './log/known-secrets';
import { LockService } from './lock/lock-service';
import { VERIFIER_KEY, type ScryptCost, type SecretSlot } from './lock/verifier';
import { silentLogger, type Logger } from './log/logger';
import { OvhConsumerKeyOnboarding } from './accounts/ovh-consumer-key';
import type { Platform } from './platform';
import { SettingsService } from './settings/settings-service';
import { MetadataStore, STORE_FILE } from './store/metadata-store';
import { secureProfileFolder } from './store/profile-files';
import { ProfileLock } from './store/profile-lock';
import { removeLeftoverTempFiles } from './store/atomic-file';
import type { ProviderAdapter } from './tokens/adapter';
import { buildAdapter, createAdapterRegistry } from './tokens/adapter-registry';
import { tokenSecretKey, valueReadableAgain } from './tokens/record';
import { SyncStates } from './tokens/sync-state';
import { TokenService } from './tokens/token-service';
import { diffRecords, TokenStore, type TokenDelta } from './tokens/token-store';
import type { ProfileItems } from './vault/keychain-migration';
import { openSecrets } from './vault/open-secrets';
import { VAULT_FILE, type SecretStore, type Vault, type VaultOpened } from './vault/vault';
import { tokenDetail } from './tokens/token-details';

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
  /** Where the app lock keeps its verifier; the vault by default (the keychain when the vault is unavailable). */
  lockSlot?: SecretSlot;
  /** scrypt cost of the lock's verifier (tests lower it). */
  lockCost?: ScryptCost;
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
  readonly lock: LockService;
  info(): AppInfo;
  /** Shows a notification through the platform (used by tray actions that fail without a window). */
  platformNotify(n: { title: string; body: string }): void;
  /** Proves an account's credentials work (one sentence), or throws the provider's error. */
  testAccount(id: string): Promise<{ detail: string }>;
  /** Adds an account; with `test`, only once its connection works (the provider's error otherwise, nothing saved). */
  addAccount(input: AddAccountInput, options?: { test?: boolean }): Promise<AccountSummary>;
  /**
   * Edits an account (label, address, credential); its adapter is rebuilt on next use. With `test`,
   * a new address or credential is tried first and a refused one saves nothing (the CLI; the window
   * runs `checkAccount` itself, to offer "Save anyway").
   */
  updateAccount(id: string, change: AccountChange, options?: { test?: boolean }): Promise<AccountSummary>;
  /** Tests a new account, or an existing one as it would be after `change`, without saving anything. */
  checkAccount(target: { account: AddAccountInput } | { id: string; change: AccountChange }): Promise<ConnectionCheck>;
  /** Asks OVHcloud for a new consumer key for an existing account (the guided request); finish with ovhOnboarding.finish. */
  renewOvhConsumerKey(id: string): Promise<{ pendingId: string; validationUrl: string; opened: boolean }>;
  /** One token in full, with its history (detail pane). */
  tokenDetail(id: string): Promise<TokenDetail>;
  /** The audit log, searched (account labels count as words of their entries). */
  searchAudit(query: AuditQuery): Promise<AuditPage>;
  /** Removes an account, its token records and every secret it held. */
  removeAccount(id: string): Promise<void>;
  /**
   * Follows the profile folder and shows what another process (the CLI, a second app) changed:
   * accounts, tokens and settings events as if the change were ours. The app calls it; the CLI does not.
   */
  watchProfile(): () => void;
  /** The admin has seen the lost values: the window and the CLI stop listing them. */
  forgetLostValues(): Promise<{ forgotten: number }>;
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
  secureProfileFolder(options.profileDir, logger);
  const lock = new ProfileLock(options.profileDir, (error) => logger.warn('The profile lock was lost while held (the process was too busy to keep it fresh).', error));
  const opened = MetadataStore.open(lock);
  const store = opened.store;
  // A writer killed between its temp file and its rename leaves the temp file behind.
  await lock.run(async () => void (await Promise.all([store.path, join(options.profileDir, VAULT_FILE)].map(removeLeftoverTempFiles))));
  // Every value the vault holds is known to the log redactor from the moment the process holds it.
  const items: ProfileItems = opened.recoveredFrom ? 'all' : { accountIds: new Set(store.get('accounts').map((a) => a.id)), tokenIds: new Set(store.get('tokens').map((t) => t.id)) };
  const vault = await openSecrets({ lock, keychain: options.keychain, logger, items, onSecrets: rememberVaultEntries, expectProfileId: store.get('vaultProfileId') ?? null });
  // The settings file remembers whose vault it goes with (a vault created or reset here, or one opened for the first time).
  if (vault.vault && store.get('vaultProfileId') !== vault.vault.id) await store.update(() => ({ vaultProfileId: vault.vault!.id }));
  const secrets: SecretStore = options.wrapSecrets ? options.wrapSecrets(vault.secrets) : vault.secrets;

  // A damaged settings file was set aside: rebuild the accounts from the vault; syncs rebuild the tokens.
  const recovered: RecoveredAccounts | undefined = opened.recoveredFrom && vault.vault ? await recoverAccounts(store, secrets) : undefined;
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

  const tokens = new TokenService({ tokens: tokenStore, lock, accounts, adapterFor, audit, clipboard, syncStates, now, fingerprintRetentionDays: () => settings.get().fingerprintRetentionDays });
  if (vault.vault) await forgetLostValues(tokenStore, secrets, store);
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
    vault: vaultInfo(vault.opened, store.get('lostValues') ?? [], accountsWithoutCredentials),
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

  async function updateAccount(id: string, change: AccountChange, options: { test?: boolean } = {}): Promise<AccountSummary> {
    const reconnects = change.credentials !== undefined || change.baseUrl !== undefined || change.endpoint !== undefined || change.customBaseUrl !== undefined;
    if (options.test && reconnects) {
      const check = await checkAccount({ id, change });
      if (!check.ok) throw AppError.fromPayload(check.error);
    }
    const account = await accounts.update(id, change);
    registry.forget(id);
    const what = [change.label !== undefined && 'label', (change.baseUrl ?? change.endpoint ?? change.customBaseUrl) !== undefined && 'address', change.credentials && 'credential'].filter(Boolean).join(', ');
    await audit.append({ action: 'account-updated', outcome: 'ok', accountId: id, provider: account.provider, note: what || 'nothing' });
    return account;
  }

  async function checkAccount(target: { account: AddAccountInput } | { id: string; change: AccountChange }): Promise<ConnectionCheck> {
    if ('account' in target) return checkConnection({ label: target.account.label, ...splitInput(target.account) }, () => settings.get(), now);
    const record = accounts.record(target.id);
    const draft = applyChange(record, target.change);
    const credentials = draft.credentials ?? (await accounts.credentials(target.id));
    return checkConnection({ label: target.change.label ?? record.label, connection: draft.connection, credentials }, () => settings.get(), now);
  }

  const ovhOnboarding = new OvhConsumerKeyOnboarding(
    platform,
    (input) => addAccount(input),
    async (label) => (await accounts.list()).some((a) => a.label.toLowerCase() === label.toLowerCase()),
    (id, auth) => updateAccount(id, { credentials: { provider: 'ovh', ...auth } }),
  );

  async function renewOvhConsumerKey(id: string): Promise<{ pendingId: string; validationUrl: string; opened: boolean }> {
    const record = accounts.record(id);
    const connection = record.connection;
    if (connection.provider !== 'ovh' || connection.authMode !== 'consumer-key') throw new AppError('invalid-input', 'Only an OVHcloud account that signs in with an application key has a consumer key to renew.');
    const credentials = await accounts.credentials(id);
    if (!('applicationSecret' in credentials)) throw new AppError('keychain-failed', 'The application secret of this account is missing from the keychain: paste a new credential instead.');
    return ovhOnboarding.startRenewal(id, {
      label: record.label,
      endpoint: connection.endpoint,
      ...(connection.endpoint === 'custom' ? { customBaseUrl: connection.baseUrl } : {}),
      applicationKey: connection.appId,
      applicationSecret: credentials.applicationSecret,
    });
  }

  // The app lock's verifier sits in the vault beside what it guards (the keychain holds only the vault key).
  const appLock = await LockService.open({
    slot: options.lockSlot ?? (vault.vault ? secrets : options.keychain),
    settings: () => settings.get(),
    ...(platform.power ? { power: platform.power } : {}),
    ...(platform.biometric ? { biometric: platform.biometric } : {}),
    onChange: (status) => events.emit('lock:changed', status),
    onLock: () => clipboard.clear(),
    audit: (facts) => audit.append(facts),
    now,
    ...(options.lockCost ? { cost: options.lockCost } : {}),
  });
  const stopLockWatch = appLock.watch();
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

  // A lost value that came back (the next sync of an LDP token, a restored vault file) is no longer lost.
  events.subscribe((name, payload) => {
    const lost = store.get('lostValues');
    if (name !== 'tokens:changed' || !lost?.length) return;
    const back = new Set([...(payload as Events['tokens:changed']).added, ...(payload as Events['tokens:changed']).changed].filter((t) => t.hasSecret).map((t) => t.id));
    if (lost.some((v) => back.has(v.tokenId))) void store.update((data) => ({ lostValues: (data.lostValues ?? []).filter((v) => !back.has(v.tokenId)) })).catch(() => undefined);
  });

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
    // The vault first: records the store brings may point at values it brings (a token the CLI created).
    const reload = async (): Promise<void> => {
      const vaultChanged = (await vault.vault?.refresh().catch((error: unknown) => void logger.warn('Could not re-read the vault.', error))) ?? false;
      const storeChanged = await store.refresh().catch((error: unknown) => void logger.warn('Could not re-read the settings file.', error));
      // Credentials replaced by another process change what the window shows of the accounts.
      if (vaultChanged && !storeChanged) events.emit('accounts:changed', await accounts.list());
    };
    watcher = watch(options.profileDir, (_event, file) => {
      if (file !== STORE_FILE && file !== VAULT_FILE) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 50);
    });
    watcher.on('error', (error) => logger.warn('Stopped following the profile folder.', error));
    return () => {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    };
  };

  return {
    events, accounts, tokens, leak, audit, settings, syncStates, clipboard, alerts, ovhOnboarding, info, testAccount, logger, addAccount, removeAccount, watchProfile,
    lock: appLock, updateAccount, checkAccount, renewOvhConsumerKey, scan, inject, resources,
    tokenDetail: async (id) => tokenDetail(tokens.require(id), tokens.summary(id), audit),
    searchAudit: async (query) => ((page) => ({ ...page, entries: page.entries.map(visibleEntry) }))(await audit.search(query, (e) => (e.accountId ? (labels.get(e.accountId) ?? '') : ''))),
    platformNotify: (n) => platform.notify(n),
    writes: () => ({ store: store.writes, vault: vault.vault?.writes ?? 0 }),
    async forgetLostValues() {
      const forgotten = store.get('lostValues')?.length ?? 0;
      if (forgotten) await store.update(() => ({ lostValues: [] }));
      return { forgotten };
    },
    shutdown: async () => {
      watcher?.close();
      stopLockWatch();
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
    if (key.startsWith('account-meta:') || key === 'audit:head' || key === VERIFIER_KEY) continue;
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
async function forgetLostValues(tokens: TokenStore, secrets: SecretStore, store: MetadataStore): Promise<void> {
  const lost = tokens.all().filter((r) => r.hasSecret && !secrets.has(tokenSecretKey(r.id)));
  if (lost.length === 0) return;
  const ids = new Set(lost.map((r) => r.id));
  await tokens.update((records) => records.map((r) => (ids.has(r.id) ? { ...r, hasSecret: false } : r)));
  const labels = new Map(store.get('accounts').map((a) => [a.id, a.label]));
  const found = lost.map((r) => ({ tokenId: r.id, name: r.name, accountLabel: labels.get(r.accountId) ?? 'an account', comesBack: valueReadableAgain(r.kind) }));
  // Kept in the settings file until the admin has seen them: the process that found them may be a
  // CLI run, and the window opens later. A value that comes back (a restored vault file, the next
  // sync of a value the provider answers again) is linked again by the sync.
  await store.update((data) => ({ lostValues: [...(data.lostValues ?? []).filter((v) => !ids.has(v.tokenId)), ...found] }));
}

function actorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
