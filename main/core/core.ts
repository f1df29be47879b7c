/**
 * The core: every service of the app wired together, with no Electron in sight. The Electron
 * shell, the browser harness, the CLI and the benchmarks all build one of these.
 */
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import type { AccountChange, AccountSummary, AddAccountInput, AppInfo, AuditPage, AuditQuery, ConnectionCheck, TokenDetail } from './model';
import { AccountService, applyChange, recoverAccounts, splitInput, type RecoveredAccounts } from './accounts/account-service';
import { checkConnection } from './accounts/connection-check';
import { ExpiryAlerter } from './alerts/expiry-alerter';
import { AuditLog } from './audit/audit-log';
import { ClipboardGuard } from './clipboard/clipboard-guard';
import { AppError } from './errors';
import { CoreEvents } from './events';
import { probeKeychain, type Keychain, type KeychainStatus } from './vault/keychain';
import { loadFingerprintKey } from './leak/fingerprint';
import { LeakService } from './leak/leak-service';
import { LockService } from './lock/lock-service';
import type { ScryptCost, SecretSlot } from './lock/verifier';
import { silentLogger, type Logger } from './log/logger';
import { OvhConsumerKeyOnboarding } from './accounts/ovh-consumer-key';
import type { Platform } from './platform';
import { SettingsService } from './settings/settings-service';
import type { OpenedStore } from './store/metadata-store';
import type { ProviderAdapter } from './tokens/adapter';
import { createAdapterRegistry } from './tokens/adapters/registry';
import { SyncStates } from './tokens/sync-state';
import { TokenService } from './tokens/token-service';
import { tokenDetail } from './tokens/token-details';
import { TokenStore } from './tokens/token-store';
import { relinkSecrets } from './tokens/recovery';

export interface CoreOptions {
  opened: OpenedStore;
  keychain: Keychain;
  platform: Platform;
  version: string;
  runtime: AppInfo['runtime'];
  now?: () => number;
  /** Where internal errors go; redacted. The shell passes electron-log, Node hosts a console logger. */
  logger?: Logger;
  /** Tests and benchmarks may supply adapters; by default they are built from each account. */
  adapterFor?: (accountId: string) => Promise<ProviderAdapter>;
  /** Where the app lock keeps its verifier; the OS keychain by default. */
  lockSlot?: SecretSlot;
  /** scrypt cost of the lock's verifier (tests lower it). */
  lockCost?: ScryptCost;
}

