/**
 * Checking caller input before anything is sent to LogScale: AppError 'invalid-input' with
 * per-field issues.
 */
import { AppError } from '../../errors';
import type { Raw } from './parse';
import { PERMISSIONS_BY_KIND } from './permissions';
import type { CreateTokenInput, PermissionTokenKind } from './types';

/** Token name limits: LogScale's are unverified; humio-operator's CRD allows 1–253 characters. */
const MAX_NAME_LENGTH = 253;

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw new AppError('invalid-input', `A LogScale ${field} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}

export function requireText(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('invalid-input', `The ${label} is required.`, { issues: [`${field}: required`] });
  }
  return value.trim();
}

export function validatePermissions(kind: PermissionTokenKind, permissions: unknown): string[] {
  if (!Array.isArray(permissions) || permissions.length === 0) {
    throw new AppError('invalid-input', `Choose at least one permission for the ${kind} token.`, { issues: ['permissions: choose at least one'] });
  }
  const allowed = PERMISSIONS_BY_KIND[kind] as readonly string[];
  const issues: string[] = [];
  permissions.forEach((p, i) => {
    if (typeof p !== 'string' || !allowed.includes(p)) issues.push(`permissions[${i}]: not a ${kind} permission`);
  });
  if (issues.length) throw new AppError('invalid-input', `Some permissions are not valid for a ${kind} token.`, { issues });
  return [...new Set(permissions as string[])];
}

export function validateCreate(input: CreateTokenInput): Raw {
  if (!input || typeof input !== 'object' || !['system', 'organization', 'view', 'personal'].includes((input as { kind?: unknown }).kind as string)) {
    throw new AppError('invalid-input', 'Unknown token kind.', { issues: ['kind: must be system, organization, view or personal'] });
  }
  if (input.kind === 'personal') return {};
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > MAX_NAME_LENGTH) {
    throw new AppError('invalid-input', `The token name is required (at most ${MAX_NAME_LENGTH} characters).`, { issues: ['name: required, 1-253 characters'] });
  }
  const permissions = validatePermissions(input.kind, input.permissions);
  if (input.kind !== 'view') return { name, permissions };
  const viewIds = Array.isArray(input.viewIds) ? input.viewIds.filter((v) => typeof v === 'string' && v.trim() !== '') : [];
  if (viewIds.length === 0 || viewIds.length !== input.viewIds.length) {
    throw new AppError('invalid-input', 'Choose at least one view or repository for the view token.', { issues: ['viewIds: choose at least one'] });
  }
  return { name, permissions, viewIds: [...new Set(viewIds)] };
}
