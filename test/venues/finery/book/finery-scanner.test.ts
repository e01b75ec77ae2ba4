import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FineryAction } from '../../../engine/helpers';
import {
  FINERY_DEF,
  RefBook,
  errorsOf,
  expectSame,
  fineryUpdate,
  finerySnapshot,
  makeEngine,
} from '../../../engine/helpers';

const MID = 6_000_000;

function setup(feedId?: string) {
  const { engine, events } = makeEngine();
  engine.handle({ type: 'defineMarket', market: FINERY_DEF });
  if (feedId) engine.handle({ type: 'bindStream', venue: 'finery', key: feedId, market: 'BTC-USD' });
  expect(errorsOf(events)).toEqual([]);
  return { engine, events, book: engine.getBook('finery', 'BTC-USD')! };
}

/** Turns random numbers into a valid action for the reference's current state and applies it there. */
function action(ref: RefBook, isBid: boolean, r: number, r2: number): FineryAction {
  const side = ref.side(isBid);
  const ticks = ref.sorted(isBid).map(([t]) => t);
  const fresh = () => {
    for (let k = 0; k < 50; k++) {
      const t = isBid ? MID - 1 - ((r2 + k * 7) % 60) : MID + 1 + ((r2 + k * 7) % 60);
      if (!side.has(t)) return t;
    }
    return NaN;
  };
  const size = 1 + (r2 % 1_000_000) * 100;
  const kind = r % 10;
  if (kind < 3 && side.size < 25) {
    const t = fresh();
    if (t === t) {
      side.set(t, size);
      return ['+', t, size];
    }
  }
  if (ticks.length > 0 && kind < 6) {
    const t = ticks[r2 % ticks.length]!;
    side.set(t, size);
    return ['M', t, size];
  }
  if (ticks.length > 0 && kind < 8) {
    const t = ticks[r2 % ticks.length]!;
    side.delete(t);
    return ['-', t, 0];
  }
  if (kind === 8 && ticks.length > 0) {
    const t = ticks[r2 % ticks.length]!;
    for (const x of ticks) if (isBid ? x > t : x < t) side.delete(x);
    side.set(t, size);
    return ['~', t, size];
  }
  if (kind === 9) {
    side.clear();
    return r2 % 2 ? ['~'] : ['~', 0, 0];
  }
  const t = fresh();
  if (t !== t || side.size >= 25) return action(ref, isBid, 5, r2 + 1);
  side.set(t, size);
  return ['+', t, size];
}

describe('Finery book feeds', () => {
  it('S then + M - ~ actions match the reference', () => {
    const step = fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(fc.nat(100), { maxLength: 25 }),
        fc.array(step, { maxLength: 40 }),
        (seed, steps) => {
          const { engine, events, book } = setup();
          const ref = new RefBook();
          for (const d of seed) {
            ref.bids.set(MID - 1 - d, d + 1);
            ref.asks.set(MID + 1 + d, d + 2);
          }
          engine.handle({
            type: 'frame',
            venue: 'finery',
            text: finerySnapshot(ref.sorted(true), ref.sorted(false)),
            receivedAt: 0,
          });
          for (const s of steps) {
            const bids: FineryAction[] = [];
            const asks: FineryAction[] = [];
            for (const [isBid, r, r2] of s) (isBid ? bids : asks).push(action(ref, isBid, r, r2));
            engine.handle({ type: 'frame', venue: 'finery', text: fineryUpdate(bids, asks), receivedAt: 0 });
            expectSame(book, ref);
          }
          expect(events.filter((e) => e.type !== 'ladderFrame')).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('routes by bound feedId (numeric) and treats every S as a replacement (feed B snapshots)', () => {
    const { engine, book } = setup('17');
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 1, 5]], [[MID + 1, 5]], 17),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 2, 6]], [], 17).replace('"F"', '"B"'),
      receivedAt: 0,
    });
    const ref = new RefBook();
    ref.bids.set(MID - 2, 6);
    expectSame(book, ref);
  });

  it('a feed-qualified binding ("B:<feedId>") routes feed B to its own book', () => {
    const { engine, events } = makeEngine();
    engine.handle({ type: 'defineMarket', market: FINERY_DEF });
    engine.handle({ type: 'defineMarket', market: { ...FINERY_DEF, market: 'BTC-USD/B' } });
    engine.handle({ type: 'bindStream', venue: 'finery', key: 'B:BTC-USD', market: 'BTC-USD/B' });
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 1, 5]], []).replace('"F"', '"B"'),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 2, 6]], []),
      receivedAt: 0,
    });
    expect(errorsOf(events)).toEqual([]);
    expect(engine.getBook('finery', 'BTC-USD/B')!.bids.get(MID - 1)).toBe(5);
    expect(engine.getBook('finery', 'BTC-USD')!.bids.get(MID - 2)).toBe(6);
    expect(engine.getBook('finery', 'BTC-USD')!.bids.get(MID - 1)).toBe(0);
  });

  it('an action on a missing level rolls the whole frame back, marks stale and asks for a resync', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: fineryUpdate(
        [
          ['+', MID - 3, 9],
          ['M', MID - 2, 4],
        ],
        [],
      ),
      receivedAt: 0,
    });
    expect(book.bids.get(MID - 3)).toBe(0);
    expect(book.state).toBe('stale');
    expect(events.filter((e) => e.type === 'resync')).toHaveLength(1);
  });

  it('refuses more than 25 levels and a crossed result', () => {
    const many: [number, number][] = Array.from({ length: 26 }, (_, i) => [MID - 1 - i, 1]);
    const a = setup();
    a.engine.handle({ type: 'frame', venue: 'finery', text: finerySnapshot(many, []), receivedAt: 0 });
    expect(a.book.state).toBe('stale');
    const b = setup();
    b.engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID, 1]], [[MID, 1]]),
      receivedAt: 0,
    });
    expect(b.book.state).toBe('stale');
    expect(b.book.bids.levels + b.book.asks.levels).toBe(0);
  });

  it('rejects malformed and unknown frames with a reason, book untouched', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: finerySnapshot([[MID - 1, 5]], [[MID + 1, 5]]),
      receivedAt: 0,
    });
    const bad = [
      '["F","BTC-USD","M",[[["+",5999999500000,1]]]]', // asks missing
      '["F","BTC-USD","M",[[["*",5999999000000,1]],[]]]',
      '["F","BTC-USD","M",[[["+",5999999000001,1]],[]]]', // off tick
      '["F","BTC-USD","M",[[["+",5999999000000,-1]],[]]]',
      '["F","ETH-USD","M",[[],[]]]',
      '["O",0,"+",[]]',
      '["F","BTC-USD","Z",100]',
      '{"F":1}',
    ];
    for (const text of bad) {
      events.length = 0;
      engine.handle({ type: 'frame', venue: 'finery', text, receivedAt: 0 });
      expect(events[0]).toMatchObject({ type: 'frameRejected', venue: 'finery', reason: expect.any(String) });
      expect(book.bids.get(MID - 1)).toBe(5);
      expect(book.bids.levels).toBe(1);
    }
  });

  it('an update before the snapshot is refused without a resync', () => {
    const { engine, events, book } = setup();
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: fineryUpdate([['+', MID - 1, 1]], []),
      receivedAt: 0,
    });
    expect(book.bids.levels).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['frameRejected']);
  });
});
