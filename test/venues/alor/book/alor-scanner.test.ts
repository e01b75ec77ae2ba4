import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlorFormat } from '../../../engine/helpers';
import { ALOR_DEF, RefBook, errorsOf, expectSame, alorBook, makeEngine } from '../../../engine/helpers';

const MID = 25_770; // 257.70

function setup() {
  const { engine, events } = makeEngine();
  engine.handle({ type: 'defineMarket', market: ALOR_DEF });
  engine.handle({ type: 'bindStream', venue: 'alor', key: 'g-book', market: 'SBER' });
  engine.handle({ type: 'bindStream', venue: 'alor', key: 'g-trades', market: 'SBER' });
  expect(errorsOf(events)).toEqual([]);
  return { engine, events, book: engine.getBook('alor', 'SBER')! };
}

const side = (lo: number, hi: number) =>
  fc.uniqueArray(fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 100_000 })), {
    selector: (l) => l[0],
    maxLength: 50,
  });

describe('ALOR OrderBookGetAndSubscribe', () => {
  it('every message replaces the book, in all three formats and either key order', () => {
    const msg = fc.record({
      fmt: fc.constantFrom<AlorFormat>('Simple', 'Slim', 'Heavy'),
      bids: side(MID - 500, MID - 1),
      asks: side(MID, MID + 500),
      guidFirst: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(msg, { minLength: 1, maxLength: 10 }), (msgs) => {
        const { engine, events, book } = setup();
        for (const m of msgs) {
          engine.handle({
            type: 'frame',
            venue: 'alor',
            text: alorBook('g-book', m.fmt, m.bids, m.asks, m.guidFirst),
            receivedAt: 0,
          });
          const ref = new RefBook();
          for (const [t, s] of m.bids) ref.bids.set(t, s);
          for (const [t, s] of m.asks) ref.asks.set(t, s);
          expectSame(book, ref);
        }
        expect(events).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('needs a guid binding; acks and unknown guids are rejected with a reason', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'alor',
      text: alorBook('g-other', 'Simple', [[MID - 1, 1]], []),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'alor',
      text: '{"message":"Handled successfully","httpCode":200,"requestGuid":"g-book"}',
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'alor',
      text: alorBook('g-book', 'Simple', [[MID - 1, 1]], []).replace('257.69', '257.695'),
      receivedAt: 0,
    });
    expect(events.map((e) => e.type)).toEqual(['frameRejected', 'frameRejected', 'frameRejected']);
    expect(book.bids.levels).toBe(0);
  });

  it('AllTrades: live prints count into volume, history replays only set the last trade', () => {
    const { engine, book } = setup();
    const t = (px: number, q: number, ts: number, existing: boolean) =>
      JSON.stringify({
        data: {
          id: 1,
          orderno: 0,
          symbol: 'SBER',
          board: 'TQBR',
          qty: q,
          price: px,
          time: '2026-01-01T10:00:00Z',
          timestamp: ts,
          oi: 0,
          existing,
          side: 'buy',
        },
        guid: 'g-trades',
      });
    engine.handle({ type: 'frame', venue: 'alor', text: t(257.5, 10, 1000, true), receivedAt: 0 });
    engine.handle({ type: 'frame', venue: 'alor', text: t(257.7, 3, 2000, false), receivedAt: 0 });
    engine.handle({
      type: 'frame',
      venue: 'alor',
      text: JSON.stringify({
        data: { id: 2, sym: 'SBER', bd: 'TQBR', q: 4, px: 257.71, t: 3000, oi: 0, h: false, s: 'sell' },
        guid: 'g-trades',
      }),
      receivedAt: 0,
    });
    expect(book.lastTradeTick).toBe(25_771);
    expect(book.sessionVolume).toBe(7);
    expect(book.volumeAt.get(25_750)).toBeUndefined();
  });

  it('reads exponent numbers exactly', () => {
    const { engine, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'alor',
      text: '{"data":{"bids":[{"price":2.577E2,"volume":1e1}],"asks":[]},"guid":"g-book"}',
      receivedAt: 0,
    });
    expect(book.bids.get(25_770)).toBe(10);
  });
});
