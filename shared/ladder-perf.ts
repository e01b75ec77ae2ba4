// What a ladder page's performance probe (renderer/src/ladder/perf.ts, on with perf=1) hands out
// through window.__crossbookPerf.take(), and what `npm run bench:ui` (test/bench/ui.ts) reads.
export interface PerfSamples {
  /** Paint wall time minus the oldest venue receipt first shown by that paint (ms). */
  tickToPixelMs: number[];
  /** Paint wall time minus the newest venue receipt shown by that paint: its freshest tick (ms). */
  freshestMs: number[];
  /** Frame arrival in the page minus its sourceTime (ms): core, worker and bridge, no paint. */
  arrivalMs: number[];
  /** Decode + scene + canvas calls of one paint (ms, performance.now()). */
  paintMs: number[];
  /** Intervals between consecutive requestAnimationFrame timestamps of this page (ms). */
  frameTimesMs: number[];
  /** Ladder frames received and paints made since the last take(). */
  framesReceived: number;
  paints: number;
  /** Row segments the paints redrew, summed (three a row: bid side, price, ask side; header one). */
  segmentsPainted: number;
  /** performance.now() span the samples cover (ms). */
  spanMs: number;
}
