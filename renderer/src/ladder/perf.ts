// Ladder performance probes for `npm run bench:ui`, off unless the page URL has `perf=1`: then each
// ladder canvas records tick-to-pixel samples and the page records requestAnimationFrame intervals,
// readable (and reset) through the read-only `window.__crossbookPerf.take()`. Without perf=1 nothing
// is installed and the canvas holds no probe, so a normal run pays one null check per frame.
//
// Tick-to-pixel compares the core's Date.now() (a frame's sourceTime, see shared/ladder-frame.ts)
// with this page's Date.now(): valid only because core and browser run on the same machine.
import { ladderFrameTimes } from '../../../shared/ladder-frame';
import type { PerfSamples } from '../../../shared/ladder-perf';

export interface LadderProbe {
  received(buffer: ArrayBuffer): void;
  /** Call right after drawing; paintStart is performance.now() before decoding. */
  painted(paintStart: number, segments: number): void;
}

// Enough for minutes at 60 Hz × several ladders; a page nobody reads stops growing.
const MAX_SAMPLES = 200_000;

interface Store extends Omit<PerfSamples, 'spanMs'> {
  since: number;
}

let store: Store | null = null;

function fresh(): Store {
  return {
    tickToPixelMs: [],
    freshestMs: [],
    arrivalMs: [],
    paintMs: [],
    frameTimesMs: [],
    framesReceived: 0,
    paints: 0,
    segmentsPainted: 0,
    since: performance.now(),
  };
}

function push(list: number[], v: number): void {
  if (list.length < MAX_SAMPLES) list.push(v);
}

/** Installs the page-wide recorder when the URL asks for it; returns whether it is on. */
export function installPerf(win: Window = window): boolean {
  if (store) return true;
  if (new URLSearchParams(win.location.search).get('perf') !== '1') return false;
  store = fresh();
  let last = -1;
  const tick = (t: number) => {
    if (last >= 0 && store) push(store.frameTimesMs, t - last);
    last = t;
    win.requestAnimationFrame(tick);
  };
  win.requestAnimationFrame(tick);
  const api = Object.freeze({
    take(): PerfSamples {
      const s = store!;
      store = fresh();
      const { since, ...rest } = s;
      return { ...rest, spanMs: performance.now() - since };
    },
  });
  Object.defineProperty(win, '__crossbookPerf', { value: api, writable: false, configurable: false });
  return true;
}

/** A probe for one ladder canvas, or null when perf is off. */
export function ladderProbe(win: Window = window): LadderProbe | null {
  if (!installPerf(win)) return null;
  // The oldest source time among frames received since the last paint: a frame replaced before it
  // was painted still had its ticks shown first by the paint that follows.
  let oldest = Infinity;
  let newest = -Infinity;
  return {
    received(buffer) {
      const s = store!;
      s.framesReceived++;
      const { source, newest: latest } = ladderFrameTimes(buffer);
      if (source !== source) return;
      push(s.arrivalMs, Date.now() - source);
      if (source < oldest) oldest = source;
      if (latest > newest) newest = latest;
    },
    painted(paintStart, segments) {
      const s = store!;
      const now = Date.now();
      s.paints++;
      s.segmentsPainted += segments;
      push(s.paintMs, performance.now() - paintStart);
      if (oldest !== Infinity) push(s.tickToPixelMs, now - oldest);
      if (newest !== -Infinity) push(s.freshestMs, now - newest);
      oldest = Infinity;
      newest = -Infinity;
    },
  };
}
