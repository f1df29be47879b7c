/**
 * What an account edit changes, worked out before anything is saved: the new connection (URL, an
 * OVHcloud key or client id) and the new credentials, checked against the account's provider and
 * authentication mode. Pure: the core tests the result against the provider, then saves it.
 */
import { AppError } from '../errors';
import type { AccountCredentials, AccountRecord, AccountSummary, EditAccountInput } from '../model';

export interface PlannedEdit {
  label?: string;
  connection?: AccountRecord['connection'];
  credentials?: AccountCredentials;
  /** What changed, for the audit log: `label`, `url`, `credentials`. */
  changed: string[];
}

const refuse = (field: string, text: string): AppError => new AppError('invalid-input', text, { issues: [`${field}: ${text}`] });

export function planAccountEdit(account: AccountSummary, input: EditAccountInput): PlannedEdit {
  const plan: PlannedEdit = { changed: [] };
  if (input.label !== undefined && input.label !== account.label) {
    plan.label = input.label;
    plan.changed.push('label');
  }
  let connection = account.connection;
  if (input.baseUrl !== undefined) {
    const baseUrl = input.baseUrl.trim().replace(/\/+$/, '');
    if (connection.provider === 'ovh' && connection.endpoint !== 'custom') {
      throw refuse('baseUrl', `This account uses the ${connection.endpoint} endpoint, whose URL is fixed: only an account on a custom endpoint has a URL to change.`);
    }
    if (baseUrl !== connection.baseUrl) {
      connection = { ...connection, baseUrl };
      plan.changed.push('url');
    }
  }
  const given = input.credentials;
  if (given) {
    if (connection.provider === 'logscale') {
      if (!('token' in given)) throw refuse('credentials', 'A LogScale account signs in with a token: give a token.');
      plan.credentials = { token: given.token };
    } else {
      if ('token' in given) throw refuse('credentials', 'An OVHcloud account signs in with an application secret and consumer key, or an OAuth2 client secret: not a token.');
      const appId = given.mode === 'consumer-key' ? given.applicationKey : given.clientId;
      // Switching between a consumer key and a service account needs the other identifier too.
      if (given.mode !== connection.authMode && !appId) {
        throw refuse('credentials', given.mode === 'consumer-key' ? 'This account signs in with a service account: give the application key as well to switch to a consumer key.' : 'This account signs in with a consumer key: give the client id as well to switch to a service account.');
      }
      if (given.mode !== connection.authMode || (appId && appId !== connection.appId)) connection = { ...connection, authMode: given.mode, appId: appId ?? connection.appId };
      plan.credentials = given.mode === 'consumer-key' ? { mode: 'consumer-key', applicationSecret: given.applicationSecret, consumerKey: given.consumerKey } : { mode: 'oauth2', clientSecret: given.clientSecret };
    }
    plan.changed.push('credentials');
  }
  if (connection !== account.connection) plan.connection = connection;
  return plan;
}
