/** `tokendesk accounts …`: list, add (tested first), edit, test, remove. Secrets come on stdin, never in arguments. */
import { AccountChangeInput as AccountChangeSchema, AddAccountInput as AddAccountSchema } from '../../../preload/contract';
import type { AccountChange, AccountCredentialInput, AccountSummary, AddAccountInput, OvhEndpoint } from '../../core/model';
import { AppError } from '../../core/errors';
import { parseInput } from '../../ipc/validate';
import { errorLines } from '../error-text';
import { EXIT } from '../exit-codes';
import { ask, readSecretLines, table, UsageError, type Io } from '../io';
import { json, options, required, type Command } from '../options';
import { findAccount } from '../resolve';

const list: Command = async (core, args, io) => {
  const { values } = options(args, {});
  const accounts = await core.accounts.list();
  if (values.json) return (json(io, accounts), EXIT.ok);
  io.stdout.write(
    table(
      accounts.map((a) => ({
        id: a.id,
        provider: a.provider,
        label: a.label,
        where: a.connection.baseUrl,
        auth: a.connection.provider === 'ovh' ? a.connection.authMode : 'token',
        credentials: a.hasCredentials ? 'in vault' : 'MISSING',
      })),
      ['id', 'provider', 'label', 'where', 'auth', 'credentials'],
    ) || 'No accounts yet. Add one with `tokendesk accounts add`.\n',
  );
  return EXIT.ok;
};

const ENDPOINTS: readonly OvhEndpoint[] = ['ovh-eu', 'ovh-ca', 'ovh-us', 'custom'];

/** Reads OVHcloud secrets from stdin for one of the two ways to sign in. */
async function ovhSecrets(io: Io, mode: 'consumer-key' | 'oauth2'): Promise<{ applicationSecret: string; consumerKey: string } | { clientSecret: string }> {
  if (mode === 'oauth2') {
    const [clientSecret] = await readSecretLines(io, ['OAuth2 client secret']);
    return { clientSecret: clientSecret! };
  }
  const [applicationSecret, consumerKey] = await readSecretLines(io, ['Application secret', 'Consumer key']);
  return { applicationSecret: applicationSecret!, consumerKey: consumerKey! };
}

const add: Command = async (core, args, io) => {
  const { values } = options(args, {
    provider: { type: 'string' },
    label: { type: 'string' },
    url: { type: 'string' },
    endpoint: { type: 'string' },
    'application-key': { type: 'string' },
    'client-id': { type: 'string' },
    'no-test': { type: 'boolean' },
  });
  const label = required(values.label, '--label');
  let input: AddAccountInput;
  if (values.provider === 'logscale') {
    const url = required(values.url, '--url (the LogScale URL)');
    const [token] = await readSecretLines(io, ['LogScale API token']);
    input = { provider: 'logscale', label, baseUrl: url, token: token! };
  } else if (values.provider === 'ovh') {
    const endpoint = (values.endpoint ?? 'ovh-eu') as OvhEndpoint;
    if (!ENDPOINTS.includes(endpoint)) throw new UsageError(`--endpoint must be one of ${ENDPOINTS.join(', ')}.`);
    const custom = endpoint === 'custom' ? { customBaseUrl: required(values.url, '--url (the custom endpoint, with /1.0)') } : {};
    if (values['client-id']) {
      const secrets = (await ovhSecrets(io, 'oauth2')) as { clientSecret: string };
      input = { provider: 'ovh', label, endpoint, ...custom, auth: { mode: 'oauth2', clientId: values['client-id'], ...secrets } };
    } else if (values['application-key']) {
      const secrets = (await ovhSecrets(io, 'consumer-key')) as { applicationSecret: string; consumerKey: string };
      input = { provider: 'ovh', label, endpoint, ...custom, auth: { mode: 'consumer-key', applicationKey: values['application-key'], ...secrets } };
    } else
      throw new UsageError('An OVHcloud account needs --application-key (then secret and consumer key on stdin) or --client-id (then client secret on stdin).');
  } else throw new UsageError('--provider must be logscale or ovh.');
  // The connection is tested first: a typo in a URL or a token is told now, and nothing is saved.
  const account = await tested(io, !values['no-test'], () => core.accounts.add(parseInput(AddAccountSchema, input), { test: !values['no-test'] }));
  if (typeof account === 'number') return account;
  if (values.json) return (json(io, account), EXIT.ok);
  io.stdout.write(
    `Added ${account.provider} account "${account.label}" (${account.id})${values['no-test'] ? ' without testing it' : ', its connection tested'}. Its secrets are in the vault.\n`,
  );
  return EXIT.ok;
};

