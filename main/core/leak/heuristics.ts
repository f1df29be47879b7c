/**
 * For a pasted secret that is not one of ours: what it looks like, so the admin knows where to go.
 * Each platform describes its own values (ProviderModule.describeForeign); the first that
 * recognises the value answers.
 */
import { providerModules } from '../providers/registry';

export interface SecretContext {
  /** The value was the password of a `pat_jwt_…` Basic username. */
  patUser?: boolean;
}

export function describeUnknownSecret(value: string, context: SecretContext = {}): string | undefined {
  for (const module of providerModules()) {
    const said = module.describeForeign(value, context);
    if (said !== undefined) return said;
  }
  return undefined;
}
