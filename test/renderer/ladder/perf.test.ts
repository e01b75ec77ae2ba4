import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as PerfModuleNs from '../../../renderer/src/ladder/perf';
import { frameBuffer } from '../support/frames';

type PerfModule = typeof PerfModuleNs;

function fakeWindow(search: string) {
  const callbacks: FrameRequestCallback[] = [];
  const win = {
    location: { search },
    requestAnimationFrame: (cb: FrameRequestCallback) => callbacks.push(cb),
  } as unknown as Window & { __crossbookPerf?: { take(): Record<string, unknown> } };
  const vsync = (t: number) => callbacks.splice(0).forEach((cb) => cb(t));
  return { win, vsync };
}

describe('ladder perf probes', () => {
  let perf: PerfModule;
  beforeEach(async () => {
    vi.resetModules();
    perf = await import('../../../renderer/src/ladder/perf');
  });

  it('are off without perf=1: no probe, no global, no animation frame loop', () => {
    const { win } = fakeWindow('?window=ladder&instrument=BTC-USD');
    const raf = vi.spyOn(win, 'requestAnimationFrame');
    expect(perf.ladderProbe(win)).toBeNull();
    expect('__crossbookPerf' in win).toBe(false);
    expect(raf).not.toHaveBeenCalled();
  });

  it('with perf=1 record tick-to-pixel from the oldest unpainted frame, and frame times', () => {
    const { win, vsync } = fakeWindow('?window=ladder&perf=1');
    const probe = perf.ladderProbe(win)!;
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_100);
    probe.received(frameBuffer({ sourceTime: 1_000_000 }));
    probe.received(frameBuffer({ sourceTime: 1_000_050, newestTime: 1_000_090 })); // replaces the first before any paint
    probe.received(frameBuffer()); // no venue data (NaN): counted, no latency sample
    now.mockReturnValue(1_000_120);
    probe.painted(performance.now(), 40);
    probe.painted(performance.now(), 1); // a repaint (hover) shows no new tick
    vsync(0);
    vsync(16.7);
    vsync(50);
    const api = win.__crossbookPerf!;
    expect(() => ((api as unknown as { take: null }).take = null)).toThrow();
    const s = api.take();
    expect(s.tickToPixelMs).toEqual([120]);
    expect(s.freshestMs).toEqual([30]);
    expect(s.arrivalMs).toEqual([100, 50]);
    expect(s.framesReceived).toBe(3);
    expect(s.paints).toBe(2);
    expect(s.segmentsPainted).toBe(41);
    expect(s.frameTimesMs).toEqual([16.7, 50 - 16.7]);
    expect(api.take().paints).toBe(0); // take() resets
    now.mockRestore();
  });
});
