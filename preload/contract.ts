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
import type {
  AccountChange as AccountChangeModel,
  AccountSummary,
  AccountSyncState,
  AddAccountInput as AddAccountModel,
  AppInfo,
  AuditPage,
  ChainCheck,
  ConnectionCheck,
  CreatedResult,
  CreateOptions,
  CreateRequest,
  ErrorPayload,
  EventName,
  ExternalLink,
  LeakCheck,
  LeakRevokeResult,
  LockStatus,
  OvhEndpoint,
  RevokedResult,
  RotatedResult,
  ScanReport,
  ScanRequest,
  Settings,
  TokenDetail,
  TokenSummary,
  VerifyReport,
} from '../main/core/model';

// The window sees the domain through these types only (it never imports main/).
export type * from '../main/core/model';

/**
 * The core works in the model's types (it never imports this file); the schemas below are the
 * contract's runtime form of the same shapes. This compile-time check fails the typecheck the day
 * a schema and its model type disagree, in either direction.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SchemaMatchesModel<T extends true> = T;

// ---------------------------------------------------------------------------------------------
// Building blocks. Every string is bounded so a huge payload is refused before any work happens.

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, - or _'));
// Control characters and invisible direction marks make one name look like another (a right-to-left
// override shows "deploy\u202Egnp.exe" as "deployexe.png") in the list, the tray, notifications and the
// revoke confirmation. Refused in every name typed here; the core shows provider-supplied names with
// them spelled out (main/core/visible-name.ts, same set of characters: a unit test keeps them equal).
const NoHiddenCharacters = v.regex(
  // eslint-disable-next-line no-misleading-character-class -- each invisible joiner and combining mark is listed on purpose, one by one
  /^[^\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200c\u200d\u2061-\u2064\u3164\ufe00-\ufe0f\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]*$/u,
  'must not contain control characters or invisible characters such as text-direction marks',
);
const Label = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters'), NoHiddenCharacters);
// Pasted secrets often carry a trailing newline: trimmed. Control characters inside are refused:
// they cannot travel in an HTTP header, and the runtime's error would quote the whole value.
const Secret = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'is required'),
  v.maxLength(4096, 'must be at most 4096 characters'),
  v.regex(/^[^\x00-\x1f\x7f]*$/, 'must not contain line breaks or control characters'),
);
const Identifier = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(256, 'must be at most 256 characters'), NoHiddenCharacters);
// A user name or password in the URL would be stored in the metadata store, listed and sent to the
// window in plaintext: credentials go in their own fields, which the keychain keeps.
const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048, 'must be at most 2048 characters'),
  v.url('must be a URL'),
  v.check((u) => /^https:\/\//i.test(u) || isLoopbackHttp(u), 'must start with https:// (http:// only for a server on this machine)'),
  v.check((u) => !hasUserInfo(u), 'must not contain a user name or password: give credentials in their own fields'),
);

export const OvhEndpointSchema = v.picklist(['ovh-eu', 'ovh-ca', 'ovh-us', 'custom'] satisfies OvhEndpoint[]);

/** The external pages the window may ask main to open, by key (main holds their addresses). */
const externalLinkKeys = ['ovh-create-app-eu', 'ovh-create-app-ca', 'ovh-create-app-us', 'logscale-api-tokens'] as const satisfies readonly ExternalLink[];

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
    endpoint: OvhEndpointSchema,
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
export type AddAccountSchemaMatches = SchemaMatchesModel<Same<AddAccountInput, AddAccountModel>>;

