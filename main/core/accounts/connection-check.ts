/**
 * "Test the connection" before an account is saved or changed: the same adapter the app would
 * use, built from the draft (connection and credentials held in memory only), asked to prove the
 * credentials work. The answer is a value, not an error: what failed, in one of the words an
 * admin acts on (network, TLS, auth, permission), so the window can offer "Save anyway".
 */
import { randomUUID } from 'node:crypto';
import type { AccountCredentials, AccountRecord, ConnectionCheck, ConnectionFailureKind, ErrorPayload, Settings } from '../model';
import { toErrorPayload } from '../errors';
import { createAdapterRegistry } from '../tokens/adapter-registry';

export interface Draft {
  label: string;
  connection: AccountRecord['connection'];
  credentials: AccountCredentials;
}

export async function checkConnection(draft: Draft, settings: () => Settings, now: () => number): Promise<ConnectionCheck> {
  const id = `draft-${randomUUID()}`;
  const record: AccountRecord = { id, label: draft.label, createdAt: new Date(now()).toISOString(), connection: draft.connection };
  const source = { snapshot: async () => ({ connection: record.connection, credentials: draft.credentials }) };
  try {
    const adapter = await createAdapterRegistry(source, settings, now).adapterFor(id);
    return { ok: true, detail: (await adapter.testConnection()).detail };
  } catch (error) {
    const payload = toErrorPayload(error);
    const kind = failureKind(payload);
    return { ok: false, kind, message: KIND_SENTENCES[kind], error: payload };
  }
}

const KIND_SENTENCES: Record<ConnectionFailureKind, string> = {
  network: 'The server could not be reached: check the address and your network (a proxy or VPN?).',
  tls: 'The server was reached, but its certificate could not be trusted (expired, self-signed, or for another name).',
  auth: 'The server refused the credential: it is wrong, expired or revoked.',
  permission: 'The credential works, but it may not do what Tokendesk needs (manage tokens).',
  other: 'The server answered with an error.',
};

// Node's TLS failures carry OpenSSL codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…).
const TLS = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/i;

export function failureKind(error: ErrorPayload): ConnectionFailureKind {
  switch (error.code) {
    case 'unreachable':
    case 'timeout':
      return TLS.test(error.message) ? 'tls' : 'network';
    case 'auth':
      return 'auth';
    case 'forbidden':
      return 'permission';
    default:
      return 'other';
  }
}
