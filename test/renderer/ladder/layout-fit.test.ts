// @vitest-environment happy-dom
// Columns sized from their content: at 320, 420 and 800 px, with 8-decimal BTC sizes and
// 10-digit volumes, no text leaves its column, none sits under a bar, and columns drop in order.
import { describe, expect, it } from 'vitest';
import {
  columnDecimals,
  ContentRatchet,
  frameContent,
  roughMeasure,
} from '../../../renderer/src/ladder/column-fit';
import { buildScene, type RectOp, type TextOp } from '../../../renderer/src/ladder/draw';
import { computeLayout, type DropFirst, type LadderLayout } from '../../../renderer/src/ladder/layout';
import { makeFrame } from '../support/frames';

// BTC-like: prices at 2 decimals, sizes at 6 (the most that leaves room for ten digits of volume
// in a safe integer); a consolidated ladder with own orders.
const frame = makeFrame({
  rows: 30,
  top: 9_876_543_21,
  priceScale: 2,
  sizeScale: 6,
  venues: ['paxos', 'finery'],
  bids: { 16: 123_456, 17: 1_500000, 18: 25_000000 },
  asks: { 12: 876_543, 13: 3_000000 },
  venueBids: [{ 16: 123_456, 17: 1_000000, 18: 25_000000 }, { 17: 500_000 }],
  venueAsks: [{ 12: 876_543 }, { 13: 3_000000 }],
  ownBid: { 17: 1_250000 },
  ownAsk: { 13: 20_000 },
  // Ten digits of volume before the point.
  volume: { 14: 1234567890_500000, 15: 98_765432 },
  bestBid: 9_876_543_05,
  bestAsk: 9_876_543_09,
  lastTrade: { price: 9_876_543_07, size: 1, time: 1, venue: 0 },
});

function laid(width: number, dropFirst?: DropFirst): LadderLayout {
  return computeLayout(width, 18 + 30 * 16, 16, 18, {
    content: frameContent(frame),
    measure: roughMeasure,
    dropFirst,
  });
}

/** Horizontal extent of a text as drawn (roughMeasure is the layout's measure here too). */
function extent(t: TextOp): [number, number] {
  const w = roughMeasure(t.text, !!t.bold);
  if (t.align === 'right') return [t.x - w, t.x];
  if (t.align === 'left') return [t.x, t.x + w];
  return [t.x - w / 2, t.x + w / 2];
}

const BARS = new Set<RectOp['kind']>(['depth', 'volumeBar', 'venue']);

describe.each([320, 420, 800])('ladder layout at %i px', (width) => {
  const layout = laid(width);
  const scene = buildScene(frame, layout);

  it('tiles the width with columns, each wide enough for its title', () => {
    let x = 0;
    for (const c of layout.columns) {
      expect(c.x).toBe(x);
      expect(c.textWidth).toBeLessThanOrEqual(c.width);
      expect(c.width).toBeGreaterThanOrEqual(roughMeasure(c.title, false));
      x += c.width;
    }
    expect(x).toBe(width);
  });

  it('keeps every text inside its own column', () => {
    for (const t of scene.texts) {
      const col = layout.columns.find((c) => c.id === t.column)!;
      const [a, b] = extent(t);
      expect(a, `${t.column} "${t.text}"`).toBeGreaterThanOrEqual(col.x);
      expect(b, `${t.column} "${t.text}"`).toBeLessThanOrEqual(col.x + col.width);
    }
  });

  it('draws no bar under a text', () => {
    for (const t of scene.texts.filter((x) => x.row >= 0)) {
      const [a, b] = extent(t);
      for (const r of scene.rects.filter((x) => x.row === t.row && BARS.has(x.kind))) {
        const apart = r.x + r.w <= a || r.x >= b;
        expect(apart, `${r.kind} [${r.x}, ${r.x + r.w}) under "${t.text}" [${a}, ${b})`).toBe(true);
      }
    }
  });

  it('puts our order sizes inside their blocks', () => {
    for (const t of scene.texts.filter(
      (x) => x.row >= 0 && (x.column === 'ownBid' || x.column === 'ownAsk'),
    )) {
      const block = scene.rects.find((r) => r.kind === 'own' && r.row === t.row && r.column === t.column)!;
      const [a, b] = extent(t);
      expect(a).toBeGreaterThanOrEqual(block.x);
      expect(b).toBeLessThanOrEqual(block.x + block.w);
    }
  });
});

describe('narrow ladders', () => {
  it('drops the volume first, then our order columns, by default', () => {
    expect(laid(800).columns.map((c) => c.id)).toEqual(['ownBid', 'bid', 'price', 'ask', 'ownAsk', 'volume']);
    expect(laid(420).columns.map((c) => c.id)).not.toContain('volume');
    expect(laid(320).columns.map((c) => c.id)).toEqual(['bid', 'price', 'ask']);
  });

  it('drops our order columns first when the trader chose so, and marks our orders by the price', () => {
    const ids = laid(420, 'own').columns.map((c) => c.id);
    expect(ids).toEqual(['bid', 'price', 'ask', 'volume']);
    const scene = buildScene(frame, laid(420, 'own'));
    expect(scene.rects.filter((r) => r.kind === 'own').map((r) => [r.row, r.column])).toEqual([
      [13, 'price'],
      [17, 'price'],
    ]);
  });
});

describe('size decimals', () => {
  it('shows as many decimals as the most precise value in the column needs, the same on every row', () => {
    const scene = buildScene(frame, laid(800));
    const bids = scene.texts.filter((t) => t.column === 'bid' && t.row >= 0).map((t) => t.text);
    expect(bids).toEqual(['0.123456', '1.500000', '25.000000']);
    const asks = scene.texts.filter((t) => t.column === 'ask' && t.row >= 0).map((t) => t.text);
    expect(asks).toEqual(['0.876543', '3.000000']);
    const own = scene.texts.filter((t) => t.column === 'ownBid' && t.row >= 0).map((t) => t.text);
    expect(own).toEqual(['1.25']);
    const round = makeFrame({ sizeScale: 8, bids: { 1: 2_00000000, 2: 1_50000000 } });
    expect(
      buildScene(round, laid(800))
        .texts.filter((t) => t.column === 'bid' && t.row >= 0)
        .map((t) => t.text),
    ).toEqual(['2.0', '1.5']);
    expect(columnDecimals(new Float64Array([0, 3_00000000]), 8)).toBe(0);
  });

  it('widens a column for a longer value but never narrows it on the same view', () => {
    const ratchet = new ContentRatchet();
    expect(ratchet.update(makeFrame({ sizeScale: 3, bids: { 1: 1000 } }))).toBe(true);
    expect(ratchet.update(makeFrame({ sizeScale: 3, bids: { 1: 123_456 } }))).toBe(true);
    expect(ratchet.widest.bid).toBe('000.000');
    expect(ratchet.update(makeFrame({ sizeScale: 3, bids: { 1: 1000 } }))).toBe(false);
    expect(ratchet.widest.bid).toBe('000.000');
    expect(ratchet.update(makeFrame({ sizeScale: 3, viewId: 99, bids: { 1: 1000 } }))).toBe(true);
    expect(ratchet.widest.bid).toBe('0');
  });
});
