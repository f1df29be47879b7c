/** Short messages in the corner: errors stay longer than confirmations; each can be dismissed. */
export interface Toast {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

const LIFETIME = { error: 12_000, info: 5_000 } as const;

class Toasts {
  list = $state.raw<Toast[]>([]);
  #next = 1;

  push(kind: Toast['kind'], text: string): void {
    const toast = { id: this.#next++, kind, text };
    this.list = [...this.list.slice(-4), toast];
    setTimeout(() => this.dismiss(toast.id), LIFETIME[kind]);
  }

  error(text: string): void {
    this.push('error', text);
  }

  info(text: string): void {
    this.push('info', text);
  }

  dismiss(id: number): void {
    if (this.list.some((t) => t.id === id)) this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
