/**
 * OVHcloud as the rest of the core sees it (provider-module.ts): an API region (or a custom base
 * URL) and an application key or OAuth2 client per account; LDP tokens, LDP stream write tokens
 * and IAM personal access tokens (JWTs).
 */
import { AppError } from '../../errors';
import type { AccountChange, OvhConnection, OvhCredentials } from '../../model';
import { PROVIDER_NAMES } from '../../model/providers';
import { trimBaseUrl } from '../../net/base-url';
import type { AccountDraft, Connection, ProviderModule } from '../provider-module';
import { createOvhAdapter } from './adapter';
import { createOvhClient, type OvhAuth } from './client';
import { OVH_API_BASE_URLS } from './endpoints';
import { describeForeignOvhValue } from './foreign-values';

export const ovhModule: ProviderModule = {
  id: 'ovh',
  displayName: PROVIDER_NAMES.ovh,
  valueShapes: {
    // The documented sample is 51 lowercase alphanumerics.
    ldp: { test: (v) => /^[A-Za-z0-9]{16,256}$/.test(v), says: 'an LDP token, 16 to 256 letters and digits' },
    // A Graylog rule's value: a UUID in practice.
    'ldp-stream': { test: (v) => /^[A-Za-z0-9_-]{8,256}$/.test(v), says: 'an LDP stream write token, 8 to 256 letters, digits, - and _' },
    'iam-pat': {
      test: (v) => v.length <= 16_384 && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(v),
      says: 'an OVHcloud personal access token, a JWT',
    },
  },
  // IAM personal access tokens are JWTs and LDP tokens long alphanumerics: the redactor's own JWT and long-run rules cover both.
  redactions: [],
  describeForeign: describeForeignOvhValue,

  splitInput(input) {
    if (input.provider !== 'ovh') throw new Error('not an OVHcloud account');
    const baseUrl = input.endpoint === 'custom' ? trimBaseUrl(input.customBaseUrl ?? '') : OVH_API_BASE_URLS[input.endpoint];
    const auth = input.auth;
    const appId = auth.mode === 'consumer-key' ? auth.applicationKey : auth.clientId;
    return { connection: { provider: 'ovh', endpoint: input.endpoint, baseUrl, authMode: auth.mode, appId }, credentials: secretsOf(auth) };
  },

  applyChange: (connection, change) => applyOvhChange(ovh(connection), change),
  credentialFields: (connection) => (ovh(connection).authMode === 'oauth2' ? ['clientSecret'] : ['applicationSecret', 'consumerKey']),
  signInTokenId: () => null,

  async createAdapter(connection, credentials, settings, now) {
    const c = ovh(connection);
    const secrets = (await credentials()) as OvhCredentials;
    const auth: OvhAuth =
      secrets.mode === 'consumer-key'
        ? { mode: 'consumer-key', applicationKey: c.appId, applicationSecret: secrets.applicationSecret, consumerKey: secrets.consumerKey }
        : { mode: 'oauth2', clientId: c.appId, clientSecret: secrets.clientSecret };
    const endpoint = c.endpoint === 'custom' ? { baseUrl: c.baseUrl } : c.endpoint;
    return createOvhAdapter(createOvhClient({ endpoint, auth, maxInFlight: () => settings().maxInFlightPerAccount }), now);
  },

  holds: { services: 'Logs Data Platform services' },
  // IAM policies name their actions in full; there are no labels to look up.
  permissionLabel: (name) => name,
};

function ovh(connection: Connection): OvhConnection {
  if (connection.provider !== 'ovh') throw new Error('not an OVHcloud connection');
  return connection;
}

/** The vault's part of a credential: the secrets, not the application key or client id (those are the connection's `appId`). */
function secretsOf(auth: { mode: 'consumer-key'; applicationSecret: string; consumerKey: string } | { mode: 'oauth2'; clientSecret: string }): OvhCredentials {
  return auth.mode === 'consumer-key'
    ? { mode: 'consumer-key', applicationSecret: auth.applicationSecret, consumerKey: auth.consumerKey }
    : { mode: 'oauth2', clientSecret: auth.clientSecret };
}

function applyOvhChange(connection: OvhConnection, change: AccountChange): AccountDraft {
  if (change.baseUrl !== undefined)
    throw new AppError('invalid-input', 'An OVHcloud account has an API region (or a custom API base URL), not a LogScale URL.', {
      issues: ['baseUrl: is not allowed'],
    });
  const endpoint = change.endpoint ?? connection.endpoint;
  // A URL for an account on one of OVHcloud's regions would be ignored: say so rather than drop it.
  if (change.customBaseUrl !== undefined && endpoint !== 'custom')
    throw new AppError('invalid-input', `This account uses OVHcloud's ${endpoint} endpoint, whose URL is fixed: choose the custom endpoint to give one.`, {
      issues: ['customBaseUrl: is only for the custom endpoint'],
    });
  const customBaseUrl = change.customBaseUrl ?? (connection.endpoint === 'custom' ? connection.baseUrl : undefined);
  if (endpoint === 'custom' && !customBaseUrl)
    throw new AppError('invalid-input', 'Give the API base URL of a custom endpoint.', { issues: ['customBaseUrl: is required when endpoint is custom'] });
  const baseUrl = endpoint === 'custom' ? trimBaseUrl(customBaseUrl!) : OVH_API_BASE_URLS[endpoint];
  const given = change.credentials;
  if (given?.provider !== 'ovh') return { connection: { ...connection, endpoint, baseUrl }, credentials: null };
  const appId = given.mode === 'consumer-key' ? given.applicationKey : given.clientId;
  return { connection: { ...connection, endpoint, baseUrl, authMode: given.mode, appId }, credentials: secretsOf(given) };
}
