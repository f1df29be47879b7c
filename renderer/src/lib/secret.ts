/**
 * A secret held for one view (show-once, reveal). The value sits in a private field, out of any
 * reactive state, and `wipe()` drops it when the view closes.
 */
export class SecretBox {
  #value: string | null;

  constructor(value: string) {
    this.#value = value;
  }

  read(): string | null {
    return this.#value;
  }

  wipe(): void {
    this.#value = null;
  }
}
