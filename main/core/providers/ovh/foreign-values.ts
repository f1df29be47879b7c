/**
 * What an OVHcloud value that Tokendesk does not hold looks like, so the admin knows where to go
 * (the leak check). Formats come from the documentation; none has a documented prefix, so the
 * wording says "looks like", never "is".
 *
 * OVHcloud IAM personal access tokens have no OVH-specific prefix: only the JWT shape, an EdDSA
 * header in the one real sample, and the `pat_jwt_` Basic username they travel with when a tool
 * cannot send Bearer. Their claims are unverified, so only issuer, subject and expiry are ever
 * shown, decoded WITHOUT verifying the signature.
 */

export function describeForeignOvhValue(value: string, context: { patUser?: boolean }): string | undefined {
  const jwt = decodeJwt(value);
  if (jwt) {
    const facts = [
      jwt.iss && `issuer ${jwt.iss}`,
      jwt.sub && `subject ${jwt.sub}`,
      jwt.exp !== undefined && `expires ${new Date(jwt.exp * 1000).toISOString()}`,
    ]
      .filter(Boolean)
      .join(', ');
    const said = facts ? ` (${facts})` : '';
    if (context.patUser)
      return `It looks like an OVHcloud IAM personal access token (it was sent with a pat_jwt_ username) that Tokendesk does not hold${said}.`;
    const ovhHint = /ovh/i.test(jwt.iss ?? '') || jwt.alg === 'EdDSA';
    return `It looks like a JSON Web Token${ovhHint ? ', perhaps an OVHcloud IAM personal access token' : ''}${said}.`;
  }
  if (/^[a-z0-9]{40,64}$/.test(value)) return 'It looks like an OVHcloud Logs Data Platform token from a service Tokendesk does not manage.';
  return undefined;
}

const decodePart = (part: string): Record<string, unknown> | null => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
};

/** Decodes a JWT's header and payload WITHOUT verifying it, keeping only the algorithm, issuer, subject and expiry. */
function decodeJwt(value: string): { alg?: string; iss?: string; sub?: string; exp?: number } | null {
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[0]!.startsWith('eyJ')) return null;
  try {
    const header = decodePart(parts[0]!);
    const payload = decodePart(parts[1]!);
    if (!header || !payload) return null;
    return {
      ...(typeof header['alg'] === 'string' ? { alg: header['alg'].slice(0, 20) } : {}),
      ...(typeof payload['iss'] === 'string' ? { iss: payload['iss'].slice(0, 100) } : {}),
      ...(typeof payload['sub'] === 'string' ? { sub: payload['sub'].slice(0, 100) } : {}),
      ...(typeof payload['exp'] === 'number' && Number.isFinite(payload['exp']) && Math.abs(payload['exp']) < 1e11 ? { exp: payload['exp'] } : {}),
    };
  } catch {
    return null;
  }
}
