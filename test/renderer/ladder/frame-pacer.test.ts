import { describe, expect, it } from 'vitest';
import { FramePacer, type PaceReport, type PacerClock } from '../../../renderer/src/ladder/frame-pacer';

/** A clock whose animation frames come every `interval` ms from `start`, run by hand. */
function fakeClock(interval = 16) {
  let now = 5_000;
  const queue: ((t: number) => void)[] = [];
  const clock: PacerClock = {
    now: () => now,
    fromFrameTime: (t) => t,
    requestAnimationFrame: (cb) => void queue.push(cb),
  };
  return {
    clock,
    /** Advances to the next frame boundary (optionally skipping frames) and runs the callbacks. */
    frame(skip = 0) {
      now = (Math.floor(now / interval) + 1 + skip) * interval;
      for (const cb of queue.splice(0)) cb(now);
    },
    at(t: number) {
      now = t;
    },
    get now() {
      return now;
    },
  };
}

describe('FramePacer', () => {
  it('samples animation frames once a frame arrives and reports a slot one lead before the next', () => {
    const c = fakeClock(16);
    const reports: PaceReport[] = [];
    const pacer = new FramePacer(c.clock, (r) => reports.push(r));
    pacer.arrived();
    for (let i = 0; i < 9; i++) c.frame(i === 4 ? 1 : 0); // one dropped frame does not fool it
    expect(reports).toEqual([{ intervalMs: 16, slotAt: c.now + 16 - 6 }]);
  });

  it('sets the lead from measured transit: the 90th percentile plus a millisecond', () => {
    const c = fakeClock(16);
    const reports: PaceReport[] = [];
    const pacer = new FramePacer(c.clock, (r) => reports.push(r));
    pacer.arrived();
    for (let i = 0; i < 9; i++) c.frame();
    const slot = reports[0]!.slotAt;
    // 100 frames: 88 arrive 3 ms after their slot, 12 arrive 9 ms after; two come 1 ms early.
    for (let k = 0; k < 100; k++) {
      c.at(slot + k * 16 + (k % 8 === 7 ? 9 : 3));
      pacer.arrived();
    }
    c.at(slot + 100 * 16 - 1);
    pacer.arrived();
    c.at(slot + 101 * 16 - 1);
    pacer.arrived();
    expect(pacer.nextLead()).toBe(10);
    c.at(slot + 200 * 16);
    pacer.arrived(); // more than 2 s since the last report: sample again
    for (let i = 0; i < 9; i++) c.frame();
    expect(reports).toHaveLength(2);
    expect(reports[1]!.slotAt).toBe(c.now + 16 - 10);
  });

  it('follows slow transit up to nearly a whole interval', () => {
    const c = fakeClock(16);
    const pacer = new FramePacer(c.clock, () => {});
    pacer.arrived();
    for (let i = 0; i < 9; i++) c.frame();
    const base = c.now + 16 - 6;
    for (let k = 0; k < 60; k++) {
      c.at(base + k * 16 + 12.5);
      pacer.arrived();
    }
    expect(pacer.nextLead()).toBe(13.5);
    // Later than interval − 3 ms reads as a frame sent early for the next slot, not as transit.
    for (let k = 60; k < 400; k++) {
      c.at(base + k * 16 + 14);
      pacer.arrived();
    }
    expect(pacer.nextLead()).toBe(2);
  });

  it('starts over after reset() and stays quiet after stop()', () => {
    const c = fakeClock(16);
    const reports: PaceReport[] = [];
    const pacer = new FramePacer(c.clock, (r) => reports.push(r));
    pacer.arrived();
    for (let i = 0; i < 9; i++) c.frame();
    pacer.reset();
    pacer.arrived(); // a new view: sampled at once, not two seconds later
    for (let i = 0; i < 9; i++) c.frame();
    expect(reports).toHaveLength(2);
    pacer.reset();
    pacer.arrived();
    pacer.stop();
    for (let i = 0; i < 9; i++) c.frame();
    expect(reports).toHaveLength(2);
  });
});
