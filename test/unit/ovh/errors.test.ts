import { describe, expect, it } from 'vitest';
import { networkDetail, ovhHttpError, ovhMalformedError, ovhNetworkError, redact } from '../../../main/core/providers/ovh/errors';
import { IAM_EXPLANATION } from '../../../main/core/providers/ovh';

const qid = 'FR.ws-8.5860f657.4632.0180';
const map = (status: number, body: unknown, path = '/dbaas/logs/ldp-ab-12345/token', method = 'POST') =>
  ovhHttpError({
    status,
    method,
    path,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    requestId: qid,
    secrets: ['SECRET-APP-SECRET', 'CONSUMER-KEY-VALUE'],
  });

describe('OVHcloud error mapping', () => {
  const cases: Array<[number, Record<string, string>, string, RegExp]> = [
    [400, { errorCode: 'INVALID_SIGNATURE', httpCode: '400 Bad Request', message: 'Invalid signature' }, 'auth', /signature/],
    [400, { errorCode: 'QUERY_TIME_OUT', httpCode: '400 Bad Request', message: 'Query out of time' }, 'auth', /date and time/],
    [403, { errorCode: 'INVALID_CREDENTIAL', httpCode: '403 Forbidden', message: 'This credential is not valid' }, 'auth', /not valid/],
    [403, { errorCode: 'NOT_CREDENTIAL', httpCode: '403 Forbidden', message: 'This credential does not exist' }, 'auth', /does not know this consumer key/],
    [403, { errorCode: 'INVALID_KEY', httpCode: '403 Forbidden', message: 'This application key is invalid' }, 'auth', /application key/],
    [
      403,
      { errorCode: 'NOT_GRANTED_CALL', httpCode: '403 Forbidden', message: 'This call has not been granted' },
      'forbidden',
      /not granted the call POST \/dbaas\/logs\/ldp-ab-12345\/token/,
    ],
    [403, { errorCode: 'FORBIDDEN', httpCode: '403 Forbidden', message: 'Forbidden' }, 'forbidden', /refused this call/],
    [
      403,
      { class: 'Client::Forbidden::Busy', message: 'An operation is already running for this service: 1. Please retry later.' },
      'busy',
      /Another operation is running on ldp-ab-12345/,
    ],
    [403, { class: 'Client::Forbidden::IAMService', message: 'IAM is enabled on this service so this action is no more permitted' }, 'forbidden', /IAM tokens/],
    [
      403,
      { class: 'Client::Forbidden::ServiceUnavailable', message: "Service 'ldp-ab-12345' unavailable, status is 'DISABLED'" },
      'forbidden',
      /current state/,
    ],
    [403, { class: 'Client::Forbidden::AccessDenied', message: 'Cluster access denied' }, 'forbidden', /not allowed to use that cluster/],
    [
      403,
      { class: 'Client::Forbidden::OnlyOwnerCanPerformAction', message: 'Only the owner is allowed to perform this action' },
      'forbidden',
      /Only the owner/,
    ],
    [403, { class: 'Client::Forbidden', message: 'User not granted for this request' }, 'forbidden', /IAM policy/],
    [
      409,
      { class: 'Client::Conflict::TokenNameAlreadyUsed', message: "Token name 'ci' already used by 'ldp-ab-12345'" },
      'conflict',
      /already exists on ldp-ab-12345/,
    ],
    [404, { class: 'Client::NotFound::TokenDoesNotExists', message: "Token 'x' doesn't exist" }, 'not-found', /no longer exists/],
    [404, { class: 'Client::NotFound::ServiceDoesNotExists', message: "Service 'x' doesn't exist" }, 'not-found', /does not exist or is not visible/],
    [404, { class: 'Client::NotFound::ServiceNotFound', message: 'Cannot find service' }, 'not-found', /does not exist or is not visible/],
    [404, { class: 'Client::NotFound::ClusterDoesNotExists', message: "Cluster 'x' doesn't exist" }, 'not-found', /cluster does not exist/],
    [404, { class: 'Client::NotFound::OperationDoesNotExists', message: "Operation 'x' doesn't exist" }, 'not-found', /operation/],
    [400, { class: 'Client::ValidationError::InvalidTokenName', message: 'Invalid token name' }, 'invalid-input', /token name/],
    [400, { class: 'Client::ValidationError::InvalidUUID', message: "Invalid UUID 'x'" }, 'invalid-input', /refused a value/],
    [401, { class: 'Client::Unauthorized', message: 'You must login first' }, 'auth', /credentials/],
  ];

  it.each(cases)('HTTP %i %o -> %s', (status, body, code, sentence) => {
    const error = map(status, body);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(sentence);
    const ovhCode = body.errorCode ?? body.class;
    // What OVHcloud said is kept, in the structured info and in the message an admin copies.
    expect(error.provider).toMatchObject({ provider: 'ovh', status, errorClass: ovhCode, message: body.message, requestId: qid });
    expect(error.message).toContain(ovhCode);
    expect(error.message).toContain(body.message);
    expect(error.message).toContain(`HTTP ${status}`);
    expect(error.message).toContain(qid);
    expect(error.mayHaveBeenApplied).toBe(false);
  });

  it('keeps the IAM explanation as the message of an IAM-enabled service', () => {
    expect(map(403, { class: 'Client::Forbidden::IAMService', message: 'IAM is enabled' }).message.startsWith(IAM_EXPLANATION)).toBe(true);
  });

  it('treats 429 and 5xx by status whatever their body says, as possibly applied', () => {
    const limited = ovhHttpError({
      status: 429,
      method: 'GET',
      path: '/dbaas/logs',
      text: '{"message":"Too many requests"}',
      requestId: undefined,
      retryAfterMs: 2000,
      secrets: [],
    });
    expect(limited.code).toBe('rate-limited');
    expect(limited.retryAfterMs).toBe(2000);
    expect(limited.mayHaveBeenApplied).toBe(true);
    const server = map(503, '<html><body><h1>503 Service Unavailable</h1>\n<p>maintenance</p></body></html>');
    expect(server.code).toBe('provider');
    expect(server.provider?.message).toBe('503 Service Unavailable maintenance');
    expect(server.mayHaveBeenApplied).toBe(true);
  });

  it('scrubs known secrets from whatever the provider said', () => {
    const error = map(400, { class: 'Client::BadRequest', message: 'bad header CONSUMER-KEY-VALUE with SECRET-APP-SECRET' });
    expect(error.message).not.toContain('CONSUMER-KEY-VALUE');
    expect(error.message).not.toContain('SECRET-APP-SECRET');
    expect(error.provider?.message).toBe('bad header [redacted] with [redacted]');
    expect(redact('abc', ['ab'])).toBe('abc'); // too short to be a secret: left alone
  });

  it('words network failures, timeouts and unreadable bodies for an admin', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(networkDetail(reset)).toBe('ECONNRESET');
    const network = ovhNetworkError({ method: 'GET', path: '/dbaas/logs', host: 'eu.api.ovh.com', cause: reset });
    expect(network.code).toBe('unreachable');
    expect(network.message).toBe('Could not reach the OVHcloud API at eu.api.ovh.com (ECONNRESET). Check the network connection and try again.');
    expect(network.kind).toBe('network');
    const timeout = ovhNetworkError({ method: 'GET', path: '/dbaas/logs', host: 'eu.api.ovh.com', timeoutMs: 30_000, cause: new Error('x') });
    expect(timeout.kind).toBe('timeout');
    expect(timeout.message).toContain('no answer within 30 seconds');
    const malformed = ovhMalformedError({
      status: 200,
      method: 'GET',
      path: '/dbaas/logs',
      requestId: qid,
      what: 'HTTP 200 with a body that is not valid JSON',
    });
    expect(malformed.code).toBe('provider');
    expect(malformed.message).toContain('could not read');
    expect(malformed.message).toContain(qid);
    expect(malformed.mayHaveBeenApplied).toBe(true);
  });
});
