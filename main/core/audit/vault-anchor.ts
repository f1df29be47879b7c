/** The audit log's head, kept in the vault: out of reach of whoever edits the log file alone. */
import type { Vault } from '../vault/vault';
import { AUDIT_HEAD_KEY } from '../vault/vault-keys';
import type { AuditAnchor, AuditHead } from './audit-log';

export function vaultAnchor(vault: Vault): AuditAnchor {
  return {
    async read() {
      const raw = await vault.get(AUDIT_HEAD_KEY);
      if (!raw) return null;
      const head = JSON.parse(raw) as AuditHead;
      return Number.isInteger(head.count) && typeof head.hash === 'string' ? head : null;
    },
    write: (head) => vault.set(AUDIT_HEAD_KEY, JSON.stringify(head)),
  };
}
