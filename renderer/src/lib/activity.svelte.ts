/**
 * Progress for every action that takes a while: what is running, shown in the status bar once it
 * has run for 300 ms (quicker ones never flash), with a bar.
 */
const SHOW_AFTER_MS = 300;

interface Running {
  id: number;
  label: string;
  shown: boolean;
}

class Activity {
  running = $state.raw<Running[]>([]);
  #next = 1;

  /** The one shown: the oldest that has run long enough. */
  current = $derived(this.running.find((r) => r.shown) ?? null);

  async track<T>(label: string, work: Promise<T>): Promise<T> {
    const id = this.#next++;
    this.running = [...this.running, { id, label, shown: false }];
    const timer = setTimeout(() => (this.running = this.running.map((r) => (r.id === id ? { ...r, shown: true } : r))), SHOW_AFTER_MS);
    try {
      return await work;
    } finally {
      clearTimeout(timer);
      this.running = this.running.filter((r) => r.id !== id);
    }
  }
}

export const activity = new Activity();
