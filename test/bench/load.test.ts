import { describe, expect, it } from 'vitest';
import { MAX_GENERATED, MAX_LOAD_ATTEMPTS, calibrateLoad, nextGeneratedRate } from './load';

describe('benchmark load calibration', () => {
  it('scales the generator rate by the shortfall, within [target, MAX_GENERATED]', () => {
    expect(nextGeneratedRate(100_000, 200_000, 80_000)).toBe(250_000);
    expect(nextGeneratedRate(100_000, 200_000, 400_000)).toBe(100_000);
    expect(nextGeneratedRate(100_000, 200_000, 0)).toBe(400_000);
    expect(nextGeneratedRate(100_000, 900_000, 50_000)).toBe(MAX_GENERATED);
  });

  it('retries until what arrives is the target, discarding every other trial', async () => {
    // A wire that carries 40 % of what is generated.
    const tried: number[] = [];
    const discarded: number[] = [];
    const load = await calibrateLoad(
      100_000,
      async (g) => {
        tried.push(g);
        return { received: g * 0.4, running: g };
      },
      async (r) => {
        discarded.push(r);
      },
    );
    expect(tried).toEqual([200_000, 250_000]);
    expect(discarded).toEqual([200_000]);
    expect(load).toEqual({ running: 250_000, generated: 250_000, received: 100_000, attempts: 2 });
  });

  it('stops after the last attempt or at the ceiling and reports what arrived', async () => {
    const starved = await calibrateLoad(
      100_000,
      async (g) => ({ received: Math.min(30_000, g * 0.4), running: g }),
      async () => {},
    );
    expect(starved.received).toBe(30_000);
    expect(starved.attempts).toBeLessThanOrEqual(MAX_LOAD_ATTEMPTS);
    expect(starved.generated).toBe(MAX_GENERATED);
    // Past saturation, generating more delivers less: it stops at the first fall.
    const tried: number[] = [];
    const collapsed = await calibrateLoad(
      100_000,
      async (g) => {
        tried.push(g);
        return { received: g === 200_000 ? 70_000 : 40_000, running: g };
      },
      async () => {},
    );
    expect(tried).toEqual([200_000, 285_714]);
    expect(collapsed.received).toBe(40_000);
    await expect(
      calibrateLoad(
        -1,
        async () => ({ received: 0, running: 0 }),
        async () => {},
      ),
    ).rejects.toThrow(/load target/);
  });
});
