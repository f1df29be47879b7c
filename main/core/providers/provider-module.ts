/**
 * What a platform is to the rest of the core: one `ProviderModule` per platform (ovh/module.ts,
 * logscale/module.ts), listed in registry.ts. The services ask the registry, never a platform's
 * folder, and never branch on a platform's name: what differs between platforms is a member here.
 * Modelled on KeePassXC's `Key` and its implementations (one small unit per kind, one interface).
 *
 * A third platform is a folder with its client, its adapter and its module, and one line in the
 * registry (docs/contributing.md walks through it).
 */
import type { AccountChange, AccountCredentials, AccountRecord, AddAccountInput, Provider, Settings, TokenKind } from '../model';
import type { AccountResources, ProviderAdapter } from '../tokens/adapter';

export type Connection = AccountRecord['connection'];

/** An account as it would be after a change: its connection, and the credentials the change carries (null: keep the stored ones). */
export interface AccountDraft {
  connection: Connection;
  credentials: AccountCredentials | null;
}

/** How a value of one token kind must look to be handed to a program (inject/value-shape.ts). */
export interface ValueShape {
  test(value: string): boolean;
  /** The shape in words, after "does not have the shape of". */
  says: string;
}

export interface ProviderModule {
  readonly id: Provider;
  /** The platform's name as the admin knows it (model/providers.ts). */
  readonly displayName: string;
  /** Every token kind of the platform, with the shape of its values. */
  readonly valueShapes: Partial<Record<TokenKind, ValueShape>>;
  /**
   * Patterns of the platform's values anywhere in a text, with what replaces them in a log line
   * (the log redactor's shape rules; registered process-wide by the registry).
   */
  readonly redactions: ReadonlyArray<readonly [pattern: RegExp, replacement: string]>;
  /**
   * For platforms whose values name their token (LogScale's `<id>~<secret>`): which kinds, and the
   * remote id a value names. The leak check and the scan match a pasted value with it.
   */
  readonly idInValue?: { names(kind: string): boolean; read(value: string): string | null };
  /** What a value that Tokendesk does not hold looks like, when it looks like one of the platform's; undefined otherwise. */
  describeForeign(value: string, context: { patUser?: boolean }): string | undefined;
  /** The add form's input as the connection (metadata store) and the credentials (vault). */
  splitInput(input: AddAccountInput): { connection: Connection; credentials: AccountCredentials };
  /** An account's connection after `change` (refusals: AppError 'invalid-input' naming the field). */
  applyChange(connection: Connection, change: AccountChange): AccountDraft;
  /** The credential fields an account of this connection is asked for again (a new address). */
  credentialFields(connection: Connection): string[];
  /** The platform token an account signs in with, when its credential is one (LogScale); null otherwise. */
  signInTokenId(credentials: AccountCredentials): string | null;
  /** The account's adapter; `credentials` is read when a request needs it (a rotated credential is picked up). */
  createAdapter(connection: Connection, credentials: () => Promise<AccountCredentials>, settings: () => Settings, now: () => number): Promise<ProviderAdapter>;
  /** What an account holds besides tokens (AccountResources), in words: the error for asking another platform's account names it. */
  readonly holds: Partial<Record<keyof AccountResources, string>>;
  /** A permission's label in words (the detail pane); the name itself where the platform has no labels. */
  permissionLabel(name: string): string;
}
