// The replay clock: which recorded events are due, played at a speed (or a fixed frame rate, for
// a benchmark's load), with pause, step and seek. It decides only *what* is due and hands it out
// in batches; where the events go is the caller's (the replay thread posts them to the core).
// Event order is the recording's, whatever the speed or the batching, so two replays of one
// recording build the same books frame for frame.
import type { RecordedEvent } from '../recording/format';

export interface ReplayClockState {
  /** Replay time: the recording's receipt time of the last event played (epoch ms). */
  at: number;
  startsAt: number;
  endsAt: number;
  speed: number;
  paused: boolean;
  /** Events played so far of all. */
  played: number;
  total: number;
  ended: boolean;
}

export type ReplayPace = { speed: number } | { framesPerSecond: number };

export interface PlayerOutput {
  /** Events in recording order; `history` marks a fast-forward (seek), whose trades are not live prints. */
  batch(events: RecordedEvent[], history: boolean): void;
  /** Before a seek re-feeds from the start: every replayed book must go. */
  reset(): void;
  clock(state: ReplayClockState): void;
  /**
   * False while the core has not yet taken the batches handed out: the clock waits (as a venue's
   * TCP window makes it wait), so a pace faster than the core absorbs cannot queue without bound.
   * `wake()` when it turns true again.
   */
  ready?(): boolean;
}

export interface PlayerOptions {
  pace?: ReplayPace;
  /** Starts over at the end (a benchmark's endless load). */
  loop?: boolean;
  /** Most events handed out per batch, so a fast replay still yields to the thread's messages. */
  maxBatch?: number;
  tickMs?: number;
  now?: () => number;
}

const FRAME_KINDS = new Set(['frame']);

export class ReplayPlayer {
  private index = 0;
  private at: number;
  private paused = true;
  private pace: ReplayPace;
  /** Wall time and replay time (or frame count) the running clock counts from. */
  private baseWall = 0;
  private baseReplay = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly maxBatch: number;
  private readonly tickMs: number;
  private lastClockAt = 0;

  constructor(
    private readonly events: readonly RecordedEvent[],
    private readonly out: PlayerOutput,
    private readonly options: PlayerOptions = {},
  ) {
    this.pace = options.pace ?? { speed: 1 };
    this.now = options.now ?? (() => performance.now());
    this.maxBatch = options.maxBatch ?? 5_000;
    this.tickMs = options.tickMs ?? 10;
    this.at = this.startsAt;
  }

  get startsAt(): number {
    return this.events[0]?.t ?? 0;
  }
  get endsAt(): number {
    return this.events.at(-1)?.t ?? 0;
  }

  state(): ReplayClockState {
    return {
      at: this.at,
      startsAt: this.startsAt,
      endsAt: this.endsAt,
      speed: 'speed' in this.pace ? this.pace.speed : 0,
      paused: this.paused,
      played: this.index,
      total: this.events.length,
      ended: this.index >= this.events.length,
    };
  }

  play(): void {
    if (!this.paused) return;
    this.paused = false;
    this.rebase();
    this.schedule(0);
    this.publish(true);
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    clearTimeout(this.timer);
    this.publish(true);
  }

  setPace(pace: ReplayPace): void {
    this.pace = pace;
    this.rebase();
    this.publish(true);
  }

  /** Plays the next market-data frame (and whatever precedes it) while paused. */
  step(): void {
    this.pause();
    let end = this.index;
    while (end < this.events.length && !FRAME_KINDS.has(this.events[end]!.k)) end++;
    end = Math.min(end + 1, this.events.length);
    this.emit(end, false);
    this.publish(true);
  }

  /** Replays from the start up to `at` as history (books rebuilt from their snapshots), then goes on. */
  seek(at: number): void {
    clearTimeout(this.timer);
    this.out.reset();
    this.index = 0;
    this.at = this.startsAt;
    const end = this.upperBound(at);
    while (this.index < end) this.emit(Math.min(end, this.index + this.maxBatch), true);
    this.at = Math.max(at, this.startsAt);
    this.rebase();
    if (!this.paused) this.schedule(this.tickMs);
    this.publish(true);
  }

  stop(): void {
    this.paused = true;
    clearTimeout(this.timer);
  }

  /** First index whose time is after `at`. */
  private upperBound(at: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.t <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private rebase(): void {
    this.baseWall = this.now();
    this.baseReplay = 'speed' in this.pace ? this.at : this.index;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
  }

  /** The consumer took what it held (`ready()` is true again): carry on at once. */
  wake(): void {
    if (!this.paused) this.schedule(0);
  }

  private tick(): void {
    if (this.paused) return;
    // Behind the consumer: wait for wake(); the due events pile up by replay time, not in memory.
    if (this.out.ready && !this.out.ready()) return;
    const elapsed = this.now() - this.baseWall;
    let end: number;
    if ('speed' in this.pace) {
      const target = this.baseReplay + elapsed * this.pace.speed;
      end = this.upperBound(target);
      this.emit(Math.min(end, this.index + this.maxBatch), false);
      if (this.index === end) this.at = Math.min(Math.max(this.at, target), this.endsAt);
    } else {
      end = Math.min(
        this.events.length,
        Math.floor(this.baseReplay + (elapsed * this.pace.framesPerSecond) / 1000),
      );
      this.emit(Math.min(end, this.index + this.maxBatch), false);
    }
    if (this.index >= this.events.length) {
      if (this.options.loop && this.events.length > 0) {
        this.out.reset();
        this.index = 0;
        this.at = this.startsAt;
        this.rebase();
      } else {
        this.paused = true;
        this.publish(true);
        return;
      }
    }
    this.publish(false);
    // Behind (a batch was capped): go again at once; otherwise at the next tick.
    this.schedule(this.index < end ? 0 : this.tickMs);
  }

  private emit(end: number, history: boolean): void {
    if (end <= this.index) return;
    const batch = this.events.slice(this.index, end);
    this.index = end;
    this.at = Math.max(this.at, batch.at(-1)!.t);
    this.out.batch(batch, history);
  }

  /** The clock goes out at most 10 times a second while playing, at once on a change. */
  private publish(force: boolean): void {
    const wall = this.now();
    if (!force && wall - this.lastClockAt < 100) return;
    this.lastClockAt = wall;
    this.out.clock(this.state());
  }
}
