/**
 * The platforms' names as admins know them: the one table the core, the CLI and the window
 * (through the contract) all print. A value, not a type: imported from this file directly, the
 * model's index re-exports types only.
 */
/** The platforms Tokendesk manages tokens of (one module each: providers/registry.ts). */
export type Provider = 'ovh' | 'logscale';

export const PROVIDER_NAMES: Readonly<Record<Provider, string>> = { ovh: 'OVHcloud', logscale: 'LogScale' };
