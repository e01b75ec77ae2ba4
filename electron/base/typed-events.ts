// A small typed event emitter: one argument per event, listeners called in the order they were
// added, and a throwing listener reported instead of breaking the code that emitted (a venue
// adapter must keep handling frames whatever a subscriber does).

type Listener = (arg: never) => void;

export class TypedEvents<Events extends { [E in keyof Events]: Listener }> {
  private readonly listeners = new Map<keyof Events, Set<Listener>>();

  constructor(private readonly onListenerError: (event: keyof Events, error: unknown) => void) {}

  /** Adds a listener; the returned function removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends keyof Events>(event: E, arg: Parameters<Events[E]>[0]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    // A copy: a listener added while emitting hears the next event, not this one.
    for (const listener of [...set]) {
      try {
        (listener as (a: typeof arg) => void)(arg);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }
}
