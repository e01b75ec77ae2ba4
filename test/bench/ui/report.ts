// The UI benchmark's text report: a table per shape (one row per window, then all pooled) and
// where the CPU went. The JSON line is results.ts's.
import type { PerfSamples } from '../../../shared/ladder-perf';
import { VSYNC_MS, type ShapeResult } from './results';
import { frameStats, percentile } from './stats';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

/** One row per window (a ladder, or a board of several), then all of them pooled. */
export function shapeTable(names: readonly string[], samples: readonly PerfSamples[]): string[] {
  const pooled = (pick: (s: PerfSamples) => number[]) => samples.flatMap(pick);
  const sum = (pick: (s: PerfSamples) => number) => samples.reduce((a, s) => a + pick(s), 0);
  const rate = (n: number, s: PerfSamples) => n / Math.max(s.spanMs / 1000, 1e-3);
  type Column = [string, (s: PerfSamples) => string, () => string];
  const pct = (pick: (s: PerfSamples) => number[], p: number): [(s: PerfSamples) => string, () => string] => [
    (s) => ms(percentile(pick(s), p)),
    () => ms(percentile(pooled(pick), p)),
  ];
  const drops = (ft: number[]) => ms(frameStats(ft, VSYNC_MS).droppedPct);
  const columns: Column[] = [
    ['frames/s', (s) => rate(s.framesReceived, s).toFixed(1), () => ''],
    ['paints/s', (s) => rate(s.paints, s).toFixed(1), () => sum((s) => rate(s.paints, s)).toFixed(1)],
    [
      'seg/p',
      (s) => (s.segmentsPainted / Math.max(1, s.paints)).toFixed(1),
      () =>
        (
          sum((s) => s.segmentsPainted) /
          Math.max(
            1,
            sum((s) => s.paints),
          )
        ).toFixed(1),
    ],
    ['ft p99', ...pct((s) => s.frameTimesMs, 99)],
    ['drop %', (s) => drops(s.frameTimesMs), () => drops(pooled((s) => s.frameTimesMs))],
    ['t2p p99', ...pct((s) => s.tickToPixelMs, 99)],
    ['new p50', ...pct((s) => s.freshestMs, 50)],
    ['new p99', ...pct((s) => s.freshestMs, 99)],
    ['arr p99', ...pct((s) => s.arrivalMs, 99)],
    ['paint99', ...pct((s) => s.paintMs, 99)],
  ];
  const width = Math.max(16, ...names.map((n) => n.length));
  const line = (name: string, cells: string[]) =>
    [name.padEnd(width), ...cells.map((v, k) => v.padStart(Math.max(7, columns[k]![0].length)))].join(' ');
  return [
    line(
      'window',
      columns.map(([title]) => title),
    ),
    ...samples.map((s, i) =>
      line(
        names[i]!,
        columns.map(([, one]) => one(s)),
      ),
    ),
    line(
      'all',
      columns.map(([, , all]) => all()),
    ),
  ];
}

export const LEGEND = [
  `ft = requestAnimationFrame interval (ms), drop % = missed vsyncs of ${VSYNC_MS.toFixed(2)} ms`,
  't2p = core receipt of the oldest venue frame a paint first shows → that paint (ms); new = the same for the newest venue frame it shows (how fresh the ladder is: the headline)',
  'arr = core receipt → ladder frame arrival in the page; seg/p = row segments redrawn per paint; paint = decode+draw',
];

/** Where one phase's CPU went, in % of one core: processes under the benchmark, and the web host's threads. */
export function cpuLines(
  procs: readonly [string, number][],
  hostThreads: readonly [string, number][],
  role: (thread: string) => string,
): string[] {
  return [
    ...procs.filter(([, v]) => v >= 1).map(([k, v]) => `  ${v.toFixed(0).padStart(4)} %  ${k}`),
    '  web host threads:',
    ...hostThreads
      .filter(([, v]) => v >= 1)
      .map(([k, v]) => `  ${v.toFixed(0).padStart(4)} %    ${k}${role(k)}`),
  ];
}

/** The shape's headline next to its floor. */
export function verdictLines(
  r: ShapeResult,
  renderer: { shape: number; floor: number },
  floorRate: number,
  loadLabel: string,
): string[] {
  const per = (v: number) => (v / r.ladders).toFixed(1);
  return [
    `${r.shape}: ${r.ladders} ladders, newest tick-to-pixel p99 ${ms(r.tick_to_pixel_newest_p99_ms)} ms (oldest ${ms(r.tick_to_pixel_p99_ms)} ms), dropped frames ${ms(r.dropped_frame_pct)} %`,
    `  renderer CPU per ladder ${per(renderer.shape)} % vs floor ${per(renderer.floor)} % (same canvases and cells, ${floorRate.toFixed(1)} paints/s each): ×${Number.isFinite(r.cpu_per_ladder_vs_floor) ? r.cpu_per_ladder_vs_floor.toFixed(2) : '–'}`,
    `  load: ${r.delivered_level_updates_per_s} level updates/s received; its source (${loadLabel}) took ${r.replayer_cpu_pct.toFixed(0)} % of a core`,
  ];
}
