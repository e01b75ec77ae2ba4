// The adapter's typed events; a throwing listener is logged and never breaks frame handling.
import type { Logger } from '../../../base/log';
import type { VenueAdapterEvents } from '../../common/adapter';

export class AdapterEvents {
  private readonly listeners = new Map<keyof VenueAdapterEvents, Set<(arg: never) => void>>();

  constructor(private readonly log: Logger) {}

  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (arg: never) => void);
    return () => set.delete(listener as (arg: never) => void);
  }

  emit<E extends keyof VenueAdapterEvents>(event: E, arg: Parameters<VenueAdapterEvents[E]>[0]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as (a: typeof arg) => void)(arg);
      } catch (e) {
        this.log.error('event listener failed', { event, error: e instanceof Error ? e : String(e) });
      }
    }
  }
}

/** Lets requests wait (bounded) for a usable session instead of failing during a reconnect. */
export class ReadyGate {
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly isReady: () => boolean,
    private readonly isRunning: () => boolean,
  ) {}

  wait(deadline: number): Promise<boolean> {
    if (this.isReady()) return Promise.resolve(true);
    if (!this.isRunning() || Date.now() >= deadline) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(this.isReady());
      };
      const timer = setTimeout(wake, deadline - Date.now());
      this.waiters.add(wake);
    });
  }

  wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
