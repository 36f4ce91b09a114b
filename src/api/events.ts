import type { ApiEvents } from './contract.js';

export type EventName = keyof ApiEvents;
export type AnyEventListener = <E extends EventName>(event: E, payload: ApiEvents[E]) => void;

/**
 * Fan-out of the events the UI listens to (job progress, workspace changes). Each transport subscribes
 * once: the HTTP server per Server-Sent-Events connection, Electron main per window.
 */
export class EventHub {
  private readonly listeners = new Set<AnyEventListener>();

  subscribe(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch {
        // A broken subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
