/** A minimal typed event emitter for core -> shell/harness notifications. */
import type { EventName, Events } from './model';

export type Listener = <E extends EventName>(name: E, payload: Events[E]) => void;

export class CoreEvents {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.#listeners) listener(name, payload);
  }

  /** A callback that emits `name`: what a service is handed to announce one kind of change. */
  emitter<E extends EventName>(name: E): (payload: Events[E]) => void {
    return (payload) => this.emit(name, payload);
  }
}
