// Staleness watchdog: a feed whose data stops while its socket stays up must be noticed. Each
// feed declares its expected cadence; silence longer than that bound marks it stale (once) and
// calls back so the adapter can resubscribe.
export interface FeedWatch {
  /** Longest silence that is still normal for this feed. */
  maxSilenceMs: number;
  onStale: (feed: string, silentForMs: number) => void;
}

export class StalenessWatchdog {
  private readonly feeds = new Map<string, { watch: FeedWatch; lastAt: number; stale: boolean }>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly checkEveryMs = 250,
  ) {}

  watch(feed: string, watch: FeedWatch): void {
    this.feeds.set(feed, { watch, lastAt: this.now(), stale: false });
    this.timer ??= setInterval(() => this.check(), this.checkEveryMs);
    this.timer.unref?.();
  }

  unwatch(feed: string): void {
    this.feeds.delete(feed);
    if (this.feeds.size === 0) this.stop();
  }

  /** Records data on a feed; returns true when this revives a feed that was stale. */
  seen(feed: string): boolean {
    const entry = this.feeds.get(feed);
    if (!entry) return false;
    entry.lastAt = this.now();
    const revived = entry.stale;
    entry.stale = false;
    return revived;
  }

  isStale(feed: string): boolean {
    return this.feeds.get(feed)?.stale ?? false;
  }

  staleFeeds(): string[] {
    return [...this.feeds].filter(([, e]) => e.stale).map(([feed]) => feed);
  }

  check(): void {
    const now = this.now();
    for (const [feed, entry] of this.feeds) {
      const silent = now - entry.lastAt;
      if (!entry.stale && silent > entry.watch.maxSilenceMs) {
        entry.stale = true;
        entry.watch.onStale(feed, silent);
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
