// Honest market state in the engine: a venue whose feed is stale or down never shows its last book
// as live, a consolidated view leaves it out and says so in the frame, and a profile switch
// (clearBooks) discards every book before the new profile's first frame.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import type { EngineEvent } from '../../electron/engine/protocol';
import { decodeLadderFrame, type LadderFrame } from '../../shared/ladder-frame';
import { errorsOf, levelsOf, makeEngine, paxosBook } from './helpers';

const MID = 6_000_000;

function twoVenueBtc(): { engine: Engine; events: EngineEvent[] } {
  const made = makeEngine();
  const { engine } = made;
  engine.handle({
    type: 'defineMarket',
    market: {
      venue: 'paxos',
      market: 'BTCUSD',
      canonical: 'BTC-USD',
      priceDecimals: 2,
      sizeDecimals: 8,
      tickSize: '0.01',
    },
  });
  engine.handle({
    type: 'defineMarket',
    market: {
      venue: 'finery',
      market: 'BTC-USD',
      canonical: 'BTC-USD',
      priceDecimals: 2,
      sizeDecimals: 8,
      tickSize: '0.01',
    },
  });
  engine.handle({
    type: 'frame',
    venue: 'paxos',
    text: paxosBook('SNAPSHOT', 1, [[MID - 5, 100_000_000]], [[MID + 5, 200_000_000]]),
    receivedAt: 1,
  });
  engine.handle({
    type: 'frame',
    venue: 'finery',
    text: JSON.stringify(['F', 'BTC-USD', 'S', [[[5999990000000, 300000000]], [[6000010000000, 400000000]]]]),
    receivedAt: 1,
  });
  return made;
}

function lastFrame(events: EngineEvent[], viewId: number): LadderFrame {
  const frames = events.filter(
    (e): e is Extract<EngineEvent, { type: 'ladderFrame' }> =>
      e.type === 'ladderFrame' && e.viewId === viewId,
  );
  expect(frames.length).toBeGreaterThan(0);
  return decodeLadderFrame(frames.at(-1)!.buffer);
}

const sum = (col: Float64Array): number => col.reduce((a, b) => a + b, 0);
let clock = 0;
const flush = (engine: Engine): void => engine.flush((clock += 1000));

describe('venue feed state in the engine', () => {
  it('a consolidated view shows both venues while live, leaves a stale one out and says so', () => {
    const { engine, events } = twoVenueBtc();
    engine.handle({ type: 'openView', viewId: 7, instrument: { canonical: 'BTC-USD' }, rows: 40 });
    flush(engine);
    let f = lastFrame(events, 7);
    expect(f.venues).toEqual(['paxos', 'finery']);
    expect(sum(f.bid)).toBe(400_000_000);
    expect(f.staleMask).toBe(0);
    expect(f.downMask).toBe(0);

    engine.handle({ type: 'venueFeed', venue: 'finery', state: 'stale' });
    flush(engine);
    f = lastFrame(events, 7);
    expect(f.staleMask).toBe(0b10);
    expect(f.downMask).toBe(0);
    expect(sum(f.bid)).toBe(100_000_000);
    expect(sum(f.ask)).toBe(200_000_000);
    expect(sum(f.venueBid[1]!)).toBe(0);
    // The best prices are paxos's alone now.
    expect(f.bestBid).toBe(MID - 5);
    expect(f.bestAsk).toBe(MID + 5);
    // Stale keeps the book (the feed may recover); live again shows it again.
    expect(levelsOf(engine.getBook('finery', 'BTC-USD')!, true)).toHaveLength(1);
    engine.handle({ type: 'venueFeed', venue: 'finery', state: 'live' });
    flush(engine);
    expect(sum(lastFrame(events, 7).bid)).toBe(400_000_000);
    expect(errorsOf(events)).toEqual([]);
  });

  it('a down venue is cleared, marked down, and out of the router’s depth', () => {
    const { engine, events } = twoVenueBtc();
    engine.handle({ type: 'openView', viewId: 1, instrument: { canonical: 'BTC-USD' }, rows: 40 });
    engine.handle({
      type: 'openView',
      viewId: 2,
      instrument: { venue: 'paxos', market: 'BTCUSD' },
      rows: 40,
    });
    flush(engine);
    engine.handle({ type: 'venueFeed', venue: 'paxos', state: 'down' });
    flush(engine);
    const consolidated = lastFrame(events, 1);
    expect(consolidated.downMask).toBe(0b01);
    expect(sum(consolidated.bid)).toBe(300_000_000);
    const single = lastFrame(events, 2);
    expect(single.downMask).toBe(1);
    expect(sum(single.bid) + sum(single.ask)).toBe(0);
    expect(single.bestBid).toBeNaN();
    expect(levelsOf(engine.getBook('paxos', 'BTCUSD')!, true)).toEqual([]);
    engine.handle({ type: 'depth', requestId: 3, canonical: 'BTC-USD', side: 'bid', maxLevels: 5 });
    expect(events.at(-1)).toMatchObject({
      type: 'depth',
      levels: [{ price: '59999.9', perVenue: [{ venue: 'finery' }] }],
    });
  });

  it('a stale venue is out of the router’s depth too', () => {
    const { engine, events } = twoVenueBtc();
    engine.handle({ type: 'venueFeed', venue: 'finery', state: 'stale' });
    engine.handle({ type: 'depth', requestId: 1, canonical: 'BTC-USD', side: 'ask', maxLevels: 5 });
    expect(events.at(-1)).toMatchObject({ levels: [{ price: '60000.05', perVenue: [{ venue: 'paxos' }] }] });
  });

  it('clearBooks (profile switch) empties every book and own order before new data', () => {
    const { engine, events } = twoVenueBtc();
    engine.handle({
      type: 'ownOrders',
      venue: 'paxos',
      market: 'BTCUSD',
      orders: [{ price: '59999.95', side: 'buy', remaining: '1' }],
    });
    engine.handle({ type: 'openView', viewId: 4, instrument: { canonical: 'BTC-USD' }, rows: 40 });
    flush(engine);
    expect(sum(lastFrame(events, 4).ownBid)).toBe(100_000_000);
    engine.handle({ type: 'clearBooks' });
    flush(engine);
    const f = lastFrame(events, 4);
    expect(sum(f.bid) + sum(f.ask) + sum(f.ownBid)).toBe(0);
    for (const [venue, market] of [
      ['paxos', 'BTCUSD'],
      ['finery', 'BTC-USD'],
    ] as const) {
      const book = engine.getBook(venue, market)!;
      expect(levelsOf(book, true)).toEqual([]);
      expect(levelsOf(book, false)).toEqual([]);
      expect(book.state).toBe('awaiting');
    }
    expect(errorsOf(events)).toEqual([]);
  });

  it('book stats carry the size resting at the best bid and ask as decimals', () => {
    const { engine } = twoVenueBtc();
    const stats = engine.getBook('finery', 'BTC-USD')!.snapshotStats();
    expect([stats.bestBid, stats.bestBidSize, stats.bestAsk, stats.bestAskSize]).toEqual([
      '59999.9',
      '3',
      '60000.1',
      '4',
    ]);
    engine.handle({ type: 'clearBooks' });
    const empty = engine.getBook('finery', 'BTC-USD')!.snapshotStats();
    expect([empty.bestBidSize, empty.bestAskSize]).toEqual([null, null]);
  });

  it('refuses a feed state it does not know', () => {
    const { engine, events } = makeEngine();
    engine.handle({ type: 'venueFeed', venue: 'paxos', state: 'green' });
    expect(errorsOf(events)).toHaveLength(1);
  });
});
