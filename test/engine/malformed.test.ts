// Byte-level fuzz of every venue's scanner with JSON.parse as the oracle: whatever JSON.parse
// refuses must be rejected with a reason, and the book must be exactly what it was before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VenueId } from '../../shared/domain';
import {
  ALOR_DEF,
  FINERY_DEF,
  PAXOS_DEF,
  alorBook,
  finerySnapshot,
  fineryUpdate,
  levelsOf,
  makeEngine,
  paxosBook,
} from './helpers';

const MID = 6_000_000;
const AMID = 25_770;

const cases: { venue: VenueId; seed: string; good: string }[] = [
  {
    venue: 'paxos',
    seed: paxosBook('SNAPSHOT', 1, [[MID - 1, 5]], [[MID + 1, 5]]),
    good: paxosBook(
      'UPDATE',
      9,
      [
        [MID - 2, 12_345],
        [MID - 1, 0],
      ],
      [[MID + 3, 1]],
    ),
  },
  {
    venue: 'finery',
    seed: finerySnapshot([[MID - 1, 5]], [[MID + 1, 5]]),
    good: fineryUpdate(
      [
        ['+', MID - 2, 7],
        ['M', MID - 1, 9],
      ],
      [['~', MID + 1, 4]],
    ),
  },
  {
    venue: 'alor',
    seed: alorBook('g', 'Simple', [[AMID - 1, 5]], [[AMID + 1, 5]]),
    good: alorBook('g', 'Slim', [[AMID - 2, 3]], [[AMID + 2, 4]]),
  },
];

function setup(venue: VenueId, seed: string) {
  const { engine, events } = makeEngine();
  engine.handle({ type: 'defineMarket', market: PAXOS_DEF });
  engine.handle({ type: 'defineMarket', market: FINERY_DEF });
  engine.handle({ type: 'defineMarket', market: ALOR_DEF });
  engine.handle({ type: 'bindStream', venue: 'alor', key: 'g', market: 'SBER' });
  engine.handle({ type: 'frame', venue, text: seed, receivedAt: 0 });
  const book = engine.getBook(venue, venue === 'paxos' ? 'BTCUSD' : venue === 'finery' ? 'BTC-USD' : 'SBER')!;
  expect(book.state).toBe('live');
  return { engine, events, book };
}

describe('malformed frames', () => {
  for (const { venue, seed, good } of cases) {
    it(`${venue}: invalid JSON is always rejected and never half-applied`, () => {
      const edit = fc.tuple(
        fc.nat(good.length),
        fc.nat(3),
        fc.constantFrom(...'{}[]",:0123456789.-+eE ~Mtn\\'),
      );
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
          let text = good;
          for (const [at, how, ch] of edits) {
            if (how === 0)
              text = text.slice(0, at) + text.slice(at + 1); // delete
            else if (how === 1)
              text = text.slice(0, at) + ch + text.slice(at); // insert
            else if (how === 2)
              text = text.slice(0, at) + ch + text.slice(at + 1); // replace
            else text = text.slice(0, at); // truncate
          }
          try {
            JSON.parse(text);
            return; // still JSON: semantics are covered by the venue tests
          } catch {
            // fall through: must be rejected
          }
          const { engine, events, book } = setup(venue, seed);
          const before = JSON.stringify([levelsOf(book, true), levelsOf(book, false)]);
          engine.handle({ type: 'frame', venue, text, receivedAt: 1 });
          expect(events.find((e) => e.type === 'frameRejected')).toMatchObject({
            reason: expect.any(String),
          });
          expect(JSON.stringify([levelsOf(book, true), levelsOf(book, false)])).toBe(before);
        }),
        { numRuns: 200 },
      );
      // A fresh engine per run is the point (no state carried over), and it is not cheap: allow
      // for a loaded CI machine.
    }, 60_000);
  }

  it('a bad command is an error event, not a throw', () => {
    const { engine, events } = makeEngine();
    engine.handle({ type: 'defineMarket', market: { ...PAXOS_DEF, tickSize: '0' } });
    engine.handle({ type: 'defineMarket', market: { ...PAXOS_DEF, priceDecimals: -1 } });
    engine.handle({ type: 'ownOrders', venue: 'paxos', market: 'NOPE', orders: [] });
    engine.handle(null);
    engine.handle({ type: 'frame', venue: 'kraken', text: '{}', receivedAt: 0 });
    expect(events.map((e) => e.type)).toEqual(['error', 'error', 'error', 'error', 'error']);
  });
});
