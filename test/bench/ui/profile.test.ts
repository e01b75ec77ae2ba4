import { describe, expect, it } from 'vitest';
import { bundleName, topSelfTime, type CpuProfile } from './profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

describe('bench-ui profile summary', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('paint', 'app://x/assets/index-abc.js?v=1', 9) },
      { id: 3, callFrame: frame('', 'file:///dist/node/web-host.mjs', 99) },
      { id: 4, callFrame: frame('(idle)') },
    ],
    // Each sample lasts until the next one: the deltas are shifted by one.
    samples: [2, 2, 3, 4, 2],
    timeDeltas: [0, 1000, 1000, 3000, 4000],
  };

  it('sums self time per function from the gaps between samples, largest first', () => {
    const hot = topSelfTime(profile, 10);
    expect(hot.map((h) => [h.name, h.ms])).toEqual([
      ['(idle)', 4],
      ['(anonymous) web-host.mjs:100', 3],
      ['paint index-abc.js:10', 2],
    ]);
    expect(hot.reduce((a, h) => a + h.pct, 0)).toBeCloseTo(100);
    // The last sample has no next one: it counts nothing rather than a guess.
    expect(topSelfTime(profile, 1)).toHaveLength(1);
  });

  it('names a function by the bundle when no source is known', () => {
    expect(bundleName(frame('decode', 'app://x/assets/index.js', 0))).toBe('decode index.js:1');
    expect(bundleName(frame('', ''))).toBe('(anonymous)');
  });

  it('names functions through the given namer (source maps in the benchmark)', () => {
    const hot = topSelfTime(profile, 10, (f) => `src:${f.lineNumber}`);
    expect(hot.map((h) => h.name)).toEqual(['(idle)', 'src:99', 'src:9']);
  });

  it('an empty profile has no hot functions', () => {
    expect(topSelfTime({ nodes: [] }, 5)).toEqual([]);
  });
});
