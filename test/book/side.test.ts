import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SideBook } from '../../electron/book/side';

function ref(side: SideBook, m: Map<number, number>): void {
  const want = [...m.entries()].sort((a, b) => (side.isBid ? b[0] - a[0] : a[0] - b[0]));
  const got: [number, number][] = [];
  side.forEach((t, s) => {
    got.push([t, s]);
    return true;
  });
  expect(got).toEqual(want);
  expect(side.levels).toBe(m.size);
  const best = want.length ? want[0]![0] : NaN;
  expect(side.bestTick()).toBe(best);
  const ticks = new Float64Array(20);
  const sizes = new Float64Array(20);
  const n = side.readTop(20, ticks, sizes);
  expect(n).toBe(Math.min(20, want.length));
  for (let i = 0; i < n; i++) expect([ticks[i], sizes[i]]).toEqual(want[i]);
}

describe('SideBook', () => {
  for (const isBid of [true, false]) {
    it(`matches a Map under random sets incl. far levels (${isBid ? 'bids' : 'asks'})`, () => {
      // A tiny maximum window forces the overflow and re-windowing paths.
      const tick = fc.oneof(
        fc.integer({ min: 9_900, max: 10_100 }),
        fc.integer({ min: -50_000, max: 80_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
      );
      const op = fc.tuple(tick, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e12 })));
      fc.assert(
        fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1 << 13, 1 << 18), (ops, maxCap) => {
          const side = new SideBook(isBid, maxCap);
          const m = new Map<number, number>();
          for (const [t, s] of ops) {
            const old = side.set(t, s);
            expect(old).toBe(m.get(t) ?? 0);
            if (s === 0) m.delete(t);
            else m.set(t, s);
            expect(side.get(t)).toBe(s);
          }
          ref(side, m);
          side.clear();
          ref(side, new Map());
        }),
        { numRuns: 150 },
      );
    });
  }

  it('finds the next level across empty words after deleting the best', () => {
    const side = new SideBook(true);
    side.set(1000, 5);
    side.set(900, 6);
    side.set(1, 7);
    side.set(1000, 0);
    expect(side.bestTick()).toBe(900);
    side.set(900, 0);
    expect(side.bestTick()).toBe(1);
    side.set(1, 0);
    expect(side.bestTick()).toBeNaN();
  });
});
