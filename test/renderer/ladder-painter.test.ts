// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildScene } from '../../renderer/src/ladder/draw';
import { computeLayout } from '../../renderer/src/ladder/layout';
import { LadderPainter } from '../../renderer/src/ladder/painter';
import { makeFrame } from './frames';

const layout = computeLayout(400, 18 + 10 * 16, 16, 18);

/** A 2D context that records the band of every clip and the texts drawn. */
function recordingContext() {
  const clips: number[] = [];
  const texts: string[] = [];
  const ctx = new Proxy({} as CanvasRenderingContext2D, {
    get: (_, k) => {
      if (k === 'rect') return (_x: number, y: number) => clips.push(y);
      if (k === 'fillText') return (t: string) => texts.push(t);
      return () => {};
    },
    set: () => true,
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
