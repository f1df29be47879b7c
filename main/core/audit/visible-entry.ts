/**
 * An audit entry as a person sees it (the window's audit view and a token's history): the names
 * in it came from providers (a token's name) or from the system (the actor, a command's file name),
 * so each is shown in its visible form (visible-name.ts), like every other name on screen. The log
 * itself keeps what was written: its hash chain is over those bytes.
 */
import type { AuditEntry } from '../model';
import { visibleName } from '../visible-name';

const SHOWN = ['tokenName', 'command', 'note', 'actor', 'remoteId', 'requestId'] as const;

export function visibleEntry(entry: AuditEntry): AuditEntry {
  const shown: AuditEntry = { ...entry };
  for (const key of SHOWN) if (typeof entry[key] === 'string') shown[key] = visibleName(entry[key]);
  return shown;
}
