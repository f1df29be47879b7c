/**
 * Checked inputs for the client's routes: required text, UUIDs, and the service's path built
 * from a checked, encoded name. A bad input is an `invalid-input` AppError, before any request.
 */
import { AppError } from '../../errors';
import { seg } from './endpoints';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new AppError('invalid-input', `${field} is required.`, { issues: [`${field}: is required`] });
  return value;
}

export function requireUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw new AppError('invalid-input', `${field} must be a UUID.`, { issues: [`${field}: must be a UUID`] });
  return value;
}

/** `/dbaas/logs/{serviceName}`, the name checked and encoded. */
export const svc = (serviceName: string): string => `/dbaas/logs/${seg(requireText(serviceName, 'serviceName'))}`;
