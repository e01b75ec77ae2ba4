import { describe, expect, it } from 'vitest';
import { frameStats, percentile, round } from './stats';

describe('bench-ui stats', () => {
  it('interpolates percentiles and has none of nothing', () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2.5);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('counts the vsyncs a long frame interval skipped', () => {
    const v = 1000 / 60;
    const f = frameStats([v, v, 2 * v, 4 * v], v);
    expect(f.dropped).toBe(1 + 3);
    expect(f.droppedPct).toBeCloseTo((4 / 8) * 100);
    expect(frameStats([], v).droppedPct).toBeNaN();
  });

  it('rounds to the asked digits', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.5, 0)).toBe(2);
  });
});
