// The UI benchmark's figures per shape, from what its pages and /proc reported: pure, so the
// arithmetic and the JSON line's exact shape are tested (test/bench/ui/results.test.ts).
import type { PerfSamples } from '../../../shared/ladder-perf';
import { frameStats, percentile, round } from './stats';

export const VSYNC_MS = 1000 / 60;

/** What `--json` prints per shape: these fields, no others (issue 19). */
export const SHAPE_FIELDS = [
  'shape',
  'ladders',
  'delivered_level_updates_per_s',
  'dropped_frame_pct',
  'tick_to_pixel_newest_p99_ms',
  'tick_to_pixel_p99_ms',
  'cpu_per_ladder_vs_floor',
  'replayer_cpu_pct',
] as const;

export type ShapeResult = {
  shape: string;
  ladders: number;
  delivered_level_updates_per_s: number;
  dropped_frame_pct: number;
  tick_to_pixel_newest_p99_ms: number;
  tick_to_pixel_p99_ms: number;
  cpu_per_ladder_vs_floor: number;
  replayer_cpu_pct: number;
};

/** One measured phase: a shape's pages (or the floor's) over the same seconds. */
export interface PhaseMeasure {
  samples: PerfSamples[];
  /** CPU % of one core per process under the benchmark ("chromium renderer 123", …). */
  procs: [string, number][];
  /** The load source's own CPU over the phase (% of one core). */
  loadCpuPct: number;
  /** Level updates/s the core received over the phase (venues.status). */
  delivered: number;
}

/** CPU % of one core of Chromium's renderer processes (where pages run script and paint). */
export function rendererCpuPct(procs: readonly [string, number][]): number {
  return procs.filter(([k]) => k.startsWith('chromium renderer ')).reduce((a, [, v]) => a + v, 0);
}

/**
 * A shape's renderer CPU per ladder over the floor's per ladder, for the same number of ladders:
 * NaN when the floor measured nothing (a ratio to zero says nothing).
 */
export function cpuVsFloor(shapePct: number, shapeLadders: number, floorPct: number, floorLadders: number) {
  if (!(floorPct > 0) || shapeLadders <= 0 || floorLadders <= 0) return NaN;
  return shapePct / shapeLadders / (floorPct / floorLadders);
}

/** Paints per second of one ladder canvas, averaged over the shape's ladders. */
export function paintsPerLadderPerSecond(samples: readonly PerfSamples[], ladders: number): number {
  const total = samples.reduce((a, s) => a + s.paints / Math.max(s.spanMs / 1000, 1e-3), 0);
  return ladders > 0 ? total / ladders : NaN;
}

export function shapeResult(
  shape: string,
  ladders: number,
  measured: PhaseMeasure,
  floor: PhaseMeasure,
): ShapeResult {
  const pooled = (pick: (s: PerfSamples) => number[]) => measured.samples.flatMap(pick);
  const frames = frameStats(
    pooled((s) => s.frameTimesMs),
    VSYNC_MS,
  );
  return {
    shape,
    ladders,
    delivered_level_updates_per_s: Math.round(measured.delivered),
    dropped_frame_pct: round(frames.droppedPct),
    tick_to_pixel_newest_p99_ms: round(
      percentile(
        pooled((s) => s.freshestMs),
        99,
      ),
    ),
    tick_to_pixel_p99_ms: round(
      percentile(
        pooled((s) => s.tickToPixelMs),
        99,
      ),
    ),
    cpu_per_ladder_vs_floor: round(
      cpuVsFloor(rendererCpuPct(measured.procs), ladders, rendererCpuPct(floor.procs), ladders),
    ),
    replayer_cpu_pct: round(measured.loadCpuPct, 1),
  };
}

/** The one line `--json` prints: an array with one object per shape (NaN prints as null). */
export function jsonLine(results: readonly ShapeResult[]): string {
  return JSON.stringify(results.map((r) => Object.fromEntries(SHAPE_FIELDS.map((k) => [k, r[k]]))));
}
