/**
 * What Tokendesk says about a pasted secret it does not hold. OVHcloud IAM personal access tokens
 * have no OVH prefix, so the wording is "looks like", and only issuer, subject and expiry of a JWT
 * are ever shown (decoded without verifying).
 */
import { describe, expect, it } from 'vitest';
import { describeUnknownSecret } from '../../../main/core/leak/heuristics';

const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (header: unknown, payload: unknown): string => `${part(header)}.${part(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
const claims = {
  iss: 'ovhcloud-iam',
  sub: 'urn:v1:eu:identity:user:xx1111-ovh/alice',
  exp: 1_900_000_000,
  email: 'alice@corp.example',
  jti: 'J-T-I-secret-ish',
  scope: 'all',
};

describe('describeUnknownSecret', () => {
  it('says a JWT sent with a pat_jwt_ username looks like an OVHcloud IAM PAT, with issuer, subject and expiry only', () => {
    const text = describeUnknownSecret(jwt({ alg: 'EdDSA', typ: 'JWT' }, claims), { patUser: true })!;
    expect(text).toBe(
      'It looks like an OVHcloud IAM personal access token (it was sent with a pat_jwt_ username) that Tokendesk does not hold ' +
        '(issuer ovhcloud-iam, subject urn:v1:eu:identity:user:xx1111-ovh/alice, expires 2030-03-17T17:46:40.000Z).',
    );
    for (const hidden of ['alice@corp.example', 'J-T-I-secret-ish', 'scope']) expect(text).not.toContain(hidden);
  });

  it('says "perhaps an OVHcloud IAM PAT" for an EdDSA JWT or an OVH issuer, and just "a JWT" otherwise', () => {
    expect(describeUnknownSecret(jwt({ alg: 'EdDSA' }, { sub: 'x' }))).toBe(
      'It looks like a JSON Web Token, perhaps an OVHcloud IAM personal access token (subject x).',
    );
    expect(describeUnknownSecret(jwt({ alg: 'RS256' }, { iss: 'https://iam.ovhcloud.example' }))).toContain('perhaps an OVHcloud IAM personal access token');
    expect(describeUnknownSecret(jwt({ alg: 'HS256', typ: 'JWT' }, { name: 'John Doe', iat: 1516239022 }))).toBe('It looks like a JSON Web Token.');
  });

  it('does not call garbage with a JWT shape a JWT', () => {
    expect(describeUnknownSecret('eyJub3QtanNvbg.eyJub3QtanNvbg.abc')).toBeUndefined();
    expect(describeUnknownSecret(`${part([1, 2])}.${part({})}.x`)).toBeUndefined();
  });
});
