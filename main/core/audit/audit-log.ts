/**
 * The audit log: append-only JSON lines in the profile folder, each carrying the SHA-256 of the
 * line before it (`prev`), so an edited, removed or reordered line shows.
 * Entries name tokens by id and fingerprint; they never take a value (there is no field for one).
 */
import { appendFile, open, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { AuditEntry, AuditFacts, ChainCheck } from '../model';
import { sha256Hex, stripUndefined } from '../objects';
import type { ProfileLock } from '../store/profile-lock';

const GENESIS = '0'.repeat(64);

export class AuditLog {
  constructor(
    readonly path: string,
    private readonly actor: string,
    private readonly lock: ProfileLock,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Appends one entry. Under the profile lock, the tail is read again first: the app and the CLI
   * may both append to one log, and a cached tail would fork the chain.
   */
  append(facts: AuditFacts): Promise<AuditEntry> {
    return this.lock.run(async () => {
      const tail = await this.#readTail();
      const entry: AuditEntry = { ts: this.now().toISOString(), actor: this.actor, ...stripUndefined(facts), prev: tail.hash };
      const line = JSON.stringify(entry);
      // After a torn tail, start a fresh line: the damaged one stays visible to verify(), and ours stays whole.
      await appendFile(this.path, `${tail.torn ? '\n' : ''}${line}\n`, { encoding: 'utf8', mode: 0o600 });
      return entry;
    });
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

  /** Hash of the last line, and whether the file ends mid-line (a write cut short by power loss). Reads the end of the file only. */
  async #readTail(): Promise<{ hash: string; torn: boolean }> {
    if (!existsSync(this.path)) return { hash: GENESIS, torn: false };
    const file = await open(this.path, 'r');
    try {
      const { size } = await file.stat();
      // Grow the window until it holds a whole last line (lines are short: one read almost always).
      for (let window = 64 * 1024; ; window *= 4) {
        const start = Math.max(0, size - window);
        const buffer = Buffer.alloc(size - start);
        await file.read(buffer, 0, buffer.length, start);
        const text = buffer.toString('utf8');
        const lines = text.split('\n');
        const torn = size > 0 && !text.endsWith('\n');
        const complete = lines.filter((l) => l.length > 0);
        if (start > 0 && complete.length < 2) continue;
        const last = complete.at(-1);
        return { hash: last === undefined ? GENESIS : sha256Hex(last), torn };
      }
    } finally {
      await file.close();
    }
  }
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  // Quote when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
