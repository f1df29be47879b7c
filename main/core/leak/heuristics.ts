/**
 * For a pasted secret that is not one of ours: what it looks like, so the admin knows where to go.
 * Formats come from the references (logscale.md §8, ovh-ldp.md §2.3, ovh-iam.md); none is a
 * documented prefix, so the wording says "looks like", never "is".
 */
export function describeUnknownSecret(value: string): string | undefined {
  if (/^[A-Za-z0-9]{16,64}~[A-Za-z0-9]{32,64}$/.test(value)) return 'It looks like a Falcon LogScale API token (<id>~<secret>) from a cluster or account Tokendesk does not manage.';
  const jwt = decodeJwt(value);
  if (jwt) {
    const facts = [jwt.iss && `issuer ${jwt.iss}`, jwt.sub && `subject ${jwt.sub}`, jwt.exp && `expires ${new Date(jwt.exp * 1000).toISOString()}`].filter(Boolean).join(', ');
    return `It looks like a JSON Web Token${/ovh/i.test(jwt.iss ?? '') ? ', perhaps an OVHcloud IAM personal access token' : ''}${facts ? ` (${facts})` : ''}.`;
  }
  if (/^[a-z0-9]{40,64}$/.test(value)) return 'It looks like an OVHcloud Logs Data Platform token from a service Tokendesk does not manage.';
  return undefined;
}

/** Decodes a JWT's payload WITHOUT verifying it, keeping only issuer, subject and expiry. */
function decodeJwt(value: string): { iss?: string; sub?: string; exp?: number } | null {
  const parts = value.split('.');
  if (parts.length !== 3 || !parts[0]!.startsWith('eyJ')) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return {
      ...(typeof payload['iss'] === 'string' ? { iss: payload['iss'].slice(0, 100) } : {}),
      ...(typeof payload['sub'] === 'string' ? { sub: payload['sub'].slice(0, 100) } : {}),
      ...(typeof payload['exp'] === 'number' ? { exp: payload['exp'] } : {}),
    };
  } catch {
    return null;
  }
}