// Tokens. Names follow the providers' own limits loosely; the provider has the last word.
const TokenName = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(200, 'must be at most 200 characters'), NoHiddenCharacters);
// A name typed back to confirm a revoke: the name as shown, where each hidden character of a
// provider's name is spelled out (⟨U+202E⟩), so it may be longer than a name typed for a create.
const ConfirmName = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(4096, 'must be at most 4096 characters'), NoHiddenCharacters);
const Uuid = v.pipe(v.string(), v.uuid('must be a UUID'));
const PermissionName = v.pipe(v.string(), v.regex(/^[A-Za-z]{1,80}$/, 'must be a permission name'));
const Expiry = v.variant('kind', [
  v.strictObject({ kind: v.literal('never') }),
  v.strictObject({
    kind: v.literal('duration'),
    amount: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(1_000_000, 'is too large')),
    unit: v.picklist(['minutes', 'hours', 'days']),
  }),
  v.strictObject({ kind: v.literal('date'), at: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 date and time')) }),
]);

// An OVHcloud IAM personal access token: for a local user who reaches the service through IAM policies.
// Expiry: a date (expiresAt) or a lifetime in seconds (expiresIn, at most 10 years here), never both;
// neither means no expiry (OVHcloud's default).
const PatDescription = v.pipe(v.string(), v.trim(), v.maxLength(500, 'must be at most 500 characters'), NoHiddenCharacters);
const OvhPatRequest = v.pipe(
  v.strictObject({
    provider: v.literal('ovh'),
    kind: v.literal('iam-pat'),
    serviceName: Identifier,
    user: Identifier,
    name: TokenName,
    description: v.optional(PatDescription),
    expiresAt: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 date and time'))),
    expiresIn: v.optional(
      v.pipe(
        v.number(),
        v.integer('must be a whole number of seconds'),
        v.minValue(60, 'must be at least 60 seconds'),
        v.maxValue(315_360_000, 'must be at most 10 years'),
      ),
    ),
  }),
  v.check((r) => r.expiresAt === undefined || r.expiresIn === undefined, 'give expiresAt or expiresIn, not both'),
);

export const CreateTokenRequest = v.variant('provider', [
  v.variant('kind', [
    v.strictObject({ provider: v.literal('ovh'), kind: v.optional(v.literal('ldp')), serviceName: Identifier, name: TokenName, clusterId: v.optional(Uuid) }),
    OvhPatRequest,
  ]),
  v.variant('kind', [
    v.strictObject({
      provider: v.literal('logscale'),
      kind: v.picklist(['system', 'organization', 'view', 'personal']),
      name: v.optional(TokenName),
      permissions: v.pipe(v.array(PermissionName), v.maxLength(200, 'has too many permissions')),
      viewIds: v.optional(v.pipe(v.array(Identifier), v.maxLength(500, 'has too many views'))),
      expiry: Expiry,
      ipFilterId: v.optional(Identifier),
    }),
    // A LogScale ingest token: a repository's, with one of its parsers (by name) or none.
    v.strictObject({ provider: v.literal('logscale'), kind: v.literal('ingest'), repository: Identifier, name: TokenName, parser: v.optional(Identifier) }),
  ]),
]);
export type CreateTokenSchemaMatches = SchemaMatchesModel<Same<v.InferOutput<typeof CreateTokenRequest>, CreateRequest>>;

const SettingsPatch = v.strictObject({
  clipboardClearSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(5, 'must be at least 5 seconds'), v.maxValue(300, 'must be at most 300 seconds')),
  ),
  alertThresholdsDays: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365))), v.maxLength(10, 'has too many thresholds'))),
  syncIntervalMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1440))),
  maxInFlightPerAccount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32))),
  fingerprintRetentionDays: v.optional(
    v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(1, 'must be at least 1 day'), v.maxValue(3650, 'must be at most 10 years')),
  ),
  lockIdleMinutes: v.optional(
    v.pipe(
      v.number(),
      v.integer('must be a whole number of minutes'),
      v.minValue(0, 'must be 0 (never) or more'),
      v.maxValue(1440, 'must be at most 1440 minutes (a day)'),
    ),
  ),
  lockOnScreenLock: v.optional(v.boolean()),
});

// ---------------------------------------------------------------------------------------------
// Editing an account, testing a connection before saving, the audit log searched, and the app lock.

const AccountCredentialInput = v.variant('provider', [
  v.strictObject({ provider: v.literal('logscale'), token: Secret }),
  v.variant('mode', [
    v.strictObject({ provider: v.literal('ovh'), mode: v.literal('consumer-key'), applicationKey: Identifier, applicationSecret: Secret, consumerKey: Secret }),
    v.strictObject({ provider: v.literal('ovh'), mode: v.literal('oauth2'), clientId: Identifier, clientSecret: Secret }),
  ]),
]);

export const AccountChangeInput = v.strictObject({
  label: v.optional(Label),
  baseUrl: v.optional(HttpUrl),
  endpoint: v.optional(OvhEndpointSchema),
  customBaseUrl: v.optional(HttpUrl),
  credentials: v.optional(AccountCredentialInput),
});
export type AccountChangeSchemaMatches = SchemaMatchesModel<Same<v.InferOutput<typeof AccountChangeInput>, AccountChangeModel>>;

const AccountCheckTarget = v.variant('target', [
  v.strictObject({ target: v.literal('new'), account: AddAccountInput }),
  v.strictObject({ target: v.literal('existing'), id: Id, change: AccountChangeInput, plannedAt: v.optional(HttpUrl) }),
]);

const AuditSearch = v.strictObject({
  text: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'))),
  tokenId: v.optional(Id),
  accountId: v.optional(Id),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'must be at least 1'), v.maxValue(1000, 'must be at most 1000'))),
});

// A PIN is digits only, at least six (with the growing delay, years to guess); a passphrase, eight characters or more.
const Pin = v.pipe(v.string(), v.regex(/^\d{6,12}$/, 'must be 6 to 12 digits'));
const Passphrase = v.pipe(v.string(), v.minLength(8, 'must be at least 8 characters'), v.maxLength(256, 'must be at most 256 characters'));
const LockSecret = v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(256, 'must be at most 256 characters'));
const LockSetup = v.variant('method', [
  v.strictObject({ method: v.literal('pin'), secret: Pin, current: v.optional(LockSecret) }),
  v.strictObject({ method: v.literal('passphrase'), secret: Passphrase, current: v.optional(LockSecret) }),
]);

