// A paced ladder view sends its frames only at the slots its window asked for (just before the
// window's animation frames), never two in one slot, and at most at its own maxFps.
import { describe, expect, it } from 'vitest';
import { decodeLadderFrame } from '../../shared/ladder-frame';
import { errorsOf, makeEngine, paxosBook } from './helpers';

const MID = 6_000_000;

function pacedEngine(maxFps: number) {
  const { engine, events } = makeEngine();
  engine.handle({
    type: 'defineMarket',
    market: { venue: 'paxos', market: 'BTCUSD', priceDecimals: 2, sizeDecimals: 8, tickSize: '0.01' },
  });
  let seq = 0;
  const tick = (at: number) =>
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook(seq === 0 ? 'SNAPSHOT' : 'UPDATE', ++seq, [[MID - 1 - (seq % 5), seq]], []),
      receivedAt: at,
    });
  tick(990);
  engine.handle({
    type: 'openView',
    viewId: 1,
    instrument: { venue: 'paxos', market: 'BTCUSD' },
    rows: 11,
    maxFps,
  });
  const sent = () =>
    events.flatMap((e) => (e.type === 'ladderFrame' ? [decodeLadderFrame(e.buffer).sourceTime] : []));
  return { engine, events, tick, sent };
}

describe('paced ladder views', () => {
  it('send at the window’s slots only, one frame per slot, whatever the data rate', () => {
    const { engine, tick, sent } = pacedEngine(60);
    engine.handle({ type: 'paceView', viewId: 1, slotAt: 1000, intervalMs: 16 });
    engine.flush(995);
    expect(sent()).toEqual([990]); // a new view's first frame does not wait for a slot
    tick(996);
    engine.flush(996);
    expect(sent()).toEqual([990]);
    expect(engine.nextDue()).toBe(1000);
    engine.flush(1000);
    expect(sent()).toEqual([990, 996]);
    // Ticks between slots wait for the next slot and go together.
    for (const at of [1003, 1007, 1011]) {
      tick(at);
      engine.flush(at);
    }
    expect(sent()).toEqual([990, 996]);
    expect(engine.nextDue()).toBe(1016);
    engine.flush(1016.4);
    expect(sent()).toEqual([990, 996, 1003]);
    // A flush just inside the slack before a slot may send; the slot itself then sends nothing.
    tick(1030);
    engine.flush(1030.5);
    engine.flush(1032);
    expect(sent()).toEqual([990, 996, 1003, 1030]);
    // Nothing pending: no timer needed.
    expect(engine.nextDue()).toBe(Infinity);
  });

  it('keeps to maxFps by using every n-th slot, and re-pacing moves the slots', () => {
    const { engine, tick, sent } = pacedEngine(30);
    engine.handle({ type: 'paceView', viewId: 1, slotAt: 1000, intervalMs: 16 });
    engine.flush(1000);
    tick(1005);
    engine.flush(1005);
    expect(engine.nextDue()).toBe(1032);
    // The frame already due goes as planned; from then on the new grid (1040 + 33k) holds.
    engine.handle({ type: 'paceView', viewId: 1, slotAt: 1040, intervalMs: 16.5 });
    engine.flush(1032);
    expect(sent()).toEqual([990, 1005]);
    tick(1033);
    engine.flush(1033);
    expect(engine.nextDue()).toBe(1040);
    engine.flush(1040);
    tick(1041);
    engine.flush(1041);
    expect(engine.nextDue()).toBe(1073);
    expect(sent()).toEqual([990, 1005, 1033]);
  });

  it('keeps sending when a window names a slot far away: the grid is the same', () => {
    const { engine, tick, sent } = pacedEngine(60);
    engine.flush(1000);
    engine.handle({ type: 'paceView', viewId: 1, slotAt: 1_000_000_008, intervalMs: 16 });
    tick(1010);
    engine.flush(1020);
    expect(sent()).toEqual([990, 1010]);
    // 1_000_000_008 is on the grid 8 + 16k, so the next slot after 1020 (+ slack) is 1032.
    expect(engine.nextDue()).toBe(Infinity);
    tick(1021);
    engine.flush(1021);
    expect(engine.nextDue()).toBe(1032);
  });

  it('refuses a pace for a view that is not open, like any other view command', () => {
    const { engine, events } = pacedEngine(60);
    engine.handle({ type: 'paceView', viewId: 9, slotAt: 1000, intervalMs: 16 });
    expect(errorsOf(events)).toHaveLength(1);
  });
});
