// Aligns a ladder's frames with this window's display ('ladder.pace' in shared/contract). The
// engine's own 60 Hz timer runs at a phase unrelated to this window's animation frames, so a frame
// used to wait anywhere from 0 to a whole display interval in the window before being painted.
// The pacer samples a few animation frames to learn when they happen, and asks the engine to send
// each frame `lead` ms before one. The lead follows the measured transit (engine → this page): long
// enough that nearly every frame is here in time, short enough that its ticks are fresh.

export interface PaceReport {
  /** Wall-clock ms since the epoch at which a frame should leave the engine. */
  slotAt: number;
  intervalMs: number;
}

export interface PacerClock {
  /** Wall-clock ms since the epoch, as in the engine (performance.timeOrigin + performance.now()). */
  now(): number;
  /** The same clock for a requestAnimationFrame timestamp. */
  fromFrameTime(t: number): number;
  requestAnimationFrame(cb: (t: number) => void): void;
}

const SAMPLE_FRAMES = 8;
const REPACE_MS = 2_000;
const FIRST_LEAD_MS = 6;
const MIN_LEAD_MS = 2;
const TRANSIT_SAMPLES = 240;
const EARLY_MS = 3;

export function browserPacerClock(win: Window = window): PacerClock {
  const perf = win.performance;
  return {
    now: () => perf.timeOrigin + perf.now(),
    fromFrameTime: (t) => perf.timeOrigin + t,
    requestAnimationFrame: (cb) => win.requestAnimationFrame(cb),
  };
}

/** The sample below which a fraction `q` of `values` lies (values non-empty). */
function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length * q)]!;
}

export class FramePacer {
  private sampling = false;
  private slotAt = NaN;
  private intervalMs = NaN;
  private lastReportAt = -Infinity;
  private lead = FIRST_LEAD_MS;
  private transit: number[] = [];
  private stopped = false;

  constructor(
    private readonly clock: PacerClock,
    private readonly report: (r: PaceReport) => void,
  ) {}

  /** Forget the old view's pacing (a new subscription): the next frame starts a new sample. */
  reset(): void {
    this.slotAt = NaN;
    this.lastReportAt = -Infinity;
    this.lead = FIRST_LEAD_MS;
    this.transit = [];
  }

  stop(): void {
    this.stopped = true;
  }

  /** A ladder frame arrived: note how long after its slot it came, re-pace when due. */
  arrived(): void {
    const now = this.clock.now();
    if (this.slotAt === this.slotAt) {
      let since = (((now - this.slotAt) % this.intervalMs) + this.intervalMs) % this.intervalMs;
      // The engine may send a frame up to 2 ms before its slot (timer slack): that is early, not
      // a transit of almost a whole interval.
      if (since > this.intervalMs - EARLY_MS) since -= this.intervalMs;
      if (this.transit.length >= TRANSIT_SAMPLES) this.transit.shift();
      this.transit.push(since);
    }
    if (now - this.lastReportAt >= REPACE_MS) this.sample();
  }

  /** The lead the next report will use: the 90th percentile transit plus a millisecond. */
  nextLead(): number {
    if (this.transit.length < 30 || !(this.intervalMs > 0)) return this.lead;
    const p90 = quantile(this.transit, 0.9);
    return Math.min(Math.max(p90 + 1, MIN_LEAD_MS), this.intervalMs - MIN_LEAD_MS);
  }

  private sample(): void {
    if (this.sampling || this.stopped) return;
    this.sampling = true;
    this.lastReportAt = this.clock.now();
    const times: number[] = [];
    const step = (t: number) => {
      if (this.stopped) return;
      times.push(t);
      if (times.length <= SAMPLE_FRAMES) return this.clock.requestAnimationFrame(step);
      this.sampling = false;
      const deltas = times.slice(1).map((v, i) => v - times[i]!);
      // The display interval: a missed frame doubles a delta, so the median, not the mean.
      const interval = quantile(deltas, 0.5);
      if (!(interval >= 4 && interval <= 100)) return;
      this.lead = this.nextLead();
      this.intervalMs = interval;
      const lastFrame = this.clock.fromFrameTime(times[times.length - 1]!);
      this.slotAt = lastFrame + interval - this.lead;
      this.transit = [];
      this.report({ slotAt: this.slotAt, intervalMs: interval });
    };
    this.clock.requestAnimationFrame(step);
  }
}
