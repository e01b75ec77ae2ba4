// A Finery book hit by fault after fault is rebound well within the 20 s the soak allows: the
// backoff is capped low, and a resync waiting for its slot is not forgotten when updates arrive
// (the soak, seed 20240611, found a book stale for good after back-to-back malformed frames).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetryGate } from '../../../../electron/venues/common/retry-limit';
import { BOOK_REBIND_BACKOFF } from '../../../../electron/venues/finery/adapter/finery-adapter';
import { connectAndSubscribe, startRig, type Rig } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

describe('Finery book rebind backoff', () => {
  it('after 50 back-to-back faults on one book the next rebind comes within 5 s', () => {
    vi.useFakeTimers();
    const gate = new RetryGate(BOOK_REBIND_BACKOFF, () => Date.now());
    let rebinds = 0;
    // Each fault arrives as soon as the previous rebind ran (a snapshot, then a bad frame at once).
    for (let i = 0; i < 50; i++) {
      const before = rebinds;
      gate.request('F:BTC-USD', () => rebinds++);
      vi.advanceTimersByTime(5_000);
      expect(rebinds, `fault ${i + 1}`).toBe(before + 1);
    }
    const faultAt = Date.now();
    let ranAt = 0;
    gate.request('F:BTC-USD', () => (ranAt = Date.now()));
    vi.advanceTimersByTime(20_000);
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt - faultAt).toBeLessThanOrEqual(5_000);
    gate.clear();
  });
});

describe('Finery book resync waiting for its slot', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('a bad frame right after a rebind is resynced even while updates keep flowing', async () => {
    rig = await startRig();
    const r = rig;
    await connectAndSubscribe(r, ['BTC-USD']);
    const live = () => r.adapter.currentStatus().state === 'live';
    r.sim.faults.sendMalformed(1);
    await r.until(() => r.adapter.stats().resyncs >= 1 && live(), 'first resync done');
    // A second bad frame at once: its rebind waits for the book's backoff slot...
    const malformed = r.adapter.stats().malformed;
    r.sim.faults.sendMalformed(1);
    await r.until(() => r.adapter.stats().malformed > malformed, 'second bad frame seen');
    expect(r.adapter.currentStatus().state).toBe('stale');
    // ...and updates that arrive meanwhile must not cancel it.
    r.gen.step(20);
    await r.until(() => r.adapter.stats().resyncs >= 2 && live(), 'resynced and live again', 3000);
  });
});
