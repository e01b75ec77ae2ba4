// A venue whose own book may cross (Paxos's aggregated book, ALOR's auction book) is shown as it
// is, and the ladder frame says so per venue: crossed (best bid above best ask) or locked (equal),
// for as long as it lasts and only while its feed is live (a left-out book marks nothing).
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import type { EngineEvent } from '../../electron/engine/protocol';
import { decodeLadderFrame, type LadderFrame } from '../../shared/ladder-frame';
import { errorsOf, makeEngine, paxosBook } from './helpers';

const MID = 6_000_000;
const BTC = 100_000_000;

function lastFrame(events: EngineEvent[], viewId: number): LadderFrame {
  const frames = events.filter(
    (e): e is Extract<EngineEvent, { type: 'ladderFrame' }> =>
      e.type === 'ladderFrame' && e.viewId === viewId,
  );
  expect(frames.length).toBeGreaterThan(0);
  return decodeLadderFrame(frames.at(-1)!.buffer);
}

let clock = 0;
const flush = (engine: Engine): void => engine.flush((clock += 1000));

function paxosAndFinery(): { engine: Engine; events: EngineEvent[] } {
  const made = makeEngine();
  for (const [venue, market] of [
    ['paxos', 'BTCUSD'],
    ['finery', 'BTC-USD'],
  ] as const)
    made.engine.handle({
      type: 'defineMarket',
      market: { venue, market, canonical: 'BTC-USD', priceDecimals: 2, sizeDecimals: 8, tickSize: '0.01' },
    });
  made.engine.handle({
    type: 'frame',
    venue: 'finery',
    text: JSON.stringify(['F', 'BTC-USD', 'S', [[[5999900000000, 300000000]], [[6000100000000, 400000000]]]]),
    receivedAt: 1,
  });
  return made;
}

describe('crossed and locked books in the ladder frame', () => {
  it('marks the venue whose own book is crossed or locked, while it lasts', () => {
    const { engine, events } = paxosAndFinery();
    let ns = 1;
    const paxos = (bid: number, ask: number) =>
      engine.handle({
        type: 'frame',
        venue: 'paxos',
        text: paxosBook('SNAPSHOT', ns++, [[bid, BTC]], [[ask, BTC]]),
        receivedAt: clock,
      });
    engine.handle({ type: 'openView', viewId: 1, instrument: { canonical: 'BTC-USD' }, rows: 40 });
    engine.handle({
      type: 'openView',
      viewId: 2,
      instrument: { venue: 'paxos', market: 'BTCUSD' },
      rows: 40,
    });

    paxos(MID + 3, MID - 3);
    flush(engine);
    expect(errorsOf(events)).toEqual([]);
    let f = lastFrame(events, 1);
    expect(f.venues).toEqual(['paxos', 'finery']);
    expect(f.crossedMask).toBe(0b01);
    expect(f.lockedMask).toBe(0);
    // Shown as it is: both crossed levels are in the frame.
    expect(f.bestBid).toBe(MID + 3);
    expect(f.bestAsk).toBe(MID - 3);
    expect(lastFrame(events, 2).crossedMask).toBe(0b1);

    paxos(MID, MID);
    flush(engine);
    f = lastFrame(events, 1);
    expect(f.crossedMask).toBe(0);
    expect(f.lockedMask).toBe(0b01);

    paxos(MID - 1, MID + 1);
    flush(engine);
    f = lastFrame(events, 1);
    expect(f.crossedMask).toBe(0);
    expect(f.lockedMask).toBe(0);
  });

  it('marks nothing for a crossed book whose feed is not live (its levels are left out)', () => {
    const { engine, events } = paxosAndFinery();
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 1, [[MID + 3, BTC]], [[MID - 3, BTC]]),
      receivedAt: 1,
    });
    engine.handle({ type: 'openView', viewId: 1, instrument: { canonical: 'BTC-USD' }, rows: 40 });
    flush(engine);
    expect(lastFrame(events, 1).crossedMask).toBe(0b01);
    engine.handle({ type: 'venueFeed', venue: 'paxos', state: 'stale' });
    flush(engine);
    const f = lastFrame(events, 1);
    expect(f.staleMask).toBe(0b01);
    expect(f.crossedMask).toBe(0);
  });
});
