// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildScene, PALETTE } from '../../renderer/src/ladder/draw';
import { computeLayout } from '../../renderer/src/ladder/layout';
import { LadderPainter } from '../../renderer/src/ladder/painter';
import { makeFrame } from './frames';

const layout = computeLayout(400, 18 + 10 * 16, 16, 18);

/** A 2D context that records the top of every band cleared to the background, and the texts. */
function recordingContext() {
  const clips: number[] = [];
  const texts: string[] = [];
  const state: Record<string | symbol, unknown> = {};
  const ctx = new Proxy({} as CanvasRenderingContext2D, {
    get: (_, k) => {
      if (k === 'fillRect')
        return (x: number, y: number, w: number) => {
          if (state.fillStyle === PALETTE.background && x === 0 && w === layout.width) clips.push(y);
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
  return { ctx, clips, texts };
}

const rowOf = (y: number) => (y === 0 ? -1 : (y - 18) / 16);

describe('ladder painter', () => {
  const base = { rows: 10, top: 10_009, bids: { 6: 2000, 7: 1000 }, asks: { 3: 500 } };

  it('paints the header and every visible row the first time', () => {
    const { ctx, clips, texts } = recordingContext();
    const stats = new LadderPainter(ctx).paint(buildScene(makeFrame(base), layout), layout);
    expect(stats).toEqual({ rows: 11, full: true });
    expect(clips.map(rowOf)).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(texts).toContain('100.09');
    expect(texts).toContain('2');
  });

  it('repaints nothing for an identical frame and only the changed row for a new size', () => {
    const { ctx, clips, texts } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clips.length = 0;
    expect(painter.paint(buildScene(makeFrame(base), layout), layout).rows).toBe(0);
    texts.length = 0;
    // The bid at row 6 changes by less than a pixel of cumulative depth below it: only its own
    // row (its size and its price) is drawn again.
    const next = makeFrame({ ...base, bids: { 6: 2001, 7: 1000 } });
    expect(painter.paint(buildScene(next, layout), layout)).toEqual({ rows: 1, full: false });
    expect(clips.map(rowOf)).toEqual([6]);
    expect(texts).toEqual(['2.001', '100.03']);
  });

  it('repaints every row whose cumulative-depth bar a change widens', () => {
    const { ctx, clips } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clips.length = 0;
    // Asks accumulate from the inside (row 3) outwards (row 0).
    painter.paint(buildScene(makeFrame({ ...base, asks: { 3: 900 } }), layout), layout);
    expect(clips.map(rowOf)).toEqual([0, 1, 2, 3]);
  });

  it('clears a row that became empty, and repaints the hovered row', () => {
    const { ctx, clips } = recordingContext();
    const painter = new LadderPainter(ctx);
    painter.paint(buildScene(makeFrame(base), layout), layout);
    clips.length = 0;
    painter.paint(buildScene(makeFrame({ ...base, asks: {} }), layout, { hoverRow: 8 }), layout);
    expect(clips.map(rowOf)).toEqual([0, 1, 2, 3, 8]);
  });

  it('paints everything again after invalidate() or a new size', () => {
    const { ctx } = recordingContext();
    const painter = new LadderPainter(ctx);
    const scene = buildScene(makeFrame(base), layout);
    painter.paint(scene, layout);
    painter.invalidate();
    expect(painter.paint(scene, layout)).toEqual({ rows: 11, full: true });
    const taller = computeLayout(400, 18 + 12 * 16, 16, 18);
    expect(painter.paint(buildScene(makeFrame(base), taller), taller)).toEqual({ rows: 13, full: true });
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
