import { describe, expect, it } from 'vitest';
import { calibrateReplaySpeed, calibrationWindowMs, firstReplaySpeed, nextReplaySpeed } from './replay-pace';

describe('replay pace', () => {
  it('starts at the ratio of the target to what the core received while recording', () => {
    expect(firstReplaySpeed(100_000, 50_000)).toBe(2);
    expect(firstReplaySpeed(100_000, 97_000)).toBe(1.031);
    expect(firstReplaySpeed(100_000, NaN)).toBe(1);
    expect(firstReplaySpeed(100_000, 0)).toBe(1);
    // Within the contract's speeds.
    expect(firstReplaySpeed(100_000, 10)).toBe(100);
    expect(firstReplaySpeed(10, 100_000)).toBe(0.25);
  });

  it('scales the speed by the shortfall, at most doubling or halving it a step', () => {
    expect(nextReplaySpeed(100_000, 1, 80_000)).toBe(1.25);
    expect(nextReplaySpeed(100_000, 2, 0)).toBe(4);
    expect(nextReplaySpeed(100_000, 4.493, 13_184)).toBe(8.986);
    expect(nextReplaySpeed(100_000, 4, 1_000_000)).toBe(2);
    expect(nextReplaySpeed(100_000, 80, 10_000)).toBe(100);
  });

  it('settles once what arrives is within tolerance', async () => {
    const tried: number[] = [];
    // The core receives 40,000/s per unit of speed.
    const r = await calibrateReplaySpeed(100_000, 1, async (s) => {
      tried.push(s);
      return 40_000 * s;
    });
    expect(tried).toEqual([1, 2, 2.5]);
    expect(r).toEqual({ speed: 2.5, received: 100_000, attempts: 3 });
  });

  it('goes back to the previous speed when a faster one delivers less (a saturated machine)', async () => {
    const delivered = new Map([
      [1, 50_000],
      [2, 45_000],
    ]);
    const r = await calibrateReplaySpeed(100_000, 1, async (s) => delivered.get(s)!);
    expect(r).toEqual({ speed: 1, received: 50_000, attempts: 2 });
  });

  it('goes back to the previous speed when the core reported nothing at the next', async () => {
    const r = await calibrateReplaySpeed(100_000, 1, async (s) => (s === 1 ? 30_000 : NaN));
    expect(r).toEqual({ speed: 1, received: 30_000, attempts: 2 });
  });

  it('stops at the fastest speed the contract allows', async () => {
    const r = await calibrateReplaySpeed(100_000, 100, async () => 1_000);
    expect(r).toEqual({ speed: 100, received: 1_000, attempts: 1 });
  });

  it('reads the received rate over one pass of the recording, 3 to 30 s', () => {
    expect(calibrationWindowMs(24_000, 2)).toBe(12_000);
    expect(calibrationWindowMs(24_000, 20)).toBe(3_000);
    expect(calibrationWindowMs(600_000, 1)).toBe(30_000);
    expect(calibrationWindowMs(NaN, 1)).toBe(3_000);
  });
});