/** While the app is locked, main answers these channels only (main/ipc/handlers.ts enforces it). */
export const OPEN_WHILE_LOCKED = [
  'app:info',
  'accounts:list',
  'tokens:list',
  'tokens:sync',
  'tokens:syncStatus',
  'settings:get',
  'lock:status',
  'lock:lock',
  'lock:unlock',
  'lock:unlockBiometric',
] as const;

// ---------------------------------------------------------------------------------------------
// Results (main -> renderer). Plain types: main builds them, so they need no runtime schema.

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

// ---------------------------------------------------------------------------------------------
// The table. Adding a channel here is the only way to give the renderer a new power.

const NoInput = v.optional(v.undefined());

/**
 * http:// is accepted only towards this machine (a local LogScale, the emulators): never credentials in cleartext on a network.
 * The rule is main/core/net/https-or-loopback.ts (the contract may import no main code); a test holds this copy to its cases.
 */
function isLoopbackHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (
      protocol === 'http:' &&
      (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname) || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname))
    );
  } catch {
    return false;
  }
}

function hasUserInfo(url: string): boolean {
  try {
    const { username, password } = new URL(url);
    return username !== '' || password !== '';
  } catch {
    return false;
  }
}

// ---- scanning for tokens

// A path the window names: absolute (the window has no working folder), no control characters.
const AbsolutePath = v.pipe(
  v.string(),
  v.minLength(1, 'is required'),
  v.maxLength(4096, 'must be at most 4096 characters'),
  v.regex(/^[^\x00-\x1f\x7f]*$/, 'must not contain line breaks or control characters'),
  v.regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path'),
);
export const ScanRequestSchema = v.strictObject({
  paths: v.pipe(v.array(AbsolutePath), v.minLength(1, 'needs at least one file or folder'), v.maxLength(20, 'has too many paths (20 at most)')),
  git: v.optional(v.boolean()),
  staged: v.optional(v.boolean()),
  gitignore: v.optional(v.boolean()),
  maxFileBytes: v.optional(
    v.pipe(v.number(), v.integer('must be a whole number of bytes'), v.minValue(1, 'must be at least 1'), v.maxValue(2 ** 31, 'must be at most 2 GiB')),
  ),
});
export type ScanRequestSchemaMatches = SchemaMatchesModel<Same<v.InferOutput<typeof ScanRequestSchema>, ScanRequest>>;

