/** Every `tokendesk` command by its words, one file per area. */
import type { Command } from '../options';
import { ACCOUNT_COMMANDS } from './accounts';
import { AUDIT_COMMANDS } from './audit';
import { EXEC_COMMANDS } from './exec';
import { LEAK_COMMANDS } from './leak';
import { LOCK_COMMANDS } from './lock';
import { RESOURCE_COMMANDS } from './resources';
import { SCAN_COMMANDS } from './scan';
import { TOKEN_COMMANDS } from './tokens';

export const COMMANDS: Record<string, Command> = {
  ...ACCOUNT_COMMANDS,
  ...TOKEN_COMMANDS,
  ...RESOURCE_COMMANDS,
  ...LEAK_COMMANDS,
  ...SCAN_COMMANDS,
  ...EXEC_COMMANDS,
  ...AUDIT_COMMANDS,
  ...LOCK_COMMANDS,
};
