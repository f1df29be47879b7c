/**
 * The guided OVHcloud consumer-key request: the admin gives an application key and secret, Tokendesk
 * asks OVHcloud for a consumer key with the minimal access rules (providers/ovh/onboarding.ts),
 * opens the validation page in the browser, waits until the admin accepted, and only then stores
 * the account (AK in the metadata store, AS and CK in the vault). `renew` does the same for an
 * account that exists, with the application key and secret main holds already.
 *
 * The validation page comes from the API's answer, so it is opened only when that API is one of
 * OVHcloud's own (eu.api.ovh.com, ca.api.ovh.com, api.us.ovhcloud.com) and the page is on its
 * origin. A custom endpoint is whatever server the caller named, possibly one a compromised window
 * chose: its page is returned for the window to show with a copy button, never opened by main.
 *
 * Pending requests live in main's memory only; the renderer holds an opaque id.
 */
import { randomUUID } from 'node:crypto';
import type { AccountCredentials, AccountRecord, AccountSummary } from '../../model';
import { AppError } from '../../errors';
import type { Platform } from '../../platform';
import { rememberSecret } from '../../log/known-secrets';
import { OVH_API_BASE_URLS, resolveEndpoint, type OvhApiTarget } from './endpoints';
import { requestConsumerKey, waitForValidation } from './onboarding';
import { accountServer } from '../../tokens/token-server';

export interface ConsumerKeyStart {
  label: string;
  endpoint: 'ovh-eu' | 'ovh-ca' | 'ovh-us' | 'custom';
  customBaseUrl?: string;
  applicationKey: string;
  applicationSecret: string;
}

export interface ConsumerKeyStarted {
  pendingId: string;
  validationUrl: string;
  /** Whether main opened the page in the browser (built-in endpoints only); otherwise the window shows it to copy. */
  opened: boolean;
}

/** The origins main may open a validation page on: the built-in endpoints', never a custom one. */
const OPENABLE_ORIGINS: ReadonlySet<string> = new Set(Object.values(OVH_API_BASE_URLS).map((url) => new URL(url).origin));

interface Pending extends ConsumerKeyStart {
  consumerKey: string;
  abort: AbortController;
  /** Set when the key renews the credential of an existing account instead of adding one. */
  accountId?: string;
  /** The account's address when the renewal started: the key is saved only if it still points there. */
  plannedAt?: string;
}

type ConsumerKeyAuth = { mode: 'consumer-key'; applicationKey: string; applicationSecret: string; consumerKey: string };

/** What the onboarding reaches of the accounts (the account service). */
export interface OnboardingAccounts {
  add(input: {
    provider: 'ovh';
    label: string;
    endpoint: ConsumerKeyStart['endpoint'];
    customBaseUrl?: string;
    auth: ConsumerKeyAuth;
  }): Promise<AccountSummary>;
  update(accountId: string, change: { credentials: { provider: 'ovh' } & ConsumerKeyAuth }, options: { plannedAt: string }): Promise<AccountSummary>;
  readonly stored: {
    labelTaken(label: string): boolean;
    record(accountId: string): AccountRecord;
    snapshot(accountId: string): Promise<{ connection: AccountRecord['connection']; credentials: AccountCredentials }>;
  };
}

export class OvhConsumerKeyOnboarding {
  readonly #pending = new Map<string, Pending>();

  constructor(
    private readonly platform: Pick<Platform, 'openExternal'>,
    private readonly accounts: OnboardingAccounts,
  ) {}

  async start(input: ConsumerKeyStart): Promise<ConsumerKeyStarted> {
    if (this.accounts.stored.labelTaken(input.label)) throw new AppError('conflict', `An account named "${input.label}" already exists. Choose another name.`);
    rememberSecret(input.applicationSecret);
    return this.#request(input);
  }

