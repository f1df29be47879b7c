/** What an account holds besides tokens, as the CLI's browse commands (and forms) show it: read-only. */
import type { KindPolicy, LogScaleTokenKind } from './tokens';

/** An OVHcloud Logs Data Platform service. */
export interface ServiceSummary {
  serviceName: string;
  displayName: string;
  state: string;
  plan: string;
  /** IAM-enabled services take IAM personal access tokens instead of LDP tokens. */
  iamEnabled: boolean;
  clusters: Array<{ clusterId: string; hostname: string; isDefault: boolean }>;
}

/** A LogScale IP filter: its rules are one `allow|deny <address|cidr|all>` per line. */
export interface IpFilterSummary {
  id: string;
  name: string;
  rules: string;
}

/** A LogScale view or repository (view tokens take these ids; ingest tokens belong to a repository). */
export interface ViewSummary {
  id: string;
  name: string;
  type: 'View' | 'Repository';
  /** Repositories only: their parsers, by name. */
  parsers?: string[];
}

/** A LogScale organization's token security policy, per token kind (null: the caller may not read it). */
export type PolicySummary = Record<LogScaleTokenKind, KindPolicy> | null;