const edit: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {
    label: { type: 'string' },
    url: { type: 'string' },
    credential: { type: 'boolean' },
    'application-key': { type: 'string' },
    'client-id': { type: 'string' },
    'no-test': { type: 'boolean' },
  });
  const account = findAccount(await core.accounts.list(), required(positionals[0], 'the account name or id'));
  const c = account.connection;
  const changes: AccountChange = { ...(values.label !== undefined ? { label: values.label } : {}) };
  // LogScale: the cluster's URL. OVHcloud: only a custom endpoint has a URL of its own.
  if (values.url !== undefined) Object.assign(changes, c.provider === 'logscale' ? { baseUrl: values.url } : { customBaseUrl: values.url });
  if (values['application-key'] && values['client-id']) throw new UsageError('Give --application-key or --client-id, not both.');
  if ((values['application-key'] || values['client-id']) && !values.credential)
    throw new UsageError('A new application key or client id comes with new secrets: add --credential (secrets on stdin).');
  if (values.credential) changes.credentials = await newCredentials(io, account, values['application-key'], values['client-id']);
  if (Object.keys(changes).length === 0) throw new UsageError('Nothing to change: give --label, --url or --credential.');
  const edited = await tested(io, !values['no-test'], () =>
    // The address read when the command started: a move by another process meanwhile (the window) refuses the edit.
    core.accounts.update(account.id, parseInput(AccountChangeSchema, changes), { test: !values['no-test'], plannedAt: c.baseUrl }),
  ).catch((error: unknown) => {
    // A new address without its credential (core refuses to send the stored one there): say how to give it.
    if (error instanceof AppError && error.code === 'invalid-input' && !changes.credentials && error.issues?.some((i) => i.startsWith('credentials.')))
      throw new UsageError(`${error.message} Add --credential and give it on stdin.`);
    throw error;
  });
  if (typeof edited === 'number') return edited;
  if (values.json) return (json(io, edited), EXIT.ok);
  const what = [changes.label !== undefined && 'label', values.url !== undefined && 'URL', changes.credentials && 'credentials'].filter(Boolean).join(', ');
  io.stdout.write(
    `Account "${edited.label}": ${what} changed${(values.url !== undefined || changes.credentials) && !values['no-test'] ? ' (tested first)' : ''}.\n`,
  );
  return EXIT.ok;
};

/** What a connection test that failed can be: the provider's answer or the network, never our own input or vault. */
const CONNECTION_FAILURES = new Set(['auth', 'forbidden', 'unreachable', 'provider', 'timeout', 'busy', 'rate-limited']);

/**
 * Runs an add or edit that tests the connection first. When the test fails, says so and that
 * nothing was saved, with the way out the window's "Save anyway" gives (--no-test), and exits 1.
 */
async function tested<T>(io: Io, testing: boolean, save: () => Promise<T>): Promise<T | number> {
  try {
    return await save();
  } catch (error) {
    if (!testing || !(error instanceof AppError) || !CONNECTION_FAILURES.has(error.code)) throw error;
    const [first, ...more] = errorLines(error.toPayload());
    io.stderr.write(
      `tokendesk: ${first}\n${more.map((line) => `  ${line}\n`).join('')}Nothing was saved. Fix the URL or the credential and try again, or add --no-test to save it without the test (a server not reachable from here yet).\n`,
    );
    return EXIT.failed;
  }
}

/** New credentials from stdin; an OVHcloud account keeps its application key or client id unless a new one is given. */
async function newCredentials(
  io: Io,
  account: AccountSummary,
  applicationKey: string | undefined,
  clientId: string | undefined,
): Promise<AccountCredentialInput> {
  const c = account.connection;
  if (c.provider === 'logscale') {
    if (applicationKey || clientId) throw new UsageError('A LogScale account signs in with a token only: leave out --application-key and --client-id.');
    const [token] = await readSecretLines(io, ['New LogScale API token']);
    return { provider: 'logscale', token: token! };
  }
  const mode = clientId ? 'oauth2' : applicationKey ? 'consumer-key' : c.authMode;
  // Switching sign-in mode needs the other identifier: the old one belongs to the other mode.
  if (mode !== c.authMode && !(clientId ?? applicationKey))
    throw new UsageError(
      mode === 'oauth2' ? 'A service account needs its client id: add --client-id.' : 'An application key sign-in needs its key: add --application-key.',
    );
  const secrets = await ovhSecrets(io, mode);
  return mode === 'oauth2'
    ? { provider: 'ovh', mode: 'oauth2', clientId: clientId ?? c.appId, ...(secrets as { clientSecret: string }) }
    : { provider: 'ovh', mode: 'consumer-key', applicationKey: applicationKey ?? c.appId, ...(secrets as { applicationSecret: string; consumerKey: string }) };
}

const test: Command = async (core, args, io) => {
  const { values, positionals } = options(args, {});
  const account = findAccount(await core.accounts.list(), required(positionals[0], 'the account name or id'));
  const result = await core.accounts.test(account.id);
  if (values.json) return (json(io, { account: account.id, ok: true, ...result }), EXIT.ok);
  io.stdout.write(`${account.label}: ${result.detail}\n`);
  return EXIT.ok;
};

const remove: Command = async (core, args, io) => {
  const { values, positionals } = options(args, { yes: { type: 'boolean' } });
  const account = findAccount(await core.accounts.list(), required(positionals[0], 'the account name or id'));
  if (!values.yes && (await ask(io, `Remove account "${account.label}" and its secrets from the vault? Type its name to confirm: `)) !== account.label) {
    io.stderr.write('Not removed: the name did not match.\n');
    return EXIT.notConfirmed;
  }
  await core.accounts.remove(account.id);
  if (values.json) return (json(io, { removed: account.id }), EXIT.ok);
  io.stdout.write(`Removed account "${account.label}".\n`);
  return EXIT.ok;
};

export const ACCOUNT_COMMANDS: Record<string, Command> = {
  'accounts list': list,
  'accounts add': add,
  'accounts edit': edit,
  'accounts test': test,
  'accounts remove': remove,
};
