import { describe, expect, it } from 'vitest';
import { errorsOf, makeEngine, paxosBook } from './helpers';

const MID = 6_000_000;

describe('consolidated depth for the router', () => {
  it('merges venue books on canonical prices with per-venue sizes in each venue’s units; skips stale books', () => {
    const { engine, events } = makeEngine();
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
        sizeDecimals: 6,
        tickSize: '0.05',
      },
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook(
        'SNAPSHOT',
        1,
        [
          [MID - 5, 100_000_000],
          [MID - 6, 1],
        ],
        [[MID + 5, 2]],
      ),
      receivedAt: 0,
    });
    // Finery bids at 59999.95 (= MID-5) and 59999.90; sizes 1e-8 on the wire, 1e-6 lots.
    engine.handle({
      type: 'frame',
      venue: 'finery',
      text: JSON.stringify([
        'F',
        'BTC-USD',
        'S',
        [
          [
            [5999995000000, 250000000],
            [5999990000000, 100],
          ],
          [[6000010000000, 100]],
        ],
      ]),
      receivedAt: 0,
    });
    engine.handle({ type: 'depth', requestId: 1, canonical: 'BTC-USD', side: 'bid', maxLevels: 2 });
    expect(errorsOf(events)).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: 'depth',
      requestId: 1,
      canonical: 'BTC-USD',
      side: 'bid',
      levels: [
        {
          price: '59999.95',
          perVenue: [
            { venue: 'paxos', market: 'BTCUSD', size: '1' },
            { venue: 'finery', market: 'BTC-USD', size: '2.5' },
          ],
        },
        { price: '59999.94', perVenue: [{ venue: 'paxos', market: 'BTCUSD', size: '0.00000001' }] },
      ],
    });
    engine.handle({
      type: 'frame',
      venue: 'paxos',
      text: paxosBook('UPDATE', 2, [[MID - 9, 1]], []).replace('"price":"', '"price":"x'),
      receivedAt: 0,
    }); // refused → stale
    engine.handle({ type: 'depth', requestId: 2, canonical: 'BTC-USD', side: 'ask', maxLevels: 5 });
    expect(events.at(-1)).toMatchObject({
      requestId: 2,
      levels: [{ price: '60000.1', perVenue: [{ venue: 'finery', size: '0.000001' }] }],
    });
  });
});
