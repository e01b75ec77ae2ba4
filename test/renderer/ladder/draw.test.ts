// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildScene, niceCeiling, VENUE_COLORS } from '../../../renderer/src/ladder/draw';
import { column, computeLayout, rowTop } from '../../../renderer/src/ladder/layout';
import { makeFrame } from '../support/frames';

const layout = computeLayout(400, 600, 16, 18);

describe('ladder scene', () => {
  const frame = makeFrame({
    rows: 10,
    top: 10_009,
    venues: ['paxos', 'finery'],
    bids: { 5: 1500, 6: 2500 },
    asks: { 3: 700, 4: 1200 },
    venueBids: [{ 5: 1000, 6: 2500 }, { 5: 500 }],
    venueAsks: [{ 3: 700 }, { 4: 1200 }],
    ownBid: { 6: 250 },
    volume: { 4: 3000 },
    bestBid: 10_004,
    bestAsk: 10_005,
    lastTrade: { price: 10_005, size: 100, time: 1, venue: 0 },
  });
  const scene = buildScene(frame, layout);
  const text = (row: number, col: string) => scene.texts.find((t) => t.row === row && t.column === col);

  it('writes bid and ask sizes right-aligned next to the price, so decimal points line up', () => {
    const bid = column(layout, 'bid');
    expect(text(5, 'bid')).toMatchObject({ text: '1.5', align: 'right', x: bid.x + bid.width - 4 });
    expect(text(5, 'bid')!.y).toBe(rowTop(layout, 5) + 8);
    const ask = column(layout, 'ask');
    expect(text(3, 'ask')).toMatchObject({ text: '0.7', align: 'right', x: ask.x + ask.textWidth - 4 });
    expect(text(0, 'bid')).toBeUndefined();
  });

  it('formats every price row exactly from scaled integers', () => {
    expect(scene.texts.filter((t) => t.column === 'price' && t.row >= 0).map((t) => t.text)).toEqual([
      '100.09',
      '100.08',
      '100.07',
      '100.06',
      '100.05',
      '100.04',
      '100.03',
      '100.02',
      '100.01',
      '100.00',
    ]);
  });

  it('attributes a consolidated row to its venues with proportional coloured segments', () => {
    const segs = scene.rects.filter((r) => r.kind === 'venue' && r.row === 5);
    expect(segs.map((s) => s.fill)).toEqual([VENUE_COLORS[0], VENUE_COLORS[1]]);
    expect(segs[0]!.w / segs[1]!.w).toBeCloseTo(2);
    const bid = column(layout, 'bid');
    // Along the depth-bar part of the column, not under the size text.
    expect(segs[0]!.w + segs[1]!.w).toBeCloseTo(bid.width - bid.textWidth);
  });

  it('shades cumulative depth wider as it accumulates away from the inside', () => {
    const depth = (row: number) =>
      scene.rects.find((r) => r.kind === 'depth' && r.row === row && r.column === 'bid')!;
    expect(depth(6).w).toBeGreaterThan(depth(5).w);
    const ask = (row: number) =>
      scene.rects.find((r) => r.kind === 'depth' && r.row === row && r.column === 'ask')!;
    expect(ask(3).w).toBeGreaterThan(ask(4).w);
  });

  it('marks the last trade row and our own orders, and draws volume at price', () => {
    expect(scene.rects.filter((r) => r.kind === 'lastTrade').map((r) => r.row)).toEqual([4]);
    expect(text(6, 'ownBid')?.text).toBe('0.25');
    expect(scene.rects.some((r) => r.kind === 'own' && r.row === 6 && r.column === 'ownBid')).toBe(true);
    expect(text(4, 'volume')?.text).toBe('3');
  });

  it('draws a single-venue ladder without venue segments', () => {
    const single = buildScene(makeFrame({ rows: 5, bids: { 2: 10 } }), layout);
    expect(single.rects.some((r) => r.kind === 'venue')).toBe(false);
  });

  it('scales bars in 1-2-5 steps so a bar moves only when its own value does', () => {
    expect([0, 0.3, 1, 1.5, 2, 2.01, 4.9, 5, 7, 10, 11, 1234].map(niceCeiling)).toEqual([
      1, 0.5, 1, 2, 2, 5, 5, 5, 10, 10, 20, 2000,
    ]);
    const wide = buildScene(makeFrame({ rows: 10, top: 10_009, bids: { 5: 1500, 6: 2600 } }), layout);
    const depth = (s: typeof scene, row: number) =>
      s.rects.find((r) => r.kind === 'depth' && r.row === row && r.column === 'bid')!.w;
    // Row 6's cumulative size changed (4000 → 4100) but stays under the same scale step, so row
    // 5's bar keeps its exact width.
    expect(depth(wide, 5)).toBe(depth(scene, 5));
    expect(Number.isInteger(depth(wide, 6))).toBe(true);
  });
});
