// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import {
  clickAction,
  columnIf,
  computeLayout,
  dragTargetPrice,
  hitTest,
  needsRecenter,
  RecenterGate,
  rowForPrice,
  rowsThatFit,
  type ColumnId,
} from '../../../renderer/src/ladder/layout';
import { makeFrame } from '../support/frames';

// 20 rows, prices 100.19 (row 0) down to 100.00 (row 19) at priceScale 2.
const frame = makeFrame({ rows: 20, top: 10_019, step: 1, bestBid: 10_009, bestAsk: 10_010 });
const layout = computeLayout(400, 400, 16, 18);
const cellCenter = (id: ColumnId, row: number) => {
  const c = columnIf(layout, id)!;
  return { x: c.x + c.width / 2, y: 18 + row * 16 + 8 };
};

describe('ladder layout', () => {
  it('lays the columns out left to right without gaps across the full width', () => {
    expect(layout.columns.map((c) => c.id)).toEqual(['ownBid', 'bid', 'price', 'ask', 'ownAsk', 'volume']);
    let x = 0;
    for (const c of layout.columns) {
      expect(c.x).toBe(x);
      x += c.width;
    }
    expect(x).toBe(400);
  });

  it('asks the engine for as many rows as fit, within the contract bounds', () => {
    expect(rowsThatFit(18 + 16 * 30 + 5)).toBe(30);
    expect(rowsThatFit(10)).toBe(5);
    expect(rowsThatFit(100_000)).toBe(400);
  });

  it('hit-tests a click on the bid column of row 3 to a buy at that row price', () => {
    const p = cellCenter('bid', 3);
    const hit = hitTest(layout, frame, p.x, p.y);
    expect(hit).toEqual({ row: 3, column: 'bid', price: 10_016 });
    expect(clickAction(hit, () => false)).toEqual({ kind: 'place', side: 'buy', price: 10_016 });
  });

  it('hit-tests a click on the ask column to a sell, and the price column to nothing', () => {
    const a = cellCenter('ask', 12);
    expect(clickAction(hitTest(layout, frame, a.x, a.y), () => false)).toEqual({
      kind: 'place',
      side: 'sell',
      price: 10_007,
    });
    const p = cellCenter('price', 12);
    expect(clickAction(hitTest(layout, frame, p.x, p.y), () => false)).toEqual({ kind: 'none' });
  });

  it('ignores the header, space below the last row and outside the canvas', () => {
    expect(hitTest(layout, frame, 100, 5)).toBeNull();
    expect(hitTest(layout, frame, 100, 18 + 20 * 16 + 1)).toBeNull();
    expect(hitTest(layout, frame, -1, 50)).toBeNull();
    expect(hitTest(layout, frame, 400, 50)).toBeNull();
  });

  it('turns a click on our own order cell into a cancel only where we have an order', () => {
    const p = cellCenter('ownAsk', 5);
    const hit = hitTest(layout, frame, p.x, p.y);
    expect(clickAction(hit, (side, row) => side === 'sell' && row === 5)).toEqual({
      kind: 'cancel',
      side: 'sell',
      price: 10_014,
      row: 5,
    });
    expect(clickAction(hit, () => false)).toEqual({ kind: 'none' });
  });

  it('buckets grouped prices as the engine does: bids down, asks up', () => {
    const grouped = makeFrame({ rows: 10, top: 1_090, step: 10 }); // rows 10.90 … 10.00
    expect(rowForPrice(grouped, 1_085, 'buy')).toBe(1); // 10.85 bid sits in the 10.80 row
    expect(rowForPrice(grouped, 1_085, 'sell')).toBe(0); // 10.85 ask sits in the 10.90 row
    expect(rowForPrice(grouped, 1_080, 'sell')).toBe(1);
    expect(rowForPrice(grouped, 5_000, 'buy')).toBeNull();
  });

  it('computes the drop price of a drag from the row under the pointer', () => {
    expect(dragTargetPrice(layout, frame, 5, 18 + 9 * 16 + 3)).toBe(10_010);
    expect(dragTargetPrice(layout, frame, 5, 18 + 5 * 16 + 3)).toBeNull(); // same row: no move
    expect(dragTargetPrice(layout, frame, 5, 2)).toBeNull(); // header
  });

  it('wants a recentre only when the inside market leaves the middle half', () => {
    expect(needsRecenter(frame)).toBe(false);
    expect(needsRecenter(makeFrame({ rows: 20, top: 10_019, bestBid: 10_017, bestAsk: 10_018 }))).toBe(true);
    expect(needsRecenter(makeFrame({ rows: 20, top: 10_019, bestBid: 9_000, bestAsk: 9_001 }))).toBe(true);
    expect(needsRecenter(makeFrame({ rows: 20, top: 10_019 }))).toBe(false); // empty book
    // The trader's band: rows 5..14 of 20 is the middle half; a 25 % band is rows 7..12 only.
    const edge = makeFrame({ rows: 20, top: 10_019, bestBid: 10_013, bestAsk: 10_014 });
    expect(needsRecenter(edge, 50)).toBe(false);
    expect(needsRecenter(edge, 25)).toBe(true);
    expect(needsRecenter(makeFrame({ rows: 20, top: 10_019, bestBid: 10_016, bestAsk: 10_017 }), 75)).toBe(
      false,
    );
  });
});

describe('RecenterGate', () => {
  it('never recentres while the pointer is over the ladder; applies once it leaves', () => {
    const apply = vi.fn();
    const gate = new RecenterGate(apply);
    gate.setHovered(true);
    expect(gate.request()).toBe('deferred');
    expect(gate.request()).toBe('deferred');
    expect(apply).not.toHaveBeenCalled();
    gate.setHovered(false);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(gate.request()).toBe('applied');
    expect(apply).toHaveBeenCalledTimes(2);
  });
});
