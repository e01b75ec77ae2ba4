import { describe, expect, it } from 'vitest';
import type { PerfSamples } from '../../../shared/ladder-perf';
import {
  cpuVsFloor,
  jsonLine,
  paintsPerLadderPerSecond,
  rendererCpuPct,
  SHAPE_FIELDS,
  shapeResult,
  type PhaseMeasure,
} from './results';

function samples(over: Partial<PerfSamples>): PerfSamples {
  return {
    tickToPixelMs: [],
    freshestMs: [],
    arrivalMs: [],
    paintMs: [],
    frameTimesMs: [],
    framesReceived: 0,
    paints: 0,
    segmentsPainted: 0,
    spanMs: 1000,
    ...over,
  };
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('bench-ui results', () => {
  it('counts only renderer processes as the pages’ CPU', () => {
    const procs: [string, number][] = [
      ['chromium renderer 10', 12],
      ['chromium renderer 11', 8],
      ['chromium gpu-process 9', 30],
      ['chromium browser 8', 5],
      ['MainThread 7', 40],
    ];
    expect(rendererCpuPct(procs)).toBe(20);
  });

  it('compares CPU per ladder with the floor’s, and refuses a ratio to nothing', () => {
    expect(cpuVsFloor(26, 8, 20, 8)).toBeCloseTo(1.3);
    expect(cpuVsFloor(13, 4, 20, 8)).toBeCloseTo(1.3);
    expect(cpuVsFloor(10, 8, 0, 8)).toBeNaN();
    expect(cpuVsFloor(10, 0, 5, 8)).toBeNaN();
  });

  it('paint rate per ladder is the pages’ paints per second over the ladders', () => {
    const boards = [samples({ paints: 240, spanMs: 2000 }), samples({ paints: 120, spanMs: 1000 })];
    expect(paintsPerLadderPerSecond(boards, 8)).toBe(30);
  });

  it('pools the pages’ samples: newest and oldest p99, dropped frames, delivered load', () => {
    const a = samples({
      freshestMs: range(100, (i) => i + 1),
      tickToPixelMs: range(100, (i) => 2 * (i + 1)),
      frameTimesMs: range(99, () => 1000 / 60).concat([50]),
    });
    const b = samples({ freshestMs: [1], tickToPixelMs: [2], frameTimesMs: [1000 / 60] });
    const measured: PhaseMeasure = {
      samples: [a, b],
      procs: [['chromium renderer 1', 39]],
      loadCpuPct: 12.345,
      delivered: 99_876.4,
    };
    const floor: PhaseMeasure = {
      samples: [],
      procs: [['chromium renderer 2', 30]],
      loadCpuPct: 0,
      delivered: 0,
    };
    const r = shapeResult('boards', 8, measured, floor);
    expect(r.shape).toBe('boards');
    expect(r.ladders).toBe(8);
    expect(r.delivered_level_updates_per_s).toBe(99_876);
    expect(r.tick_to_pixel_newest_p99_ms).toBeCloseTo(99.01, 1);
    expect(r.tick_to_pixel_p99_ms).toBeCloseTo(198.02, 1);
    // 101 intervals, one of 3 vsyncs: 2 dropped of 103.
    expect(r.dropped_frame_pct).toBeCloseTo((2 / 103) * 100, 2);
    expect(r.cpu_per_ladder_vs_floor).toBe(1.3);
    expect(r.replayer_cpu_pct).toBe(12.3);
  });

  it('the JSON line is one array of objects with exactly the issue’s fields, NaN as null', () => {
    const empty: PhaseMeasure = { samples: [samples({})], procs: [], loadCpuPct: NaN, delivered: NaN };
    const line = jsonLine([shapeResult('windows', 8, empty, empty), shapeResult('boards', 8, empty, empty)]);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as Record<string, unknown>[];
    expect(parsed.map((r) => r.shape)).toEqual(['windows', 'boards']);
    for (const r of parsed) expect(Object.keys(r)).toEqual([...SHAPE_FIELDS]);
    expect(parsed[0]!.cpu_per_ladder_vs_floor).toBeNull();
    expect(parsed[0]!.tick_to_pixel_newest_p99_ms).toBeNull();
  });
});
