/**
 * The IPC contract: the one table of what the renderer may ask of main.
 *
 *   channel -> { input: valibot schema, output: result type }
 *
 * Shared by the preload bridge (which exposes exactly these channels), the main handler table
 * (which validates every input against these schemas) and the browser harness (same table over
 * HTTP). Results travel as `Result<T>` envelopes so a structured error survives any transport.
 *
 * Secrets that must never cross IPC towards the renderer (Bitwarden-style deny list): account
 * credentials (OVH application secret, consumer key, OAuth2 client secret, LogScale token), token
 * values (except the explicit reveal and show-once results), the leak-matching key. Inputs may
 * carry a secret the user typed (add account); outputs never echo it.
 */
import * as v from 'valibot';
import type { ErrorPayload } from '../main/core/errors';
import { externalLinkKeys } from '../main/core/links';

// ---------------------------------------------------------------------------------------------
// Building blocks. Every string is bounded so a huge payload is refused before any work happens.

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - or _'));
const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters'));
const Secret = v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(4096, 'must be at most 4096 characters'));
const Identifier = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(256, 'must be at most 256 characters'));
const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048, 'must be at most 2048 characters'),
  v.url('must be a URL'),
  v.check((u) => /^https?:\/\//i.test(u), 'must start with https:// (or http:// for a local server)'),
);

export const OvhEndpoint = v.picklist(['ovh-eu', 'ovh-ca', 'ovh-us', 'custom']);

const OvhConsumerKeyAuth = v.strictObject({
  mode: v.literal('consumer-key'),
  applicationKey: Identifier,
  applicationSecret: Secret,
  consumerKey: Secret,
});
const OvhOAuth2Auth = v.strictObject({
  mode: v.literal('oauth2'),
  clientId: Identifier,
  clientSecret: Secret,
});

export const AddOvhAccount = v.pipe(
  v.strictObject({
    provider: v.literal('ovh'),
    label: Label,
    endpoint: OvhEndpoint,
    customBaseUrl: v.optional(HttpUrl),
    auth: v.variant('mode', [OvhConsumerKeyAuth, OvhOAuth2Auth]),
  }),
  v.check((a) => a.endpoint !== 'custom' || a.customBaseUrl !== undefined, 'customBaseUrl is required when endpoint is custom'),
);

export const AddLogScaleAccount = v.strictObject({
  provider: v.literal('logscale'),
  label: Label,
  baseUrl: HttpUrl,
  token: Secret,
});

export const AddAccountInput = v.variant('provider', [AddOvhAccount, AddLogScaleAccount]);
export type AddAccountInput = v.InferOutput<typeof AddAccountInput>;

// ---------------------------------------------------------------------------------------------
// Results (main -> renderer). Plain types: main builds them, so they need no runtime schema.

export type Provider = 'ovh' | 'logscale';

export interface AccountSummary {
  id: string;
  provider: Provider;
  label: string;
  createdAt: string; // ISO 8601
  /** Non-secret connection facts, for display. */
  connection: OvhConnection | LogScaleConnection;
  /** Whether the keychain still holds this account's credentials. */
  hasCredentials: boolean;
}
export interface OvhConnection {
  provider: 'ovh';
  endpoint: v.InferOutput<typeof OvhEndpoint>;
  baseUrl: string;
  authMode: 'consumer-key' | 'oauth2';
  /** The application key or OAuth2 client id: identifiers, not secrets. */
  appId: string;
}
export interface LogScaleConnection {
  provider: 'logscale';
  baseUrl: string;
}

export type TokenKind = 'ldp' | 'system' | 'organization' | 'view' | 'personal' | 'iam-pat';
export type TokenStatus = 'active' | 'expiring' | 'expired' | 'revoking' | 'revoked' | 'gone';

export interface TokenSummary {
  id: string;
  accountId: string;
  provider: Provider;
  kind: TokenKind;
  name: string;
  scope: string;
  createdAt: string | null;
  expiresAt: string | null; // null = never expires
  ipFilter: string | null;
  hasSecret: boolean;
  status: TokenStatus;
}

export interface AppInfo {
  version: string;
  runtime: 'electron' | 'harness';
  keychain: { available: boolean; reason?: string };
  store: { path: string; recoveredFrom?: string };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

// ---------------------------------------------------------------------------------------------
// The table. Adding a channel here is the only way to give the renderer a new power.

const NoInput = v.optional(v.undefined());

export const contract = {
  'app:info': { input: NoInput, output: {} as AppInfo },
  'app:openLink': { input: v.strictObject({ link: v.picklist(externalLinkKeys) }), output: {} as { opened: true } },
  'accounts:list': { input: NoInput, output: [] as AccountSummary[] },
  'accounts:add': { input: AddAccountInput, output: {} as AccountSummary },
  'accounts:remove': { input: v.strictObject({ id: Id }), output: {} as { removed: true } },
  'tokens:list': { input: NoInput, output: [] as TokenSummary[] },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = v.InferOutput<Contract[C]['input']>;
export type OutputOf<C extends Channel> = Contract[C]['output'];
export const channels = Object.keys(contract) as Channel[];

/** Events main pushes to the renderer: name -> payload. Payloads carry no secrets. */
export interface Events {
  'accounts:changed': AccountSummary[];
  'tokens:changed': TokenSummary[];
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['accounts:changed', 'tokens:changed'];

/** The IPC channel on which main pushes `[name, payload]`. */
export const EVENT_CHANNEL = 'tokendesk:event';
