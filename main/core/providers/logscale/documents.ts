/**
 * Every GraphQL document Tokendesk sends to LogScale, and nothing else: the client refers to them by
 * operation name only. test/unit/logscale/documents.test.ts validates each one against the real
 * server schema (LogScale 1.204.0), so a document the server would reject fails the build.
 *
 * They are plain strings on purpose: the client never loads the `graphql` package at runtime.
 *
 * Choices (see docs/providers/logscale.md):
 * - Creates use the v1 mutations, which return only the token string. They are the ones
 *   humio-operator uses against real servers since ~1.130 (when the v2 `{token, tokenMetadata}`
 *   variants appeared is unverified), and a bare `String!` is the smallest answer that can carry a
 *   show-once secret: no metadata field can fail and take the secret down with it. Metadata is read
 *   afterwards, once the caller has kept the secret.
 * - Lookups by id go through `tokens(searchFilter: …)` and compare ids, like humio-operator; the
 *   behaviour of `token(tokenId:)` for a missing id is unverified.
 */

const TOKEN_FIELDS = /* GraphQL */ `
  fragment TokenFields on Token {
    __typename
    id
    name
    createdAt
    expireAt
    ipFilterV2 {
      id
      name
      ipFilter
    }
    ... on SystemPermissionsToken {
      permissions
    }
    ... on OrganizationPermissionsToken {
      permissions
    }
    ... on ViewPermissionsToken {
      permissions
      views {
        __typename
        id
        name
      }
    }
  }
`;

const POLICY_FIELDS = /* GraphQL */ `
  fragment TokenPolicyFields on TokenSecurityPolicies {
    personalUserTokensEnabled
    personalUserTokensEnforceExpirationAfterMs
    personalUserTokensEnforceIpFilter {
      id
      name
      ipFilter
    }
    viewPermissionTokensEnabled
    viewPermissionTokensEnforceExpirationAfterMs
    viewPermissionTokensEnforceIpFilter {
      id
      name
      ipFilter
    }
    viewPermissionTokensAllowPermissionUpdates
    organizationPermissionTokensEnabled
    organizationPermissionTokensEnforceExpirationAfterMs
    organizationPermissionTokensEnforceIpFilter {
      id
      name
      ipFilter
    }
    organizationPermissionTokensAllowPermissionUpdates
    systemPermissionTokensEnabled
    systemPermissionTokensEnforceExpirationAfterMs
    systemPermissionTokensEnforceIpFilter {
      id
      name
      ipFilter
    }
    systemPermissionTokensAllowPermissionUpdates
  }
`;

