/**
 * Copying a secret: written to the clipboard from main (marked concealed for history managers),
 * cleared after the timeout only if the clipboard still holds it, and cleared on quit or lock the
 * same way (Bitwarden's and KeePassXC's compare-before-clear). Only a digest of the value is kept
 * while it waits; the renderer hears when it will be cleared, never what was copied.
 */
import type { ClearOutcome, ClipboardState } from '../model';
import { sha256Hex } from '../objects';
import type { Platform } from '../platform';

interface Pending {
  tokenId: string;
  digest: string;
  timer: ReturnType<typeof setTimeout>;
}

export class ClipboardGuard {
  #pending: Pending | null = null;

  constructor(
    private readonly clipboard: Platform['clipboard'],
    private readonly timeoutSeconds: () => number,
    private readonly onChange: (state: ClipboardState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  async copy(tokenId: string, value: string): Promise<{ clearsAt: string }> {
    if (this.#pending) clearTimeout(this.#pending.timer);
    await this.clipboard.write(value, { concealed: true });
    const ms = this.timeoutSeconds() * 1000;
    const timer = setTimeout(() => void this.clear(), ms);
    timer.unref?.();
    this.#pending = { tokenId, digest: sha256Hex(value), timer };
    const clearsAt = new Date(this.now() + ms).toISOString();
    this.onChange({ state: 'holding', tokenId, clearsAt });
    return { clearsAt };
  }

  /** Clears now if the clipboard still holds what we copied; leaves the user's own copy alone. */
  async clear(): Promise<ClearOutcome> {
    const pending = this.#pending;
    if (!pending) return 'nothing-pending';
    this.#pending = null;
    clearTimeout(pending.timer);
    const current = await this.clipboard.readText();
    const outcome = sha256Hex(current) === pending.digest ? 'cleared' : 'left-alone';
    if (outcome === 'cleared') await this.clipboard.clear();
    this.onChange({ state: 'idle', tokenId: pending.tokenId, outcome });
    return outcome;
  }

  get holding(): string | null {
    return this.#pending?.tokenId ?? null;
  }
}
