import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { PingClock, RoundTripEstimate, RTT_ALPHA } from '../../../electron/venues/common/rtt';

/** Just enough of a ws socket: pings are recorded, pongs are emitted by the test. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly pings: Buffer[] = [];
  ping(data: Buffer): void {
    this.pings.push(data);
  }
}

describe('round-trip estimate', () => {
  it('starts undefined, takes the first sample as is, then smooths with RTT_ALPHA', () => {
    const e = new RoundTripEstimate();
    expect(e.ms).toBeUndefined();
    e.add(Number.NaN);
    e.add(-1);
    expect(e.ms).toBeUndefined();
    e.add(10);
    expect(e.ms).toBe(10);
    e.add(30);
    expect(e.ms).toBeCloseTo(10 + RTT_ALPHA * 20);
    e.reset();
    expect(e.ms).toBeUndefined();
  });

  it('pairs each pong with its own ping by the echoed sequence number', () => {
    const ws = new FakeSocket();
    const samples: number[] = [];
    const clock = new PingClock(ws as unknown as WebSocket, (ms) => samples.push(ms));
    ws.emit('pong', Buffer.alloc(0)); // unsolicited: nothing outstanding
    clock.ping();
    clock.ping();
    expect(ws.pings.map((p) => p.readUInt32BE(0))).toEqual([1, 2]);
    ws.emit('pong', Buffer.from('junk'));
    expect(samples).toEqual([]);
    // The peer answered only the newest ping; the older one is forgotten, not paired later.
    ws.emit('pong', ws.pings[1]);
    ws.emit('pong', ws.pings[0]);
    ws.emit('pong', ws.pings[1]);
    expect(samples).toHaveLength(1);
    expect(samples[0]).toBeGreaterThanOrEqual(0);
    ws.readyState = 3;
    clock.ping();
    expect(ws.pings).toHaveLength(2);
  });
});
