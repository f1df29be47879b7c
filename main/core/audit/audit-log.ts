/**
 * The audit log: append-only JSON lines in the profile folder, each carrying the SHA-256 of the
 * line before it (`prev`), so an edited, removed or reordered line shows. The chain alone cannot
 * show lines cut off the end, so the head (how many lines, and the last one's hash) is anchored
 * outside the file, in the vault, after every append: a log shorter than its anchor, or whose
 * anchored line changed, is reported as truncated.
 * Entries name tokens by id and fingerprint; they never take a value (there is no field for one).
 */
import { appendFile, open, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { AuditEntry, AuditFacts, AuditPage, AuditQuery, ChainCheck } from '../model';
import { sha256Hex, stripUndefined } from '../objects';
import { APPEND_NO_FOLLOW, linkRefused, READ_NO_FOLLOW } from '../store/profile-files';
import type { ProfileLock } from '../store/profile-lock';
import { visibleEntry } from './visible-entry';

const GENESIS = '0'.repeat(64);

/** The log's head as last written: its line count and the SHA-256 of its last line. */
export interface AuditHead {
  count: number;
  hash: string;
  /**
   * Damage an append found and wrote past (the log was cut or rewritten before it): kept for
   * good, so the next entries cannot make a cut log look whole again.
   */
  breaks?: Array<{ line: number; reason: string; at: string }>;
}

/** Where the head is kept, outside the log file (the vault); absent without a vault. */
export interface AuditAnchor {
  read(): Promise<AuditHead | null>;
  write(head: AuditHead): Promise<void>;
}

export class AuditLog {
  constructor(
    readonly path: string,
    private readonly actor: string,
    private readonly lock: ProfileLock,
    private readonly now: () => Date = () => new Date(),
    private readonly anchor?: AuditAnchor,
    /** What a search also matches an entry by (the label of its account). */
    private readonly describe: (entry: AuditEntry) => string = () => '',
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
      // Never through a link planted at the log's name (profile-files.ts): that would write elsewhere.
      await appendFile(this.path, `${tail.torn ? '\n' : ''}${line}\n`, { encoding: 'utf8', mode: 0o600, flag: APPEND_NO_FOLLOW }).catch((error: unknown) => {
        throw linkRefused(this.path, error);
      });
      await this.#anchor(tail.hash, sha256Hex(line));
      return entry;
    });
  }

  /**
   * Moves the anchor to the new last line. The count follows the anchor when the line before ours
   * is the anchored one (the usual case: no full read); otherwise (no anchor yet, or the log and
   * the anchor disagree) the lines are counted once. An anchor that cannot be written (no vault)
   * leaves the log itself intact: the chain still shows edits.
   */
  async #anchor(previousHash: string, hash: string): Promise<void> {
    if (!this.anchor) return;
    try {
      const head = await this.anchor.read();
      if (head && head.hash === previousHash) return await this.anchor.write({ ...head, count: head.count + 1, hash });
      // The line before ours is not the anchored one: count the lines, and tell an anchor that
      // merely lags (a crash between an append and its anchor: the anchored line is still there)
      // from a log cut or rewritten before this append, which is remembered as a break.
      const lines = await this.#lines();
      const before = lines.length - 1;
      const breaks = [...(head?.breaks ?? [])];
      const at = this.now().toISOString();
      if (head && before < head.count)
        breaks.push({
          line: before + 1,
          at,
          reason: `the log ended after ${before} lines where ${head.count} had been written: ${head.count - before === 1 ? 'the last line was' : `the last ${head.count - before} lines were`} removed`,
        });
      else if (head && head.count > 0 && sha256Hex(lines[head.count - 1]!) !== head.hash)
        breaks.push({ line: head.count, at, reason: 'this line is not the one written there: lines were removed or replaced' });
      await this.anchor.write({ count: lines.length, hash, ...(breaks.length ? { breaks } : {}) });
    } catch {
      // No vault (degraded mode) or it could not be written: the next append tries again.
    }
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
   * Entries come as a person sees them (visible-entry.ts): searches are for the window and the CLI.
   */
  async search(query: AuditQuery): Promise<AuditPage> {
    const describe = this.describe;
    const all = await this.entries();
    const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matched = all.filter((e) => {
      if (query.tokenId && e.tokenId !== query.tokenId && !(e.note ?? '').includes(query.tokenId)) return false;
      if (query.accountId && e.accountId !== query.accountId) return false;
      if (words.length === 0) return true;
      const hay = [
        e.ts,
        e.actor,
        e.action,
        e.action.replace(/-/g, ' '),
        e.outcome,
        e.provider,
        e.accountId,
        e.tokenId,
        e.remoteId,
        e.tokenName,
        e.fingerprint,
        e.requestId,
        e.note,
        describe(e),
      ]
        .join('\n')
        .toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    return {
      entries: matched
        .reverse()
        .slice(0, query.limit ?? 500)
        .map(visibleEntry),
      matched: matched.length,
      total: all.length,
    };
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
    const head = await this.anchor?.read().catch(() => null);
    const found = head?.breaks?.[0];
    if (found) return { ok: false, line: found.line, reason: `${found.reason} (found on ${found.at.slice(0, 10)}, when an entry was added after it)` };
    if (head && lines.length < head.count) {
      const missing = head.count - lines.length;
      return {
        ok: false,
        line: lines.length + 1,
        reason: `the log ends after ${lines.length} lines, but ${head.count} were written: the last ${missing === 1 ? 'line was' : `${missing} lines were`} removed`,
      };
    }
    if (head && head.count > 0 && sha256Hex(lines[head.count - 1]!) !== head.hash) {
      return { ok: false, line: head.count, reason: 'this line is not the one written there: lines were removed or replaced, and the log made to look whole' };
    }
    return { ok: true, entries: lines.length };
  }

  async exportJson(): Promise<string> {
    return JSON.stringify(await this.entries(), null, 2);
  }

  async exportCsv(): Promise<string> {
    const columns = [
      'ts',
      'actor',
      'action',
      'outcome',
      'provider',
      'accountId',
      'tokenId',
      'remoteId',
      'tokenName',
      'fingerprint',
      'requestId',
      'command',
      'note',
      'prev',
    ] as const;
    const rows = (await this.entries()).map((e) => columns.map((c) => csvCell(e[c])).join(','));
    return [columns.join(','), ...rows].join('\n') + '\n';
  }

  async #lines(): Promise<string[]> {
    if (!existsSync(this.path)) return [];
    const text = await readFile(this.path, { encoding: 'utf8', flag: READ_NO_FOLLOW }).catch((error: unknown) => {
      throw linkRefused(this.path, error);
    });
    return text.split('\n').filter((line) => line.length > 0);
  }

  /** Hash of the last line, and whether the file ends mid-line (a write cut short by power loss). Reads the end of the file only. */
  async #readTail(): Promise<{ hash: string; torn: boolean }> {
    if (!existsSync(this.path)) return { hash: GENESIS, torn: false };
    const file = await open(this.path, READ_NO_FOLLOW).catch((error: unknown) => {
      throw linkRefused(this.path, error);
    });
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
