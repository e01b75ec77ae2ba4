// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildScene, PALETTE } from '../../../renderer/src/ladder/draw';
import { column, computeLayout } from '../../../renderer/src/ladder/layout';
import { LadderPainter } from '../../../renderer/src/ladder/painter';
import { frameContent } from '../../../renderer/src/ladder/column-fit';
import { makeFrame } from '../support/frames';

const layout = computeLayout(400, 18 + 10 * 16, 16, 18);

/** A 2D context that records every clear to the background (as [x, row, width]) and the texts. */
function recordingContext() {
  const clears: [number, number, number][] = [];
  const texts: string[] = [];
  const fills: [string, number, number, number][] = [];
  const state: Record<string | symbol, unknown> = {};
  const ctx = new Proxy({} as CanvasRenderingContext2D, {
    get: (_, k) => {
      if (k === 'fillRect')
        return (x: number, y: number, w: number, h: number) => {
          fills.push([String(state.fillStyle), x, y, w]);
          if (state.fillStyle === PALETTE.background && (h === 16 || h === 18)) clears.push([x, rowOf(y), w]);
        };
      if (k === 'fillText') return (t: string) => texts.push(t);
      if (k in state) return state[k];
      return () => {};
    },
    set: (_, k, v) => {
      state[k] = v;
      return true;
    },
  });
  return { ctx, clears, texts, fills };
}

const rowOf = (y: number) => (y === 0 ? -1 : (y - 18) / 16);
// Segment edges from the layout: the bid side up to the price column, the ask side from the asks.
const PRICE_X = column(layout, 'price').x;
const ASK_X = column(layout, 'ask').x;
const LEFT = [0, PRICE_X] as const;
const RIGHT = [ASK_X, 400 - ASK_X] as const;

describe('ladder painter', () => {
  // Sizes at three decimals, so a change below keeps the column's decimals (and its other rows).
  const base = { rows: 10, top: 10_009, bids: { 6: 2001, 7: 1000 }, asks: { 3: 500 } };

  it('paints the header and every visible row whole the first time', () => {
    const { ctx, clears, texts } = recordingContext();
    const stats = new LadderPainter(ctx).paint(buildScene(makeFrame(base), layout), layout);
    expect(stats).toEqual({ rows: 11, segments: 31, full: true });
    expect(clears).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((r) => [0, r, 400]));
    expect(texts).toContain('100.09');
    expect(texts).toContain('2.001');
  });

  it('repaints nothing for an identical frame, and only the bid side of a row whose bid changed', () => {
    const { ctx, clears, texts } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clears.length = 0;
    expect(painter.paint(buildScene(makeFrame(base), layout), layout).rows).toBe(0);
    texts.length = 0;
    // Less than a pixel of cumulative depth below it: only row 6's bid size is drawn again, not
    // its price and not its ask side.
    const next = makeFrame({ ...base, bids: { 6: 2002, 7: 1000 } });
    expect(painter.paint(buildScene(next, layout), layout)).toEqual({ rows: 1, segments: 1, full: false });
    expect(clears).toEqual([[LEFT[0], 6, LEFT[1]]]);
    expect(texts).toEqual(['2.002']);
  });

  it('repaints the ask side of every row whose cumulative-depth bar a change widens', () => {
    const { ctx, clears } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clears.length = 0;
    // Asks accumulate from the inside (row 3) outwards (row 0).
    painter.paint(buildScene(makeFrame({ ...base, asks: { 3: 900 } }), layout), layout);
    expect(clears).toEqual([0, 1, 2, 3].map((r) => [RIGHT[0], r, RIGHT[1]]));
  });

  it('clears what became empty, and repaints a row whole when the hover moves onto it', () => {
    const { ctx, clears } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clears.length = 0;
    painter.paint(buildScene(makeFrame({ ...base, asks: {} }), layout, { hoverRow: 8 }), layout);
    expect(clears).toEqual([...[0, 1, 2, 3].map((r) => [RIGHT[0], r, RIGHT[1]]), [0, 8, 400]]);
  });

  it('redraws the hover shade inside a segment repainted under it', () => {
    const { ctx, fills } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout, { hoverRow: 6 }), layout);
    fills.length = 0;
    painter.paint(
      buildScene(makeFrame({ ...base, bids: { 6: 2002, 7: 1000 } }), layout, { hoverRow: 6 }),
      layout,
    );
    expect(fills).toContainEqual([PALETTE.hover, 0, 18 + 6 * 16, PRICE_X]);
    expect(fills.every(([, x, , w]) => x + w <= PRICE_X)).toBe(true);
  });

  it('repaints a row whole while a drag’s drop target outlines it', () => {
    const { ctx, clears } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout, { dropRow: 2 }), layout);
    clears.length = 0;
    painter.paint(buildScene(makeFrame(base), layout, { dropRow: 2 }), layout);
    expect(clears).toEqual([[0, 2, 400]]);
  });

  it('paints everything again with a new painter (the canvas was resized) or a new size', () => {
    const { ctx } = recordingContext();
    const scene = buildScene(makeFrame(base), layout);
    new LadderPainter(ctx).paint(scene, layout);
    // LadderCanvas makes a new painter when a resize clears the canvas and its state.
    const painter = new LadderPainter(ctx);
    expect(painter.paint(scene, layout)).toEqual({ rows: 11, segments: 31, full: true });
    const taller = computeLayout(400, 18 + 12 * 16, 16, 18);
    expect(painter.paint(buildScene(makeFrame(base), taller), taller)).toEqual({
      rows: 13,
      segments: 37,
      full: true,
    });
  });
});

describe('ladder painter with rows shorter than the font needs', () => {
  it('clips each repainted band so glyphs cannot spill onto a neighbour', () => {
    const short = computeLayout(400, 18 + 10 * 12, 12, 18);
    const bands: number[] = [];
    let saves = 0;
    const ctx = new Proxy({} as CanvasRenderingContext2D, {
      get: (_, k) => {
        if (k === 'rect') return (_x: number, y: number) => bands.push(y);
        if (k === 'save') return () => saves++;
        return () => {};
      },
      set: () => true,
    });
    new LadderPainter(ctx).paint(buildScene(makeFrame({ rows: 10, bids: { 6: 1 } }), short), short);
    expect(saves).toBe(11);
    expect(bands).toEqual([0, ...Array.from({ length: 10 }, (_, r) => 18 + r * 12)]);
  });
});

describe('ladder painter on a ladder too narrow for its sizes', () => {
  it('cuts each text at its column edges', () => {
    const frame = makeFrame({ rows: 4, top: 1_000_003, sizeScale: 8, bids: { 2: 123_456_789_012 } });
    const narrow = computeLayout(200, 18 + 4 * 16, 16, 18, { content: frameContent(frame) });
    expect(narrow.squeezed).toBe(true);
    const clips: number[][] = [];
    const state: Record<string | symbol, unknown> = {};
    const ctx = new Proxy({} as CanvasRenderingContext2D, {
      get: (_, k) => {
        if (k === 'rect') return (...a: number[]) => clips.push(a);
        if (k in state) return state[k];
        return () => {};
      },
      set: (_, k, v) => {
        state[k] = v;
        return true;
      },
    });
    new LadderPainter(ctx).paint(buildScene(frame, narrow), narrow);
    const bid = column(narrow, 'bid');
    expect(clips).toContainEqual([bid.x, 18 + 2 * 16 + 8 - 9, bid.width, 18]);
  });
});
