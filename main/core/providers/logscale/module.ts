/**
 * Falcon LogScale as the rest of the core sees it (provider-module.ts): a cluster URL and an API
 * token per account, values shaped `<id>~<secret>` that name their token, ingest tokens as UUIDs.
 */
import { AppError } from '../../errors';
import { PROVIDER_NAMES } from '../../model/providers';
import type { LogScaleCredentials } from '../../model';
import { trimBaseUrl } from '../../net/base-url';
import type { ProviderModule, ValueShape } from '../provider-module';
import { createLogScaleAdapter, createLogScaleClient, permissionLabel, retryingFetch } from './index';
import { isLogScaleApiKind, isLogScaleToken, LOGSCALE_TOKEN_PATTERN, logScaleTokenId } from './token-shape';

const apiToken: ValueShape = { test: isLogScaleToken, says: 'a LogScale API token, <id>~<secret>' };

export const logScaleModule: ProviderModule = {
  id: 'logscale',
  displayName: PROVIDER_NAMES.logscale,
  valueShapes: {
    system: apiToken,
    organization: apiToken,
    view: apiToken,
    personal: apiToken,
    // Its format is unverified: a UUID in practice, so letters, digits, - and _.
    ingest: { test: (v) => /^[A-Za-z0-9_-]{16,256}$/.test(v), says: 'a LogScale ingest token, 16 to 256 letters, digits, - and _ (a UUID)' },
  },
  redactions: [[LOGSCALE_TOKEN_PATTERN, '[redacted-logscale-token]']],
  // An ingest token is a UUID: its value names nothing.
  idInValue: { names: isLogScaleApiKind, read: logScaleTokenId },
  describeForeign: (value) =>
    isLogScaleToken(value) ? 'It looks like a Falcon LogScale API token (<id>~<secret>) from a cluster or account Tokendesk does not manage.' : undefined,

  splitInput(input) {
    if (input.provider !== 'logscale') throw new Error('not a LogScale account');
    return { connection: { provider: 'logscale', baseUrl: trimBaseUrl(input.baseUrl) }, credentials: { token: input.token } };
  },

  applyChange(connection, change) {
    if (change.endpoint !== undefined || change.customBaseUrl !== undefined)
      throw new AppError('invalid-input', 'A LogScale account has a URL, not an OVHcloud API region.', { issues: ['endpoint: is not allowed'] });
    const baseUrl = change.baseUrl !== undefined ? trimBaseUrl(change.baseUrl) : connection.baseUrl;
    const given = change.credentials;
    return { connection: { provider: 'logscale', baseUrl }, credentials: given?.provider === 'logscale' ? { token: given.token } : null };
  },

  credentialFields: () => ['token'],
  signInTokenId: (credentials) => ('token' in credentials ? logScaleTokenId(credentials.token) : null),

  async createAdapter(connection, credentials, settings, now) {
    const client = createLogScaleClient({
      baseUrl: connection.baseUrl,
      // Read on each request: a personal token rotated in place changes it.
      token: () => credentials().then((c) => (c as LogScaleCredentials).token),
      fetch: retryingFetch((input, init) => fetch(input, init)),
      // The politeness setting applies at once: read at each listing, not when the client was built.
      pageConcurrency: () => settings().maxInFlightPerAccount,
      now,
    });
    return createLogScaleAdapter(client, connection.baseUrl, logScaleProbe(connection.baseUrl), now);
  },

  holds: { ipFilters: 'IP filters', views: 'views and repositories', policies: 'token security policies' },
  permissionLabel,
};

/**
 * Presents a value to LogScale and says whether it is accepted (used to verify a token and to prove
 * a revoked one dead). A 403 counts as accepted: the token exists, only this address is refused.
 */
export function logScaleProbe(baseUrl: string): (value: string) => Promise<'accepted' | 'rejected'> {
  return async (value) => {
    try {
      await createLogScaleClient({ baseUrl, token: value }).checkCredentials();
      return 'accepted';
    } catch (error) {
      if (error instanceof AppError && error.code === 'auth') return 'rejected';
      if (error instanceof AppError && error.code === 'forbidden') return 'accepted';
      throw error;
    }
  };
}