export interface Core {
  readonly events: CoreEvents;
  readonly accounts: AccountService;
  readonly tokens: TokenService;
  readonly leak: LeakService;
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
  addAccount(input: AddAccountInput): Promise<AccountSummary>;
  /** Edits an account (label, address, credential); its adapter is rebuilt on next use. */
  updateAccount(id: string, change: AccountChange): Promise<AccountSummary>;
  /** Tests a new account, or an existing one as it would be after `change`, without saving anything. */
  checkAccount(target: { account: AddAccountInput } | { id: string; change: AccountChange }): Promise<ConnectionCheck>;
  /** Asks OVHcloud for a new consumer key for an existing account (the guided request); finish with ovhOnboarding.finish. */
  renewOvhConsumerKey(id: string): Promise<{ pendingId: string; validationUrl: string }>;
  /** One token in full, with its history (detail pane). */
  tokenDetail(id: string): Promise<TokenDetail>;
  /** The audit log, searched (account labels count as words of their entries). */
  searchAudit(query: AuditQuery): Promise<AuditPage>;
  /** Removes an account, its token records and every secret it held. */
  removeAccount(id: string): Promise<void>;
  /** Clears a pending clipboard copy (quit, lock). */
  shutdown(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { opened, platform, version, runtime } = options;
  const now = options.now ?? Date.now;
  const events = new CoreEvents();
  const keychainStatus = await probeKeychain(options.keychain);
  const keychain = keychainStatus.available ? options.keychain : refusingKeychain(options.keychain, keychainStatus);
  const store = opened.store;

  // A damaged settings file was set aside: rebuild the accounts from the keychain; syncs rebuild the tokens.
  const recovered: RecoveredAccounts | undefined = opened.recoveredFrom && keychainStatus.available ? await recoverAccounts(store, keychain) : undefined;
  const relinkPending = new Set(recovered ? store.get('accounts').map((a) => a.id) : []);
  const accounts = new AccountService(store, keychain, (list) => events.emit('accounts:changed', list));
  const settings = new SettingsService(store, (s) => events.emit('settings:changed', s));
  const registry = createAdapterRegistry(accounts, () => settings.get(), now);
  const adapterFor = options.adapterFor ?? registry.adapterFor;
  // Loaded now, while the keychain is known to work, so no later secret depends on a first write.
  let fingerprintKey: Promise<Buffer> | undefined = keychainStatus.available ? Promise.resolve(await loadFingerprintKey(keychain)) : undefined;
  const tokenStore = new TokenStore(store, keychain, () => (fingerprintKey ??= loadFingerprintKey(keychain)), () => events.emit('tokens:changed', tokens.list()));
  const audit = new AuditLog(join(dirname(store.path), 'audit.jsonl'), actorName());
  const clipboard = new ClipboardGuard(platform.clipboard, () => settings.get().clipboardClearSeconds, (state) => events.emit('clipboard:changed', state), now);
  const syncStates = new SyncStates((states) => events.emit('sync:changed', states));
  const afterAccountSync = async (accountId: string): Promise<void> => {
    if (!relinkPending.delete(accountId)) return;
    await relinkSecrets(tokenStore, keychain, accountId);
  };
  const tokens = new TokenService({ tokens: tokenStore, accounts, adapterFor, audit, clipboard, syncStates, now, afterAccountSync });
  const leak = new LeakService(tokenStore, tokens, accounts, adapterFor, audit, now);
  const labels = new Map<string, string>();
  events.subscribe((name, payload) => {
    if (name === 'accounts:changed') for (const a of payload as AccountSummary[]) labels.set(a.id, a.label);
  });
  for (const a of await accounts.list()) labels.set(a.id, a.label);
  const alerts = new ExpiryAlerter(store, () => tokenStore.all(), (id) => labels.get(id) ?? 'an account', (n) => platform.notify(n), () => settings.get().alertThresholdsDays, now);

  const info = (): AppInfo => ({
    version,
    runtime,
    keychain: { ...keychainStatus },
    store: opened.recoveredFrom ? { path: store.path, recoveredFrom: opened.recoveredFrom, restoredAccounts: recovered?.restored ?? 0 } : { path: store.path },
  });

  async function addAccount(input: AddAccountInput): Promise<AccountSummary> {
    const account = await accounts.add(input);
    await audit.append({ action: 'account-added', outcome: 'ok', accountId: account.id, provider: account.provider });
    return account;
  }

  async function updateAccount(id: string, change: AccountChange): Promise<AccountSummary> {
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

  async function renewOvhConsumerKey(id: string): Promise<{ pendingId: string; validationUrl: string }> {
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

  const lock = await LockService.open({
    slot: options.lockSlot ?? keychain,
    settings: () => settings.get(),
    ...(platform.power ? { power: platform.power } : {}),
    ...(platform.biometric ? { biometric: platform.biometric } : {}),
    onChange: (status) => events.emit('lock:changed', status),
    onLock: () => clipboard.clear(),
    audit: (facts) => audit.append(facts),
    now,
    ...(options.lockCost ? { cost: options.lockCost } : {}),
  });
  const stopLockWatch = lock.watch();
  const testAccount = async (id: string) => (await adapterFor(id)).testConnection();

  async function removeAccount(id: string): Promise<void> {
    const held = tokenStore.all().filter((r) => r.accountId === id);
    await accounts.remove(id);
    tokenStore.update((records) => records.filter((r) => r.accountId !== id));
    for (const record of held) await tokenStore.purgeSecret(record.id);
    registry.forget(id);
    syncStates.forget(id);
    await audit.append({ action: 'account-removed', outcome: 'ok', accountId: id, note: `${held.length} tokens forgotten` });
  }

  return {
    events,
    accounts,
    tokens,
    leak,
    audit,
    settings,
    syncStates,
    clipboard,
    alerts,
    ovhOnboarding,
    lock,
    info,
    testAccount,
    platformNotify: (n) => platform.notify(n),
    logger: options.logger ?? silentLogger,
    addAccount,
    updateAccount,
    checkAccount,
    renewOvhConsumerKey,
    tokenDetail: async (id) => tokenDetail(tokens.require(id), tokens.summary(id), audit),
    searchAudit: (query) => audit.search(query, (e) => (e.accountId ? (labels.get(e.accountId) ?? '') : '')),
    removeAccount,
    shutdown: async () => {
      stopLockWatch();
      await clipboard.clear();
    },
  };
}

function actorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Degraded mode: without a working keychain, metadata can still be listed but nothing secret is
 * stored or read, and every attempt says why (never a plaintext fallback).
 */
function refusingKeychain(inner: Keychain, status: KeychainStatus): Keychain {
  const refuse = async (): Promise<never> => {
    throw new AppError('keychain-unavailable', status.reason ?? 'The OS keychain is not available.');
  };
  return { get: refuse, set: refuse, delete: refuse, keys: () => inner.keys().catch(() => []) };
}
