/**
 * What the parts of one client share (built once per account by `createOvhClient`): the signed
 * transport, the account's clock, policies and IAM memory, and the assembled client itself.
 */
import type * as v from 'valibot';
import type { Clock } from '../../net/clock';
import type { OvhClient } from './client-types';
import type { KnownIamServices } from './known-iam-services';
import type { PollingPolicy } from './operations';
import type { BusyPolicy, OvhAnswer, OvhCall } from './transport';

export interface ClientContext {
  /** A signed request on API v1 (`/1.0`). */
  call<T>(c: OvhCall<T>): Promise<OvhAnswer<T>>;
  /** A signed GET on API v1, its parsed body. */
  get<T>(path: string, schema: v.GenericSchema<unknown, T>, signal?: AbortSignal, query?: Record<string, string | undefined>): Promise<T>;
  readonly clock: Clock;
  readonly random: () => number;
  readonly polling: PollingPolicy;
  readonly busy: BusyPolicy;
  readonly iamServices: KnownIamServices;
  /** The assembled client: methods call one another through it. */
  self(): OvhClient;
}
