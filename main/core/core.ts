/**
 * The composition root: every service of the app built and wired, nothing else (each rule lives
 * in its service). No Electron in sight: the Electron shell, the browser harness, the CLI and the
 * benchmarks all build one of these, and the contract's handlers call its services.
 */
import { join } from 'node:path';
import type { AppInfo, AuditEntry, TokenRecord } from './model';
import { AccountService } from './accounts/account-service';
import { AccountStore } from './accounts/account-store';
import { AccountResourceReads } from './accounts/account-resources';
import { ExpiryAlerter } from './alerts/expiry-alerter';
import { actorName } from './audit/actor-name';
import { AuditLog } from './audit/audit-log';
import { vaultAnchor } from './audit/vault-anchor';
import { ClipboardGuard } from './clipboard/clipboard-guard';
import { CoreEvents } from './events';
import { SecretInjection } from './inject/secret-injection';
import { LeakService } from './leak/leak-service';
import { LockService } from './lock/lock-service';
import type { ScryptCost, SecretSlot } from './lock/verifier';
import { silentLogger, type Logger } from './log/logger';
import type { Platform } from './platform';
import { LostValues } from './profile/lost-values';
import { openProfile } from './profile/open-profile';
import { createProfileService, type ProfileService } from './profile/profile-service';
import { OvhConsumerKeyOnboarding } from './providers/registry';
import { ScanService } from './scan/scan-service';
import { SettingsService } from './settings/settings-service';
import type { ProviderAdapter } from './tokens/adapter';
import { createAdapterRegistry } from './tokens/adapter-registry';
import { loadFingerprintKey } from './tokens/fingerprint';
import { SyncStates } from './tokens/sync-state';
import { TokenService } from './tokens/token-service';
import { TokenStore, type TokenDelta } from './tokens/token-store';
import { tokensChanged } from './tokens/tokens-changed';
import type { Keychain } from './vault/keychain';
import type { SecretStore } from './vault/vault';

export interface CoreOptions {
  /** The profile folder: metadata store, vault and audit log (Electron's userData, the CLI's data dir, a test's temp dir). */
  profileDir: string;
  /** The OS keychain; it holds one item, the vault key. */
  keychain: Keychain;
  platform: Platform;
  version: string;
  runtime: AppInfo['runtime'];
  now?: () => number;
  /** Where internal errors go; redacted. The shell passes electron-log, Node hosts a console logger. */
  logger?: Logger;
  /** Tests and benchmarks may supply adapters; by default each account's platform module builds one. */
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
  readonly profile: ProfileService;
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
  /** Shows a notification through the platform (tray actions that fail without a window). */
  notify(n: { title: string; body: string }): void;
  /** Clears a pending clipboard copy (quit, lock) and stops watching the profile. */
  shutdown(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { platform } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const events = new CoreEvents();
  const opened = await openProfile({ ...options, logger });
  const { lock, store, secrets } = opened;
  const { vault } = opened.vault;

  const accountStore = new AccountStore(store, secrets, lock, events.emitter('accounts:changed'));
  const settings = new SettingsService(store, events.emitter('settings:changed'));
  const adapters = createAdapterRegistry(accountStore, () => settings.get(), now);
  const adapterFor = options.adapterFor ?? adapters.adapterFor;
  // Loaded now, while the vault is known to work, so no later secret depends on a first write.
  let fingerprintKey: Promise<Buffer> | undefined = vault ? Promise.resolve(await loadFingerprintKey(secrets)) : undefined;
  const fingerprints = () => (fingerprintKey ??= loadFingerprintKey(secrets));
  const summaries = (records: TokenRecord[]) => tokens.summaries(records);
  const onTokens = (delta: TokenDelta) => events.emit('tokens:changed', tokensChanged(delta, tokenStore.all(), summaries));
  const tokenStore = new TokenStore(store, secrets, fingerprints, onTokens);
  const labelOfEntry = (e: AuditEntry) => (e.accountId ? (accounts.labelOf(e.accountId) ?? '') : '');
  const anchor = vault ? vaultAnchor(vault) : undefined;
  const audit: AuditLog = new AuditLog(join(options.profileDir, 'audit.jsonl'), actorName(), lock, undefined, anchor, labelOfEntry);
  const clipboardSeconds = () => settings.get().clipboardClearSeconds;
  const clipboard = new ClipboardGuard(platform.clipboard, clipboardSeconds, events.emitter('clipboard:changed'), now);
  const syncStates = new SyncStates(events.emitter('sync:changed'), events.emitter('sync:progress'), now);

  const fingerprintRetentionDays = () => settings.get().fingerprintRetentionDays;
  const tokens = new TokenService({
    tokens: tokenStore,
    lock,
    accounts: accountStore,
    adapterFor,
    audit,
    clipboard,
    syncStates,
    now,
    fingerprintRetentionDays,
  });
  const lostValues = new LostValues(store, tokenStore, secrets);
  if (vault) {
    await lostValues.markMissing();
    await accountStore.learnSignInTokens();
    await tokens.pruneFingerprints();
  }
  lostValues.follow(events);
  const current = () => settings.get();
  const accounts: AccountService = new AccountService({
    accounts: accountStore,
    tokens: tokenStore,
    adapters,
    adapterFor,
    syncStates,
    audit,
    events,
    settings: current,
    now,
  });
  const leak = new LeakService(tokenStore, tokens, accountStore, audit, now);
  const labelOf = (id: string) => accounts.labelOf(id) ?? 'an account';
  const alerts = new ExpiryAlerter(
    store,
    () => tokenStore.all(),
    labelOf,
    (n) => platform.notify(n),
    () => current().alertThresholdsDays,
    now,
  );
  const ovhOnboarding = new OvhConsumerKeyOnboarding(platform, accounts);

  const appLock = await openAppLock(options, { slot: options.lockSlot ?? (vault ? secrets : options.keychain), settings, clipboard, audit, events, now });
  const stopLockWatch = appLock.watch();

  const watched = { profileDir: options.profileDir, store, vault, accounts, tokens: tokenStore, settings, adapters, events, logger };
  const profile = createProfileService(opened, { version: options.version, runtime: options.runtime }, lostValues, watched);

  return {
    events,
    profile,
    accounts,
    tokens,
    leak,
    audit,
    settings,
    syncStates,
    clipboard,
    alerts,
    ovhOnboarding,
    logger,
    lock: appLock,
    scan: new ScanService(tokenStore, leak, audit),
    inject: new SecretInjection(tokens, accountStore, audit),
    resources: new AccountResourceReads(accountStore, adapterFor),
    notify: (n) => platform.notify(n),
    shutdown: async () => {
      profile.stopWatching();
      stopLockWatch();
      await clipboard.clear();
    },
  };
}

/** The app lock, its verifier in the vault beside what it guards (the keychain holds only the vault key; it is the slot only when there is no vault). */
function openAppLock(
  options: CoreOptions,
  parts: { slot: SecretSlot; settings: SettingsService; clipboard: ClipboardGuard; audit: AuditLog; events: CoreEvents; now: () => number },
): Promise<LockService> {
  const { platform } = options;
  return LockService.open({
    slot: parts.slot,
    settings: () => parts.settings.get(),
    ...(platform.power ? { power: platform.power } : {}),
    ...(platform.biometric ? { biometric: platform.biometric } : {}),
    onChange: parts.events.emitter('lock:changed'),
    onLock: () => parts.clipboard.clear(),
    audit: (facts) => parts.audit.append(facts),
    now: parts.now,
    ...(options.lockCost ? { cost: options.lockCost } : {}),
  });
}
