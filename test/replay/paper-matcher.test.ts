// The paper matcher fills replay orders against the replayed book: a marketable order takes the
// levels it crosses at their prices, the rest rests (or goes, for IOC/FOK/market), and a resting
// order fills when the replayed market trades through its price.
import { describe, expect, it } from 'vitest';
import { PaperMatcher, type ReplayedDepth } from '../../electron/replay/paper-matcher';
import type {
  PlaceOrderRequest,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
} from '../../electron/venues/common/adapter';

const INFO: VenueMarketInfo = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.01',
  lotSize: '0.00000001',
};

const BOOK = {
  bid: [
    { price: '99.00', size: '1' },
    { price: '98.50', size: '2' },
  ],
  ask: [
    { price: '100.00', size: '0.5' },
    { price: '100.50', size: '1' },
    { price: '101.00', size: '3' },
  ],
};

function matcher() {
  const orders: VenueOrderUpdate[] = [];
  const fills: VenueFill[] = [];
  const depth: ReplayedDepth = { levels: async (_v, _m, side) => BOOK[side] };
  const m = new PaperMatcher(
    'paxos',
    new Map([['BTCUSD', INFO]]),
    depth,
    {
      order: (u) => orders.push(u),
      fill: (f) => fills.push(f),
    },
    () => 42,
  );
  return { m, orders, fills };
}

let n = 0;
function req(change: Partial<PlaceOrderRequest>): PlaceOrderRequest {
  n++;
  return {
    clientOrderId: `c${n}`,
    idempotencyKey: `k${n}`,
    market: 'BTCUSD',
    side: 'buy',
    type: 'limit',
    size: '1',
    price: '100.50',
    timeInForce: 'GTC',
    ...change,
  };
}

describe('paper matcher on a replayed book', () => {
  it('a marketable limit takes the levels it crosses at their prices, then rests the rest', async () => {
    const { m } = matcher();
    const { update, fills } = await m.place(req({ size: '2', price: '100.50' }));
    expect(fills.map((f) => [f.price, f.size, f.liquidity])).toEqual([
      ['100.00', '0.5', 'taker'],
      ['100.50', '1', 'taker'],
    ]);
    expect(update).toMatchObject({ status: 'partially_filled', filled: '1.5', averagePrice: '100.33' });
    expect(m.working().map((o) => o.venueOrderId)).toEqual([update.venueOrderId]);
  });

  it('market, IOC and FOK orders never rest; FOK fills whole or not at all', async () => {
    const { m } = matcher();
    const market = await m.place(req({ type: 'market', side: 'sell', size: '2.5', price: undefined }));
    expect(market.fills.map((f) => [f.price, f.size])).toEqual([
      ['99.00', '1'],
      ['98.50', '1.5'],
    ]);
    expect(market.update.status).toBe('filled');
    const ioc = await m.place(req({ size: '1', price: '100.00', timeInForce: 'IOC' }));
    expect(ioc.update).toMatchObject({ status: 'cancelled', filled: '0.5' });
    const fok = await m.place(req({ size: '2', price: '100.50', timeInForce: 'FOK' }));
    expect(fok.fills).toEqual([]);
    expect(fok.update.status).toBe('expired');
    expect(m.working()).toEqual([]);
  });

  it('a post-only order that would take is rejected; one that would not rests', async () => {
    const { m } = matcher();
    expect((await m.place(req({ postOnly: true }))).update.status).toBe('rejected');
    expect((await m.place(req({ postOnly: true, price: '99.50' }))).update.status).toBe('working');
  });

  it('a resting order fills when the replayed market trades through its price, not at it', async () => {
    const { m, orders, fills } = matcher();
    const { update } = await m.place(req({ size: '1', price: '99.50' }));
    expect(update.status).toBe('working');
    const print = (price: string, size: string, history?: boolean) =>
      m.onTrade({ venue: 'paxos', market: 'BTCUSD', price, size, time: 1, ...(history ? { history } : {}) });
    print('99.50', '5'); // at our price: our queue place is unknown
    print('99.40', '5', true); // a seek's fast-forward: history, not a live print
    print('99.60', '5'); // above a buy: not through
    expect(fills).toEqual([]);
    print('99.49', '0.25');
    print('99.00', '3');
    expect(fills.map((f) => [f.price, f.size, f.liquidity])).toEqual([
      ['99.50', '0.25', 'maker'],
      ['99.50', '0.75', 'maker'],
    ]);
    expect(orders.at(-1)).toMatchObject({ venueOrderId: update.venueOrderId, status: 'filled', filled: '1' });
    expect(m.working()).toEqual([]);
  });

  it('a resting order fills at its price when the replayed book crosses it, never twice from a still book', async () => {
    const { m, orders, fills } = matcher();
    const { update } = await m.place(req({ size: '2', price: '99.50' }));
    await m.sweep();
    expect(fills).toEqual([]);
    // The book comes through our bid: 0.5 offered at 99.40 and 1 at 99.45, both across 99.50.
    BOOK.ask.unshift({ price: '99.40', size: '0.5' }, { price: '99.45', size: '1' });
    try {
      await m.sweep();
      await m.sweep(); // the same book again (a paused replay): nothing more to take
      expect(fills.map((f) => [f.price, f.size, f.liquidity])).toEqual([['99.50', '1.5', 'maker']]);
      expect(orders.at(-1)).toMatchObject({ venueOrderId: update.venueOrderId, status: 'partially_filled' });
      BOOK.ask[1] = { price: '99.45', size: '3' }; // more offered across us: the rest fills
      await m.sweep();
      expect(fills.map((f) => f.size)).toEqual(['1.5', '0.5']);
      expect(m.working()).toEqual([]);
    } finally {
      BOOK.ask.splice(0, 2);
    }
  });

  it('a modify to a price across the book takes what it crosses, at the levels’ prices', async () => {
    const { m } = matcher();
    const { update } = await m.place(req({ size: '1', price: '99.50' }));
    const moved = await m.modify(update.venueOrderId, { price: '100.50' });
    expect(moved.fills.map((f) => [f.price, f.size, f.liquidity])).toEqual([
      ['100.00', '0.5', 'taker'],
      ['100.50', '0.5', 'taker'],
    ]);
    expect(moved.update.status).toBe('filled');
    expect(m.working()).toEqual([]);
  });

  it('cancel and modify act on working orders only', async () => {
    const { m } = matcher();
    const { update } = await m.place(req({ price: '99.50' }));
    expect((await m.modify(update.venueOrderId, { price: '99.60' })).update.price).toBe('99.60');
    expect(m.cancel(update.venueOrderId).status).toBe('cancelled');
    expect(() => m.cancel(update.venueOrderId)).toThrow(/no working paper order/);
  });
});
