// Percentiles and dropped-frame accounting for the UI benchmark.

/** Linear-interpolated percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = Float64Array.from(samples).sort();
  const i = (p / 100) * (s.length - 1);
  const lo = Math.floor(i);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (i - lo);
}

export interface FrameStats {
  intervals: number;
  p50: number;
  p99: number;
  /** Display frames that went by without a requestAnimationFrame callback. */
  dropped: number;
  /** dropped / (frames shown + frames dropped), in percent. */
  droppedPct: number;
}

/**
 * An interval longer than 1.5 vsyncs means the page missed at least one: it is counted as
 * round(interval / vsync) - 1 dropped frames (at least one).
 */
export function frameStats(intervals: readonly number[], vsyncMs: number): FrameStats {
  let dropped = 0;
  for (const dt of intervals) {
    if (dt > 1.5 * vsyncMs) dropped += Math.max(1, Math.round(dt / vsyncMs) - 1);
  }
  const total = intervals.length + dropped;
  return {
    intervals: intervals.length,
    p50: percentile(intervals, 50),
    p99: percentile(intervals, 99),
    dropped,
    droppedPct: total === 0 ? NaN : (dropped / total) * 100,
  };
}

/** Rounds for the table and the JSON line; NaN becomes null in JSON. */
export const round = (v: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