export const LOGSCALE_DOCUMENTS = {
  /**
   * Credential check. `viewerOpt` is null for tokens that are not a user (system, organization,
   * view): whether `viewer` errors for those is unverified, so the nullable field is used and any
   * HTTP 200 counts as authenticated.
   */
  CheckCredentials: /* GraphQL */ `
    query CheckCredentials {
      viewerOpt {
        id
        username
      }
    }
  `,

  ListTokens: /* GraphQL */ `
    query ListTokens($search: String, $types: [Tokens__Type!], $sortBy: Tokens__SortBy!, $orderBy: OrderBy, $skip: Int, $limit: Int) {
      tokens(searchFilter: $search, typeFilter: $types, sortBy: $sortBy, orderBy: $orderBy, skip: $skip, limit: $limit) {
        totalResults
        results {
          ...TokenFields
        }
      }
    }
    ${TOKEN_FIELDS}
  `,

  /** The caller's account and personal token (one per user; `Account.token` is nullable). */
  PersonalToken: /* GraphQL */ `
    query PersonalToken {
      viewer {
        id
        username
        token {
          ...TokenFields
        }
      }
    }
    ${TOKEN_FIELDS}
  `,

  CreateSystemToken: /* GraphQL */ `
    mutation CreateSystemToken($name: String!, $expireAt: Long, $ipFilterId: String, $permissions: [SystemPermission!]!) {
      createSystemPermissionsToken(input: { name: $name, expireAt: $expireAt, ipFilterId: $ipFilterId, permissions: $permissions })
    }
  `,

  CreateOrganizationToken: /* GraphQL */ `
    mutation CreateOrganizationToken($name: String!, $expireAt: Long, $ipFilterId: String, $permissions: [OrganizationPermission!]!) {
      createOrganizationPermissionsToken(input: { name: $name, expireAt: $expireAt, ipFilterId: $ipFilterId, permissions: $permissions })
    }
  `,

  CreateViewToken: /* GraphQL */ `
    mutation CreateViewToken($name: String!, $expireAt: Long, $ipFilterId: String, $viewIds: [String!]!, $permissions: [Permission!]!) {
      createViewPermissionsToken(input: { name: $name, expireAt: $expireAt, ipFilterId: $ipFilterId, viewIds: $viewIds, permissions: $permissions })
    }
  `,

  /** Personal tokens have no name and no permissions: they inherit the user's. */
  CreatePersonalToken: /* GraphQL */ `
    mutation CreatePersonalToken($expireAt: Long, $ipFilterId: String) {
      createPersonalUserToken(input: { expireAt: $expireAt, ipFilterId: $ipFilterId })
    }
  `,

  UpdateSystemTokenPermissions: /* GraphQL */ `
    mutation UpdateSystemTokenPermissions($id: String!, $permissions: [SystemPermission!]!) {
      updateSystemPermissionsTokenPermissions(input: { id: $id, permissions: $permissions })
    }
  `,

  UpdateOrganizationTokenPermissions: /* GraphQL */ `
    mutation UpdateOrganizationTokenPermissions($id: String!, $permissions: [OrganizationPermission!]!) {
      updateOrganizationPermissionsTokenPermissions(input: { id: $id, permissions: $permissions })
    }
  `,

  UpdateViewTokenPermissions: /* GraphQL */ `
    mutation UpdateViewTokenPermissions($id: String!, $permissions: [Permission!]!) {
      updateViewPermissionsTokenPermissions(input: { id: $id, permissions: $permissions })
    }
  `,

  /** Returns the new `<id>~<secret>`; the id changes too. For a personal token `id` is the USER id. */
  RotateToken: /* GraphQL */ `
    mutation RotateToken($id: String!) {
      rotateToken(input: { id: $id })
    }
  `,

  DeleteToken: /* GraphQL */ `
    mutation DeleteToken($id: String!) {
      deleteToken(input: { id: $id })
    }
  `,

  ListIpFilters: /* GraphQL */ `
    query ListIpFilters {
      ipFilters {
        id
        name
        ipFilter
      }
    }
  `,

  CreateIpFilter: /* GraphQL */ `
    mutation CreateIpFilter($name: String!, $ipFilter: String!) {
      createIPFilter(input: { name: $name, ipFilter: $ipFilter }) {
        id
        name
        ipFilter
      }
    }
  `,

  UpdateIpFilter: /* GraphQL */ `
    mutation UpdateIpFilter($id: String!, $name: String, $ipFilter: String) {
      updateIPFilter(input: { id: $id, name: $name, ipFilter: $ipFilter }) {
        id
        name
        ipFilter
      }
    }
  `,

  DeleteIpFilter: /* GraphQL */ `
    mutation DeleteIpFilter($id: String!) {
      deleteIPFilter(input: { id: $id })
    }
  `,

  /** `organization.configs.tokens` is nullable (stability "Short-term"). */
  TokenPolicies: /* GraphQL */ `
    query TokenPolicies {
      organization {
        id
        configs {
          tokens {
            ...TokenPolicyFields
          }
        }
      }
    }
    ${POLICY_FIELDS}
  `,

  /** Replaces the whole policy; the client always sends every field (omitted-field semantics are unverified). */
  UpdateTokenPolicies: /* GraphQL */ `
    mutation UpdateTokenPolicies($input: TokenSecurityPoliciesInput!) {
      updateTokenSecurityPolicies(input: $input) {
        id
        configs {
          tokens {
            ...TokenPolicyFields
          }
        }
      }
    }
    ${POLICY_FIELDS}
  `,

  /**
   * Ingest tokens (kind `ingest`): one repository at a time. A repository where the caller lacks
   * ChangeIngestTokens answers an error for `ingestTokens`, and since the field is non-null the
   * error would take a whole multi-repository answer down with it: so one query per repository.
   */
  ListIngestTokens: /* GraphQL */ `
    query ListIngestTokens($repositoryName: String!) {
      repository(name: $repositoryName) {
        ingestTokens {
          name
          token
          parser {
            id
            name
          }
        }
      }
    }
  `,

  /** `parser` takes the parser's name or id (humio-operator sends the name). */
  AddIngestToken: /* GraphQL */ `
    mutation AddIngestToken($repositoryName: String!, $name: String!, $parser: String) {
      addIngestTokenV3(input: { repositoryName: $repositoryName, name: $name, parser: $parser }) {
        name
        token
        parser {
          id
          name
        }
      }
    }
  `,

  AssignIngestTokenParser: /* GraphQL */ `
    mutation AssignIngestTokenParser($repositoryName: String!, $tokenName: String!, $parser: String!) {
      assignParserToIngestTokenV2(input: { repositoryName: $repositoryName, tokenName: $tokenName, parser: $parser }) {
        name
        parser {
          id
          name
        }
      }
    }
  `,

  UnassignIngestTokenParser: /* GraphQL */ `
    mutation UnassignIngestTokenParser($repositoryName: String!, $tokenName: String!) {
      unassignIngestToken(repositoryName: $repositoryName, tokenName: $tokenName) {
        repository {
          id
        }
      }
    }
  `,

  RemoveIngestToken: /* GraphQL */ `
    mutation RemoveIngestToken($repositoryName: String!, $name: String!) {
      removeIngestToken(repositoryName: $repositoryName, name: $name) {
        result
      }
    }
  `,

  /** Repositories and their parsers, for the ingest-token form and the ingest-token sync. */
  ListRepositories: /* GraphQL */ `
    query ListRepositories {
      searchDomains {
        __typename
        id
        name
        ... on Repository {
          parsers {
            id
            name
          }
        }
      }
    }
  `,

  /** Views and repositories, for the view-token form (view tokens take search-domain ids). */
  ListSearchDomains: /* GraphQL */ `
    query ListSearchDomains {
      searchDomains {
        __typename
        id
        name
      }
    }
  `,
} as const;

export type LogScaleOperation = keyof typeof LOGSCALE_DOCUMENTS;

/** Operations whose effect is not idempotent: a retry layer must never replay them blindly. */
export const NON_IDEMPOTENT_OPERATIONS: ReadonlySet<LogScaleOperation> = new Set<LogScaleOperation>([
  'CreateSystemToken',
  'CreateOrganizationToken',
  'CreateViewToken',
  'CreatePersonalToken',
  'RotateToken',
  'CreateIpFilter',
  'AddIngestToken',
]);