export const contract = {
  // ---- the app
  'app:info': { input: NoInput, output: {} as AppInfo },
  // The admin has seen the list of token values a vault that could not be opened took with it.
  'app:forgetLostValues': { input: NoInput, output: {} as { forgotten: number } },
  'app:openLink': { input: v.strictObject({ link: v.picklist(externalLinkKeys) }), output: {} as { opened: true } },
  // ---- accounts (OVHcloud consumer-key onboarding included)
  'accounts:list': { input: NoInput, output: [] as AccountSummary[] },
  'accounts:add': { input: AddAccountInput, output: {} as AccountSummary },
  'accounts:remove': { input: v.strictObject({ id: Id }), output: {} as { removed: true } },
  'accounts:test': { input: v.strictObject({ id: Id }), output: {} as { detail: string } },
  // Guided OVHcloud consumer-key request: start (opens the validation page of a built-in endpoint), then wait for the admin's OK.
  'accounts:ovhRequestKey': {
    input: v.pipe(
      v.strictObject({ label: Label, endpoint: OvhEndpointSchema, customBaseUrl: v.optional(HttpUrl), applicationKey: Identifier, applicationSecret: Secret }),
      v.check((a) => a.endpoint !== 'custom' || a.customBaseUrl !== undefined, 'customBaseUrl is required when endpoint is custom'),
    ),
    // opened: false for a custom endpoint, whose page main never opens: the window shows it to copy.
    output: {} as { pendingId: string; validationUrl: string; opened: boolean },
  },
  'accounts:ovhFinishKey': { input: v.strictObject({ pendingId: Id }), output: {} as AccountSummary },
  'accounts:ovhCancelKey': { input: v.strictObject({ pendingId: Id }), output: {} as { cancelled: true } },
  'accounts:check': { input: AccountCheckTarget, output: {} as ConnectionCheck },
  // plannedAt: the address the form showed; a change is refused if the account was moved since (another window or process).
  'accounts:update': { input: v.strictObject({ id: Id, change: AccountChangeInput, plannedAt: v.optional(HttpUrl) }), output: {} as AccountSummary },
  // A new consumer key for an existing OVHcloud account: main has its application key and secret already.
  'accounts:ovhRenewKey': { input: v.strictObject({ id: Id }), output: {} as { pendingId: string; validationUrl: string; opened: boolean } },
  // ---- tokens
  'tokens:list': { input: NoInput, output: [] as TokenSummary[] },
  'tokens:sync': { input: v.optional(v.strictObject({ accountId: v.optional(Id) })), output: [] as AccountSyncState[] },
  'tokens:syncStatus': { input: NoInput, output: [] as AccountSyncState[] },
  'tokens:createOptions': { input: v.strictObject({ accountId: Id }), output: {} as CreateOptions },
  // Returns the secret once, for the show-once dialog (an explicit exception to "no values in the renderer").
  'tokens:create': { input: v.strictObject({ accountId: Id, request: CreateTokenRequest }), output: {} as CreatedResult },
  'tokens:rotate': { input: v.strictObject({ id: Id }), output: {} as RotatedResult },
  // The name must be typed back: no payload can revoke by accident.
  // revokeAccountCredential: the admin was told the account signs in with this token, and revokes it anyway.
  'tokens:revoke': {
    input: v.strictObject({ id: Id, confirmName: ConfirmName, revokeAccountCredential: v.optional(v.literal(true)) }),
    output: {} as RevokedResult,
  },
  'tokens:copy': { input: v.strictObject({ id: Id }), output: {} as { clearsAt: string } },
  // The one explicit reveal: the value goes to the view that asked, for that view only.
  'tokens:reveal': { input: v.strictObject({ id: Id }), output: {} as { value: string } },
  'tokens:verify': { input: v.strictObject({ id: Id }), output: {} as VerifyReport },
  // A LogScale ingest token's parser: one of its repository's parsers (by name); null removes it.
  'tokens:setParser': { input: v.strictObject({ id: Id, parser: v.nullable(Identifier) }), output: {} as TokenSummary },
  'tokens:detail': { input: v.strictObject({ id: Id }), output: {} as TokenDetail },
  // ---- leaks
  'leak:check': {
    input: v.strictObject({ text: v.pipe(v.string(), v.minLength(1, 'is empty'), v.maxLength(16_384, 'is too long (16 KiB at most)')) }),
    output: {} as LeakCheck,
  },
  'leak:revoke': {
    input: v.strictObject({ caseId: Id, confirmName: ConfirmName, revokeAccountCredential: v.optional(v.literal(true)) }),
    output: {} as LeakRevokeResult,
  },
  // For a leaked token Tokendesk already saw end (revoked, rotated, gone): does the provider refuse it now?
  'leak:prove': { input: v.strictObject({ caseId: Id }), output: {} as LeakRevokeResult },
  // ---- scanning for tokens
  // The desktop's own folder picker, shown by main (null: cancelled, or no picker: the harness; offer a path field then).
  'scan:pickFolder': { input: NoInput, output: {} as { path: string | null } },
  // Reads files (and git history) for the tokens Tokendesk knows. Values stay in main: each token found
  // has a leak case, revoked with leak:revoke (same confirmation) or proven dead with leak:prove.
  'scan:run': { input: ScanRequestSchema, output: {} as ScanReport },
  // ---- the audit log
  'audit:export': { input: v.strictObject({ format: v.picklist(['json', 'csv']) }), output: {} as { fileName: string; content: string } },
  'audit:verify': { input: NoInput, output: {} as ChainCheck },
  'audit:search': { input: AuditSearch, output: {} as AuditPage },
  // ---- settings
  'settings:get': { input: NoInput, output: {} as Settings },
  'settings:set': { input: SettingsPatch, output: {} as Settings },
  // ---- the app lock
  'lock:status': { input: v.optional(v.undefined()), output: {} as LockStatus },
  'lock:setup': { input: LockSetup, output: {} as LockStatus },
  'lock:disable': { input: v.strictObject({ secret: LockSecret }), output: {} as LockStatus },
  'lock:lock': { input: v.optional(v.undefined()), output: {} as LockStatus },
  'lock:unlock': { input: v.strictObject({ secret: LockSecret }), output: {} as LockStatus },
  'lock:unlockBiometric': { input: v.optional(v.undefined()), output: {} as LockStatus },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = v.InferOutput<Contract[C]['input']>;
export type OutputOf<C extends Channel> = Contract[C]['output'];
export const channels = Object.keys(contract) as Channel[];

export const eventNames: EventName[] = [
  'accounts:changed',
  'tokens:changed',
  'sync:changed',
  'sync:progress',
  'clipboard:changed',
  'settings:changed',
  'ui:navigate',
  'lock:changed',
];

/** The IPC channel on which main pushes `[name, payload]`. */
export const EVENT_CHANNEL = 'tokendesk:event';
