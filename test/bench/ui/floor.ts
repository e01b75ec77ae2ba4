// The benchmark's floor: a static page, served by the benchmark itself, that paints canvases of a
// shape's ladder sizes with the same number of text cells at the same rate, and does nothing else:
// no core, no frames, no decoding, no Vue. What a ladder costs the renderer above this page is
// Crossbook's; the page is the least any ladder of that size and rate could cost.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One ladder canvas as the shape showed it: CSS pixels and the text cells it held. */
export interface CanvasGeometry {
  width: number;
  height: number;
  rows: number;
  columns: number;
}

/** One floor window: its viewport and the canvases tiled in it (one row of up to four, as a board). */
export interface FloorWindow {
  viewport: { width: number; height: number };
  canvases: CanvasGeometry[];
}

/** The query a floor page reads: the canvases and how many paints per second each makes. */
export function floorQuery(w: FloorWindow, paintsPerSecond: number): string {
  const c = w.canvases.map((g) => [g.width, g.height, g.rows, g.columns].map(Math.round).join('x'));
  return new URLSearchParams({ c: c.join(','), rate: paintsPerSecond.toFixed(2) }).toString();
}

// Every cell gets its background and a number on every paint (the ladder redraws only the rows
// that changed): the floor matches the ladders' size, cells and paint rate, not their drawing.
const PAGE = `<!doctype html><meta charset="utf-8"><title>bench-ui floor</title>
<style>html,body{margin:0;background:#0d1117;overflow:hidden}#w{display:grid;gap:2px}canvas{display:block}</style>
<div id="w"></div>
<script>
const q = new URLSearchParams(location.search);
const rate = Math.max(1, Number(q.get('rate')) || 60);
const specs = (q.get('c') || '').split(',').filter(Boolean).map((s) => s.split('x').map(Number));
const wrap = document.getElementById('w');
wrap.style.gridTemplateColumns = 'repeat(' + Math.min(4, specs.length) + ', max-content)';
const dpr = window.devicePixelRatio || 1;
const boards = specs.map(([w, h, rows, cols]) => {
  const el = document.createElement('canvas');
  el.width = Math.round(w * dpr); el.height = Math.round(h * dpr);
  el.style.width = w + 'px'; el.style.height = h + 'px';
  wrap.appendChild(el);
  const ctx = el.getContext('2d', { alpha: false });
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  return { ctx, w, rows, cols, rowH: h / Math.max(1, rows) };
});
let paints = 0, next = 0, n = 0, last = 0;
let frameTimes = [];
function paint(b) {
  const cw = b.w / Math.max(1, b.cols);
  for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.cols; c++) {
    b.ctx.fillStyle = (r + c) % 2 ? '#161b22' : '#0d1117';
    b.ctx.fillRect(c * cw, r * b.rowH, cw, b.rowH);
    b.ctx.fillStyle = '#c9d1d9';
    b.ctx.fillText(String((n * 7919 + r * 31 + c * 17) % 100000 / 100), c * cw + 4, r * b.rowH + b.rowH / 2);
  }
}
function frame(t) {
  if (last) frameTimes.push(t - last);
  last = t;
  if (t >= next) {
    next = next === 0 ? t : next + 1000 / rate;
    if (t - next > 1000) next = t;
    n++;
    for (const b of boards) paint(b);
    paints++;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
// frameTimes: the animation-frame intervals since the last call, so the floor's own missed vsyncs
// can be set beside a shape's (on a saturated machine the floor drops frames too).
window.__floor = { paints: () => paints, frameTimes: () => frameTimes.splice(0) };
</script>`;

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the floor page on 127.0.0.1 (any path answers it). */
export async function serveFloor(): Promise<FloorServer> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/floor.html`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
