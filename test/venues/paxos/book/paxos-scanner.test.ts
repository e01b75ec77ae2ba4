import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PAXOS_DEF,
  RefBook,
  errorsOf,
  expectSame,
  makeEngine,
  paxosBook,
  paxosTrade,
} from '../../../engine/helpers';

const MID = 6_000_000; // 60,000.00 in 0.01 ticks
const bidTick = fc.integer({ min: MID - 300, max: MID - 1 });
const askTick = fc.integer({ min: MID + 1, max: MID + 300 });
const size = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5e9 }));
const levels = (tick: fc.Arbitrary<number>) => fc.array(fc.tuple(tick, size), { maxLength: 8 });
const frame = fc.record({
  dt: fc.integer({ min: -2_000_000, max: 2_000_000 }),
  bids: levels(bidTick),
  asks: levels(askTick),
});

function setup() {
  const { engine, events } = makeEngine();
  engine.handle({ type: 'defineMarket', market: PAXOS_DEF });
  expect(errorsOf(events)).toEqual([]);
  return { engine, events, book: engine.getBook('paxos', 'BTCUSD')! };
}

describe('Paxos market_data', () => {
  it('buffers UPDATEs until the SNAPSHOT, drops those not newer, then applies in arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(frame, { maxLength: 6 }),
        fc.record({ bids: levels(bidTick), asks: levels(askTick) }),
        fc.array(frame, { maxLength: 25 }),
        (before, snap, after) => {
          const { engine, book } = setup();
          const ref = new RefBook();
          const T = 1_000_000_000_000;
          for (const f of before)
            engine.handle({
              type: 'frame',
              venue: 'paxos',
              text: paxosBook('UPDATE', T + f.dt, f.bids, f.asks),
              receivedAt: 1,
            });
          engine.handle({
            type: 'frame',
            venue: 'paxos',
            text: paxosBook('SNAPSHOT', T, snap.bids, snap.asks),
            receivedAt: 2,
          });
          for (const [t, s] of snap.bids) ref.set(true, t, s);
          for (const [t, s] of snap.asks) ref.set(false, t, s);
          // Buffered ones apply only when strictly newer than the snapshot time.
          for (const f of [...before, ...after]) {
            if (f.dt <= 0) continue;
            for (const [t, s] of f.bids) ref.set(true, t, s);
            for (const [t, s] of f.asks) ref.set(false, t, s);
          }
          for (const f of after)
            engine.handle({
              type: 'frame',
              venue: 'paxos',
              text: paxosBook('UPDATE', T + f.dt, f.bids, f.asks),
              receivedAt: 3,
            });
          expectSame(book, ref);
          expect(book.state).toBe('live');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('compares times at nanosecond precision', () => {
    const { engine, book } = setup();
    const T = 5_000_000_000_123;
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', T, [[MID - 1, 1]], []),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', T + 1, [[MID - 2, 1]], []),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', T, [], [[MID + 1, 3]]),
      receivedAt: 0,
    });
    expect(book.bids.get(MID - 1)).toBe(0);
    expect(book.bids.get(MID - 2)).toBe(1);
    expect(book.stats.discarded).toBe(1);
  });

  it('reads levels and payload members in any key order and with whitespace', () => {
    const { engine, book } = setup();
    const text = ` { "payload" : { "asks" : [ { "amount" : "2.5" , "price" : "60000.01" } ] , "bids":[{"price":"59999.99","amount":"1","extra":[1,{"x":null}]}],
      "time":"2026-01-01T00:00:01.5+01:00", "type":"SNAPSHOT", "market":"BTCUSD" } , "channel" : "market_data" } `;
    engine.handle({ type: 'frame', venue: 'paxos', text, receivedAt: 0 });
    expect(book.asks.get(MID + 1)).toBe(250_000_000);
    expect(book.bids.get(MID - 1)).toBe(100_000_000);
  });

  it('crossed book (aggregated across venues) → shown and marked crossed, never resynced', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 10, [[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook(
        'UPDATE',
        11,
        [
          [MID - 2, 7],
          [MID + 1, 1],
        ],
        [],
      ),
      receivedAt: 0,
    });
    // One venue's bid above another's ask is a real state of the SOR book (paxos.md §8).
    expect(book.state).toBe('live');
    expect(book.crossed).toBe(true);
    expect(book.stats.crossed).toBe(true);
    expect(book.bids.get(MID + 1)).toBe(1);
    expect(events.filter((e) => e.type === 'resync' || e.type === 'frameRejected')).toEqual([]);
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 12, [[MID + 1, 0]], []),
      receivedAt: 0,
    });
    expect(book.crossed).toBe(false);
    engine.handle({ type: 'resetBook', venue: 'paxos', market: 'BTCUSD' });
    expect(book.crossed).toBe(false);
  });

  it('a refused frame → rolled back, stale, one resync event, until resetBook', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 10, [[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 11, [[MID - 2, 7]], []).replace('"price":"', '"price":"x'),
      receivedAt: 0,
    });
    expect(book.state).toBe('stale');
    expect(book.bids.get(MID - 2)).toBe(0);
    expect(events.filter((e) => e.type === 'resync')).toHaveLength(1);
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 12, [[MID - 3, 7]], []),
      receivedAt: 0,
    });
    expect(events.filter((e) => e.type === 'resync')).toHaveLength(1);
    engine.handle({ type: 'resetBook', venue: 'paxos', market: 'BTCUSD' });
    expect(book.state).toBe('awaiting');
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 20, [[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    expect(book.state).toBe('live');
  });

  it('rejects malformed frames without touching the book (and resyncs a live book)', () => {
    const good = paxosBook(
      'UPDATE',
      50,
      [
        [MID - 5, 9],
        [MID - 6, 0],
      ],
      [[MID + 4, 3]],
    );
    const bad = [
      good.slice(0, -1),
      good.replace('"59999.95"', '"59999.955"'), // off tick / too many decimals
      good.replace('"0.00000009"', '"-1"'),
      good.replace('"UPDATE"', '"DELTA"'),
      good.replace('"BTCUSD"', '"ETHUSD"'),
      good + 'x',
      good.replace('"amount":"0.00000003"', '"amount":"0.00000003","amount":"1"'),
      good.replace('"price":"60000.04",', ''),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...bad),
        fc.nat(good.length),
        fc.constantFrom(...'{}[]",:0123456789.-xe \\'),
        (variant, cut, ch) => {
          const { engine, events, book } = setup();
          engine.handle({
            type: 'frame',
            venue: 'paxos',
            text: paxosBook('SNAPSHOT', 10, [[MID - 1, 5]], [[MID + 1, 5]]),
            receivedAt: 0,
          });
          for (const text of [variant, good.slice(0, cut) + ch + good.slice(cut + 1)]) {
            let valid = true;
            try {
              JSON.parse(text);
            } catch {
              valid = false;
            }
            if (valid && text !== variant) continue; // a mutation that happens to stay valid JSON
            const beforeB = book.bids.get(MID - 1);
            events.length = 0;
            engine.handle({ type: 'frame', venue: 'paxos', text, receivedAt: 0 });
            expect(events.some((e) => e.type === 'frameRejected')).toBe(true);
            expect(book.bids.get(MID - 5)).toBe(0);
            expect(book.bids.get(MID - 1)).toBe(beforeB);
            expect(book.asks.get(MID + 4)).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a rejected UPDATE for a live book requests a resync (an update was lost)', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('SNAPSHOT', 10, [[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 11, [[MID - 2, 5]], []).slice(0, -1),
      receivedAt: 0,
    });
    expect(book.state).toBe('stale');
    expect(events.filter((e) => e.type === 'resync')).toHaveLength(1);
    expect(book.stats.rejects).toBe(1);
  });

  it('execution_data feeds last trade (latest executed_at) and volume', () => {
    const { engine, book } = setup();
    engine.handle({ type: 'frame', venue: 'paxos', text: paxosTrade(MID, 5, 2_000), receivedAt: 0 });
    engine.handle({ type: 'frame', venue: 'paxos', text: paxosTrade(MID + 3, 7, 1_000), receivedAt: 0 });
    expect(book.lastTradeTick).toBe(MID);
    expect(book.sessionVolume).toBe(12);
    expect(book.volumeAt.get(MID + 3)).toBe(7);
  });
});
