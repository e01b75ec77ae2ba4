// Every retry loop an adapter runs (resync, resubscribe, rebind, re-request) goes through a
// RetryGate, and every line such a loop writes through a LogLimiter: a venue that keeps sending
// frames we refuse then costs a few retries a minute and a few log lines, never tens of thousands.
import type { Logger } from '../../base/log';
import { Backoff } from './backoff';

interface GateEntry {
  backoff: Backoff;
  nextAt: number;
  lastRunAt: number;
  timer?: ReturnType<typeof setTimeout>;
  run?: () => void;
}

/**
 * Per-key exponential backoff for a retry. The first request runs at once; later ones before the
 * key's next slot are coalesced into one run at that slot; each run widens the gap until the
 * caller reports success or the key has been quiet for quietMs (a fault once in a while is
 * retried at once; a loop is slowed to one try per maxMs).
 */
export class RetryGate {
  private readonly keys = new Map<string, GateEntry>();

  constructor(
    private readonly options: {
      initialMs?: number;
      maxMs?: number;
      quietMs?: number;
      random?: () => number;
    } = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs fn now, or once at the key's next slot; true when it ran now. */
  request(key: string, fn: () => void): boolean {
    let e = this.keys.get(key);
    if (!e) {
      e = {
        backoff: new Backoff({
          initialMs: this.options.initialMs ?? 250,
          maxMs: this.options.maxMs ?? 30_000,
          ...(this.options.random ? { random: this.options.random } : {}),
        }),
        nextAt: 0,
        lastRunAt: 0,
      };
      this.keys.set(key, e);
    }
    const now = this.now();
    if (!e.timer && e.lastRunAt > 0 && now - e.lastRunAt > (this.options.quietMs ?? 60_000)) {
      e.backoff.reset();
      e.nextAt = 0;
    }
    if (now >= e.nextAt && !e.timer) {
      e.nextAt = now + e.backoff.next();
      e.lastRunAt = now;
      fn();
      return true;
    }
    e.run = fn;
    if (!e.timer) {
      const entry = e;
      entry.timer = setTimeout(
        () => {
          entry.timer = undefined;
          const run = entry.run;
          entry.run = undefined;
          entry.lastRunAt = this.now();
          entry.nextAt = entry.lastRunAt + entry.backoff.next();
          run?.();
        },
        Math.max(0, e.nextAt - now),
      );
      entry.timer.unref?.();
    }
    return false;
  }

  /** The retried thing works again: the next failure retries at once. */
  succeeded(key: string): void {
    const e = this.keys.get(key);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.keys.delete(key);
  }

  /** Retries waiting for their slot (a test and a status line read it). */
  waiting(): number {
    let n = 0;
    for (const e of this.keys.values()) if (e.timer) n++;
    return n;
  }

  clear(): void {
    for (const e of this.keys.values()) if (e.timer) clearTimeout(e.timer);
    this.keys.clear();
  }
}

/**
 * At most `perWindow` lines per key per window; the first line after a quiet spell says how many
 * were left out, so nothing is silently lost from the story the log tells.
 */
export class LogLimiter {
  private readonly keys = new Map<string, { windowStart: number; lines: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly perWindow = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, message: string, fields?: Record<string, unknown>): void {
    const now = this.now();
    let k = this.keys.get(key);
    if (!k || now - k.windowStart >= this.windowMs) {
      const suppressed = k?.suppressed ?? 0;
      k = { windowStart: now, lines: 0, suppressed: 0 };
      this.keys.set(key, k);
      if (this.keys.size > 1024) this.keys.delete(this.keys.keys().next().value!);
      if (suppressed > 0) fields = { ...fields, suppressedBefore: suppressed };
    }
    if (k.lines >= this.perWindow) {
      k.suppressed++;
      return;
    }
    k.lines++;
    this.log.warn(message, fields);
  }
}

/**
 * An adapter's logger with its warnings and errors limited per message text (the fields vary,
 * the message names the event): a loop that misfires thousands of times writes a few lines.
 */
export function limitedLogger(log: Logger, perWindow = 10, windowMs = 60_000, now = Date.now): Logger {
  const warns = new LogLimiter(log, perWindow, windowMs, now);
  const errors = new LogLimiter({ ...log, warn: (m, f) => log.error(m, f) }, perWindow, windowMs, now);
  return {
    debug: (m, f) => log.debug(m, f),
    info: (m, f) => log.info(m, f),
    warn: (m, f) => warns.warn(m, m, f),
    error: (m, f) => errors.warn(m, m, f),
  };
}
