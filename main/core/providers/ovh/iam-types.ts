/**
 * Boundary types of the OVHcloud IAM routes Tokendesk uses for IAM-enabled LDP services: local
 * users, their personal access tokens (PATs) and IAM policies. Every answer is checked against
 * these schemas before the app sees it. Fields are read leniently where OVHcloud's API spec gives
 * no nullability (an absent description reads as '').
 */
import * as v from 'valibot';
import type { KnownOr } from './types';

export type OvhIamUserStatus = KnownOr<'OK' | 'DISABLED' | 'PASSWORD_CHANGE_REQUIRED'>;
export type OvhIamUserType = KnownOr<'ROOT' | 'SERVICE' | 'USER'>;

/** `auth.User` (GET /me/identity/user/{user}). `login` is the suffix after `<account-id>/`. */
export interface OvhIamUser {
  login: string;
  /** The identity URN to match in policies, e.g. `urn:v1:eu:identity:user:xx1111-ovh/user1`. */
  urn: string;
  group: string;
  email: string | null;
  description: string;
  status: OvhIamUserStatus;
  type: OvhIamUserType | null;
  creation: string | null;
  lastUpdate: string | null;
  passwordLastUpdate: string | null;
}

/** `auth.PersonalAccessToken` (GET / PUT answers): never the secret. */
export interface OvhPat {
  /** The identifier: unique per user. */
  name: string;
  description: string;
  creation: string;
  /** null: the token does not expire (the default). */
  expiresAt: string | null;
  /** null: never used (how fresh it is, and whether LDP backend use counts, is unverified). */
  lastUsed: string | null;
}

/** `auth.PersonalAccessTokenResponse` (POST answer): the secret, shown once. */
export interface OvhPatCreated extends OvhPat {
  token: string;
}

export interface OvhPatInput {
  name: string;
  /** Required by the API (OVHcloud's `/me` spec). */
  description: string;
  /** ISO 8601 date-time. At most one of expiresAt / expiresIn (what the API does with both is unverified). */
  expiresAt?: string;
  /** Seconds. */
  expiresIn?: number;
}

/** `auth.PersonalAccessTokenModifyRequest`: name and secret cannot change. */
export interface OvhPatPatch {
  description?: string;
  /** null probably removes the expiry (the field is nullable; unverified). */
  expiresAt?: string | null;
  expiresIn?: number | null;
}

export interface OvhIamAction {
  action: string;
}

/** `iam.Policy` (GET /v2/iam/policy), the fields Tokendesk reads. */
export interface OvhIamPolicy {
  id: string;
  name: string;
  description: string | null;
  identities: string[];
  resources: Array<{ urn: string }>;
  permissions: { allow: OvhIamAction[]; except: OvhIamAction[]; deny: OvhIamAction[] };
  permissionsGroups: Array<{ urn: string }>;
  expiredAt: string | null;
  readOnly: boolean;
  owner: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/**
 * Filters of `GET /v2/iam/policy`. The API documents them as arrays, but how an array is written
 * in the query (repeated key or commas) is unverified, so Tokendesk sends one value per request.
 */
export interface OvhIamPolicyFilter {
  /** An identity URN (user, group, service account). */
  identity?: string;
  resourceURN?: string;
  action?: string;
  /** Expand resources (resource groups). Not sent unless asked: the expanded shape is unverified. */
  details?: boolean;
}

// ------------------------------------------------------------------------------------------

const str = v.string();
const nstr = v.nullish(v.string(), null);
const Actions = v.nullish(v.array(v.object({ action: str })), []);

export const IamUserSchema = v.object({
  login: str,
  urn: str,
  group: v.nullish(str, ''),
  email: nstr,
  description: v.nullish(str, ''),
  status: v.nullish(str, 'OK'),
  type: nstr,
  creation: nstr,
  lastUpdate: nstr,
  passwordLastUpdate: nstr,
});

export const PatSchema = v.object({ name: str, description: v.nullish(str, ''), creation: str, expiresAt: nstr, lastUsed: nstr });

export const PatCreatedSchema = v.object({ ...PatSchema.entries, token: v.pipe(str, v.minLength(1)) });

export const IamPolicySchema = v.object({
  id: str,
  name: str,
  description: nstr,
  identities: v.nullish(v.array(str), []),
  resources: v.nullish(v.array(v.object({ urn: str })), []),
  permissions: v.nullish(v.object({ allow: Actions, except: Actions, deny: Actions }), { allow: [], except: [], deny: [] }),
  permissionsGroups: v.nullish(v.array(v.object({ urn: str })), []),
  expiredAt: nstr,
  readOnly: v.nullish(v.boolean(), false),
  owner: nstr,
  createdAt: nstr,
  updatedAt: nstr,
});

export const IamPolicyList = v.array(IamPolicySchema);

/** Answers documented as "200, no body": JSON null, or nothing at all. */
export const VoidAnswer = v.unknown();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _checks: [
  Same<v.InferOutput<typeof IamUserSchema>, Omit<OvhIamUser, 'status' | 'type'> & { status: string; type: string | null }>,
  Same<v.InferOutput<typeof PatSchema>, OvhPat>,
  Same<v.InferOutput<typeof PatCreatedSchema>, OvhPatCreated>,
  Same<v.InferOutput<typeof IamPolicySchema>, OvhIamPolicy>,
] = [true, true, true, true];
void _checks;
