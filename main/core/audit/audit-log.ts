/**
 * The audit log: append-only JSON lines in the profile folder, each carrying the SHA-256 of the
 * line before it (`prev`), so an edited, removed or reordered line shows (anchors.md §4.3 step 6).
 * Entries name tokens by id and fingerprint; they never take a value (there is no field for one).
 */
import { appendFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { AuditEntry, AuditFacts, AuditPage, AuditQuery, ChainCheck } from '../model';
import { sha256Hex, stripUndefined } from '../objects';

const GENESIS = '0'.repeat(64);

export class AuditLog {
  /** Hash of the last line, and whether the file ends mid-line (a write cut short by power loss). */
  #tail: Promise<{ hash: string; torn: boolean }> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly actor: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry; appends are serialised so the chain never forks. */
  append(facts: AuditFacts): Promise<AuditEntry> {
    const run = async (): Promise<AuditEntry> => {
      const tail = await (this.#tail ??= this.#readTail());
      const entry: AuditEntry = { ts: this.now().toISOString(), actor: this.actor, ...stripUndefined(facts), prev: tail.hash };
      const line = JSON.stringify(entry);
      // After a torn tail, start a fresh line: the damaged one stays visible to verify(), and ours stays whole.
      await appendFile(this.path, `${tail.torn ? '\n' : ''}${line}\n`, { encoding: 'utf8', mode: 0o600 });
      this.#tail = Promise.resolve({ hash: sha256Hex(line), torn: false });
      return entry;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Every readable entry; a damaged line (see verify) is left out rather than breaking an export. */
  async entries(): Promise<AuditEntry[]> {
    return (await this.#lines()).flatMap((line) => {
      try {
        return [JSON.parse(line) as AuditEntry];
      } catch {
        return [];
      }
    });
  }

  /**
   * Searches the log, newest first: every word of `text` must appear in the entry (its action,
   * outcome, names, ids, note, date, and what `describe` adds, such as the account's label).
   * A token's entries include those that name it in their note (the successor of a rotation).
   */
  async search(query: AuditQuery, describe: (entry: AuditEntry) => string = () => ''): Promise<AuditPage> {
    const all = await this.entries();
    const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matched = all.filter((e) => {
      if (query.tokenId && e.tokenId !== query.tokenId && !(e.note ?? '').includes(query.tokenId)) return false;
      if (query.accountId && e.accountId !== query.accountId) return false;
      if (words.length === 0) return true;
      const hay = [e.ts, e.actor, e.action, e.action.replace(/-/g, ' '), e.outcome, e.provider, e.accountId, e.tokenId, e.remoteId, e.tokenName, e.fingerprint, e.requestId, e.note, describe(e)].join('\n').toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    return { entries: matched.reverse().slice(0, query.limit ?? 500), matched: matched.length, total: all.length };
  }

  /** Walks the chain; the first line whose `prev` does not match (or does not parse) is reported. */
  async verify(): Promise<ChainCheck> {
    const lines = await this.#lines();
    let prev = GENESIS;
    for (const [index, line] of lines.entries()) {
      let entry: AuditEntry;
      try {
        entry = JSON.parse(line) as AuditEntry;
      } catch {
        return { ok: false, line: index + 1, reason: 'the line is not valid JSON' };
      }
      if (entry.prev !== prev) return { ok: false, line: index + 1, reason: 'the line does not follow the one before it (edited, removed or reordered)' };
      prev = sha256Hex(line);
    }
    return { ok: true, entries: lines.length };
  }

  async exportJson(): Promise<string> {
    return JSON.stringify(await this.entries(), null, 2);
  }

  async exportCsv(): Promise<string> {
    const columns = ['ts', 'actor', 'action', 'outcome', 'provider', 'accountId', 'tokenId', 'remoteId', 'tokenName', 'fingerprint', 'requestId', 'note', 'prev'] as const;
    const rows = (await this.entries()).map((e) => columns.map((c) => csvCell(e[c])).join(','));
    return [columns.join(','), ...rows].join('\n') + '\n';
  }

  async #lines(): Promise<string[]> {
    if (!existsSync(this.path)) return [];
    return (await readFile(this.path, 'utf8')).split('\n').filter((line) => line.length > 0);
  }

  async #readTail(): Promise<{ hash: string; torn: boolean }> {
    if (!existsSync(this.path)) return { hash: GENESIS, torn: false };
    const text = await readFile(this.path, 'utf8');
    const last = text.split('\n').filter((line) => line.length > 0).at(-1);
    return { hash: last === undefined ? GENESIS : sha256Hex(last), torn: text.length > 0 && !text.endsWith('\n') };
  }
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
