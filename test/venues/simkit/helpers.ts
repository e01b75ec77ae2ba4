// A market with a hand-made book, so matching tests know exactly what is resting where.
import { SimMarketImpl } from '../../../electron/venues/simkit/market';
import type { LevelChange, SimOrderEvent, SimOrderRequest, SimTrade } from '../../../electron/venues/simkit';

export const SPEC = {
  symbol: 'TEST',
  priceDecimals: 2,
  sizeDecimals: 2,
  tickSize: 5,
  lotSize: 10,
  initialMid: 10_000,
  depth: 10,
  typicalLevelSize: 100,
};

export interface Recorded {
  market: SimMarketImpl;
  changes: LevelChange[];
  batches: number;
  trades: SimTrade[];
  events: SimOrderEvent[];
  clear(): void;
}

/** Builds a market whose generated book is exactly `bids`/`asks` ([price, size] best first). */
export function bookMarket(bids: [number, number][], asks: [number, number][]): Recorded {
  let t = 1_000n;
  const market = new SimMarketImpl({ ...SPEC }, () => (t += 1n));
  bids.forEach(([p, s], i) => market.genInsert(market.bids, i, p, s));
  asks.forEach(([p, s], i) => market.genInsert(market.asks, i, p, s));
  market.dispatch();
  const rec: Recorded = {
    market,
    changes: [],
    batches: 0,
    trades: [],
    events: [],
    clear() {
      rec.changes.length = 0;
      rec.trades.length = 0;
      rec.events.length = 0;
      rec.batches = 0;
    },
  };
  market.onChanges((cs) => {
    rec.batches++;
    rec.changes.push(...cs);
  });
  market.onTrade((tr) => rec.trades.push(tr));
  market.onOrderEvent((e) => rec.events.push(e));
  return rec;
}

/** The usual test book: bids 9990x100, 9985x200; asks 10000x100, 10005x200. */
export function standard(): Recorded {
  return bookMarket(
    [
      [9990, 100],
      [9985, 200],
    ],
    [
      [10000, 100],
      [10005, 200],
    ],
  );
}

let n = 0;
export function req(
  partial: Partial<SimOrderRequest> & Pick<SimOrderRequest, 'side' | 'size'>,
): SimOrderRequest {
  return { orderId: `o${++n}`, owner: 'me', type: 'limit', timeInForce: 'GTC', ...partial };
}
