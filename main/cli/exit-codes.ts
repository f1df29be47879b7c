/** Exit codes a script can rely on, the same with or without --json. */
export const EXIT = {
  ok: 0,
  /** The action failed: provider error, keychain or vault error, network. The message says which. */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** No such account or token. */
  notFound: 3,
  /** `leak`: what was pasted is not one of ours. */
  notOurs: 4,
  /** `scan`: a live token was found (and not revoked). */
  liveFound: 4,
  /** A confirmation was refused or did not match. */
  notConfirmed: 5,
  /** `leak`, `scan`: a LogScale id that tokens of several accounts carry: Tokendesk refused to pick one (nothing revoked). */
  ambiguous: 5,
} as const;
