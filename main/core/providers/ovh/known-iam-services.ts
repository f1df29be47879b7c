/**
 * IAM-enabled services, per client: told apart (from the service or a 403 IAMService), explained,
 * remembered, and never asked again for legacy tokens. IAM cannot be switched off (IAMNoRevert),
 * so the memory never goes stale.
 */
import { AppError } from '../../errors';
import type { ProviderErrorInfo } from '../../model';
import { hasOvhCode, IAM_EXPLANATION } from './errors';

export interface KnownIamServices {
  /** True / false once known (from the service or a 403 IAMService), undefined before. */
  isEnabled(serviceName: string): boolean | undefined;
  /** What a service read says; never forgets a service learned as IAM-enabled. */
  learnFromService(serviceName: string, isIamEnabled: boolean): void;
  /** Runs a token route; a 403 IAMService teaches the client about the service. */
  tokenRoute<T>(serviceName: string, run: () => Promise<T>): Promise<T>;
}

export function createKnownIamServices(): KnownIamServices {
  const iam = new Map<string, { enabled: boolean; provider?: ProviderErrorInfo }>();
  const learnIam = (error: unknown, serviceName: string): void => {
    if (hasOvhCode(error, 'Client::Forbidden::IAMService')) iam.set(serviceName, { enabled: true, ...((error as AppError).provider ? { provider: (error as AppError).provider! } : {}) });
  };
  const refuseIfIam = (serviceName: string): void => {
    const known = iam.get(serviceName);
    if (!known?.enabled) return;
    const provider: ProviderErrorInfo = known.provider ?? { provider: 'ovh', errorClass: 'Client::Forbidden::IAMService', message: 'isIamEnabled is true on this service' };
    throw new AppError('forbidden', IAM_EXPLANATION, { provider });
  };
  return {
    isEnabled: (serviceName) => iam.get(serviceName)?.enabled,

    learnFromService(serviceName, isIamEnabled) {
      // IAM cannot be switched off (IAMNoRevert): never forget a service learned as IAM-enabled.
      const known = iam.get(serviceName);
      if (!known || (isIamEnabled && !known.enabled)) iam.set(serviceName, { enabled: isIamEnabled });
    },

    async tokenRoute<T>(serviceName: string, run: () => Promise<T>): Promise<T> {
      refuseIfIam(serviceName);
      try {
        return await run();
      } catch (error) {
        learnIam(error, serviceName);
        throw error;
      }
    },
  };
}