  /** The same request for an account that exists ("Request a new consumer key"): its application key and secret are main's already. */
  async renew(accountId: string): Promise<ConsumerKeyStarted> {
    // The address and the application secret read together: the key is asked for where the secret belongs.
    const { connection, credentials } = await this.accounts.stored.snapshot(accountId);
    const record = this.accounts.stored.record(accountId);
    if (connection.provider !== 'ovh' || connection.authMode !== 'consumer-key')
      throw new AppError('invalid-input', 'Only an OVHcloud account that signs in with an application key has a consumer key to renew.');
    if (!('applicationSecret' in credentials))
      throw new AppError('vault-entry-unreadable', 'The application secret of this account is missing from the vault: paste a new credential instead.');
    const input: ConsumerKeyStart = {
      label: record.label,
      endpoint: connection.endpoint,
      ...(connection.endpoint === 'custom' ? { customBaseUrl: connection.baseUrl } : {}),
      applicationKey: connection.appId,
      applicationSecret: credentials.applicationSecret,
    };
    return this.#request(input, accountId, accountServer({ connection }));
  }

  async #request(input: ConsumerKeyStart, accountId?: string, plannedAt?: string): Promise<ConsumerKeyStarted> {
    const endpoint = toEndpoint(input);
    const request = await requestConsumerKey({ endpoint, applicationKey: input.applicationKey });
    rememberSecret(request.consumerKey);
    // The page comes from the API's answer: it must be on the API's own origin, shown or opened.
    const apiOrigin = new URL(resolveEndpoint(endpoint).baseUrl).origin;
    let pageOrigin: string;
    try {
      pageOrigin = new URL(request.validationUrl).origin;
    } catch {
      pageOrigin = '';
    }
    if (pageOrigin !== apiOrigin)
      throw new AppError('provider', `OVHcloud answered with a validation page outside ${apiOrigin}; it was not opened.`, {
        provider: { provider: 'ovh', path: 'POST /auth/credential' },
      });
    const pendingId = randomUUID();
    this.#pending.set(pendingId, { ...input, consumerKey: request.consumerKey, abort: new AbortController(), ...(accountId ? { accountId, plannedAt } : {}) });
    const opened = OPENABLE_ORIGINS.has(pageOrigin);
    if (opened) await this.platform.openExternal(request.validationUrl);
    return { pendingId, validationUrl: request.validationUrl, opened };
  }

  /** Waits (polling, up to 10 minutes) until the admin accepted on the OVHcloud page, then adds the account. */
  async finish(pendingId: string, options: { intervalMs?: number; timeoutMs?: number } = {}): Promise<AccountSummary> {
    const pending = this.#pending.get(pendingId);
    if (!pending) throw new AppError('not-found', 'This consumer-key request is no longer pending. Start again.');
    try {
      await waitForValidation({
        endpoint: toEndpoint(pending),
        applicationKey: pending.applicationKey,
        applicationSecret: pending.applicationSecret,
        consumerKey: pending.consumerKey,
        signal: pending.abort.signal,
        ...options,
      });
      const auth: ConsumerKeyAuth = {
        mode: 'consumer-key',
        applicationKey: pending.applicationKey,
        applicationSecret: pending.applicationSecret,
        consumerKey: pending.consumerKey,
      };
      if (pending.accountId)
        return await this.accounts.update(pending.accountId, { credentials: { provider: 'ovh', ...auth } }, { plannedAt: pending.plannedAt! });
      return await this.accounts.add({
        provider: 'ovh',
        label: pending.label,
        endpoint: pending.endpoint,
        ...(pending.customBaseUrl ? { customBaseUrl: pending.customBaseUrl } : {}),
        auth,
      });
    } finally {
      this.#pending.delete(pendingId);
    }
  }

  cancel(pendingId: string): void {
    this.#pending.get(pendingId)?.abort.abort(new AppError('timeout', 'The consumer-key request was cancelled.'));
    this.#pending.delete(pendingId);
  }
}

function toEndpoint(input: Pick<ConsumerKeyStart, 'endpoint' | 'customBaseUrl'>): OvhApiTarget {
  if (input.endpoint !== 'custom') return input.endpoint;
  if (!input.customBaseUrl)
    throw new AppError('invalid-input', 'customBaseUrl is required when endpoint is custom.', { issues: ['customBaseUrl: is required'] });
  return { baseUrl: input.customBaseUrl };
}
