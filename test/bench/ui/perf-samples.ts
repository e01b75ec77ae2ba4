// What `window.__crossbookPerf.take()` returns (renderer/src/ladder/perf.ts, which is compiled for
// the browser and so cannot be imported into this Node program); keep the two in step.
export interface PerfSamples {
  tickToPixelMs: number[];
  freshestMs: number[];
  arrivalMs: number[];
  paintMs: number[];
  frameTimesMs: number[];
  framesReceived: number;
  paints: number;
  segmentsPainted: number;
  spanMs: number;
}
