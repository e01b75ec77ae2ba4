// What the Finery adapter's requests wait on while a session comes up.
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
