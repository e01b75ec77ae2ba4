import { describe, expect, it } from 'vitest';
import { bookMarket, req, standard } from './helpers';

describe('limit orders', () => {
  it('a passive GTC order rests, shows in the snapshot and emits one level change', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'buy', price: 9995, size: 30 }));
    expect(res.order.status).toBe('open');
    expect(res.fills).toEqual([]);
    expect(r.market.snapshot().bids[0]).toEqual({ price: 9995, size: 30 });
    expect(r.changes).toEqual([{ side: 'bid', price: 9995, size: 30 }]);
    expect(r.market.orders('me').map((o) => o.orderId)).toEqual([res.order.orderId]);
    expect(r.market.orders('someone-else')).toEqual([]);
  });

  it('joining an existing level adds to its size', () => {
    const r = standard();
    r.market.place(req({ side: 'sell', price: 10000, size: 20 }));
    expect(r.market.top().ask).toEqual({ price: 10000, size: 120 });
    expect(r.changes).toEqual([{ side: 'ask', price: 10000, size: 120 }]);
  });

  it('a crossing GTC order takes through levels at their prices and rests the remainder', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'buy', price: 10005, size: 350 }));
    expect(res.fills.map((f) => [f.price, f.size, f.maker])).toEqual([
      [10000, 100, false],
      [10005, 200, false],
    ]);
    expect(res.order.status).toBe('partially_filled');
    expect(res.order.filled).toBe(300);
    // (10000*100 + 10005*200) / 300 = 10003.33 -> 10003
    expect(res.order.averagePrice).toBe(10003);
    expect(r.market.snapshot().asks).toEqual([]);
    expect(r.market.snapshot().bids[0]).toEqual({ price: 10005, size: 50 });
    expect(r.trades.map((t) => [t.price, t.size, t.takerSide])).toEqual([
      [10000, 100, 'buy'],
      [10005, 200, 'buy'],
    ]);
    expect(r.trades[1]!.id).toBe(r.trades[0]!.id + 1);
    expect(res.fills[0]!.tradeId).toBe(r.trades[0]!.id);
    expect(r.changes).toEqual([
      { side: 'ask', price: 10000, size: 0 },
      { side: 'ask', price: 10005, size: 0 },
      { side: 'bid', price: 10005, size: 50 },
    ]);
    // Taker fills come back in the result, not as events.
    expect(r.events).toEqual([]);
  });

  it('stops at the limit price', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'sell', price: 9990, size: 150 }));
    expect(res.fills.map((f) => [f.price, f.size])).toEqual([[9990, 100]]);
    expect(r.market.top()).toEqual({ ask: { price: 9990, size: 50 }, bid: { price: 9985, size: 200 } });
  });

  it('IOC fills what it can and cancels the rest', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'buy', price: 10000, size: 150, timeInForce: 'IOC' }));
    expect(res.order).toMatchObject({ status: 'cancelled', filled: 100 });
    expect(r.market.top().bid).toEqual({ price: 9990, size: 100 });
    expect(r.market.orders()).toEqual([]);
  });

  it('IOC that cannot fill is cancelled untouched', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'buy', price: 9995, size: 10, timeInForce: 'IOC' }));
    expect(res.order).toMatchObject({ status: 'cancelled', filled: 0 });
    expect(r.changes).toEqual([]);
  });

  it('FOK fills completely or not at all', () => {
    const r = standard();
    const no = r.market.place(req({ side: 'buy', price: 10000, size: 110, timeInForce: 'FOK' }));
    expect(no.order).toMatchObject({ status: 'rejected', rejectReason: 'fok_not_fillable', filled: 0 });
    expect(r.changes).toEqual([]);
    expect(r.trades).toEqual([]);
    const yes = r.market.place(req({ side: 'buy', price: 10005, size: 300, timeInForce: 'FOK' }));
    expect(yes.order).toMatchObject({ status: 'filled', filled: 300 });
    expect(r.market.snapshot().asks).toEqual([]);
  });

  it('postOnly is rejected when it would take and rests otherwise', () => {
    const r = standard();
    const bad = r.market.place(req({ side: 'buy', price: 10000, size: 10, postOnly: true }));
    expect(bad.order).toMatchObject({ status: 'rejected', rejectReason: 'post_only_would_take' });
    expect(r.changes).toEqual([]);
    const ok = r.market.place(req({ side: 'buy', price: 9995, size: 10, postOnly: true }));
    expect(ok.order.status).toBe('open');
  });

  it('rejects prices and sizes off the grid without touching the book', () => {
    const r = standard();
    expect(r.market.place(req({ side: 'buy', price: 9993, size: 10 })).order.rejectReason).toBe(
      'invalid_price',
    );
    expect(r.market.place(req({ side: 'buy', price: -5, size: 10 })).order.rejectReason).toBe(
      'invalid_price',
    );
    expect(r.market.place(req({ side: 'buy', size: 10 })).order.rejectReason).toBe('invalid_price');
    expect(r.market.place(req({ side: 'buy', price: 9995, size: 15 })).order.rejectReason).toBe(
      'invalid_size',
    );
    expect(r.market.place(req({ side: 'buy', price: 9995, size: 0 })).order.rejectReason).toBe(
      'invalid_size',
    );
    expect(r.market.place(req({ side: 'buy', price: 9995, size: 1.5 })).order.rejectReason).toBe(
      'invalid_size',
    );
    expect(r.changes).toEqual([]);
  });

  it('throws a clear error for a duplicate id or a malformed request', () => {
    const r = standard();
    r.market.place(req({ orderId: 'dup', side: 'buy', price: 9995, size: 10 }));
    expect(() => r.market.place(req({ orderId: 'dup', side: 'buy', price: 9995, size: 10 }))).toThrow(
      /duplicate order id dup/,
    );
    expect(() => r.market.place(req({ side: 'up' as never, price: 9995, size: 10 }))).toThrow(/side/);
    expect(() =>
      r.market.place(req({ side: 'buy', price: 9995, size: 10, timeInForce: 'DAY' as never })),
    ).toThrow(/timeInForce/);
    expect(r.market.top().bid).toEqual({ price: 9995, size: 10 });
  });
});

describe('market orders', () => {
  it('fill against the book and cancel what cannot fill', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'sell', type: 'market', size: 400 }));
    expect(res.order).toMatchObject({ status: 'cancelled', filled: 300 });
    expect(res.order.price).toBeUndefined();
    expect(r.market.snapshot().bids).toEqual([]);
  });

  it('fill completely when the book is deep enough', () => {
    const r = standard();
    const res = r.market.place(req({ side: 'buy', type: 'market', size: 150 }));
    expect(res.order).toMatchObject({ status: 'filled', filled: 150, averagePrice: 10002 });
  });

  it('are rejected on an empty side and when postOnly', () => {
    const r = bookMarket([[9990, 100]], []);
    expect(r.market.place(req({ side: 'buy', type: 'market', size: 10 })).order.rejectReason).toBe(
      'no_liquidity',
    );
    expect(
      r.market.place(req({ side: 'sell', type: 'market', size: 10, postOnly: true })).order.rejectReason,
    ).toBe('post_only_would_take');
  });

  it('FOK market orders are all-or-nothing', () => {
    const r = standard();
    expect(
      r.market.place(req({ side: 'buy', type: 'market', size: 310, timeInForce: 'FOK' })).order.status,
    ).toBe('rejected');
    expect(
      r.market.place(req({ side: 'buy', type: 'market', size: 300, timeInForce: 'FOK' })).order.status,
    ).toBe('filled');
  });
});

describe('cancel', () => {
  it('removes our order from the book and reports it', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'sell', price: 10000, size: 20 }));
    r.clear();
    const out = r.market.cancel(order.orderId);
    expect(out).toMatchObject({ status: 'cancelled', filled: 0 });
    expect(r.changes).toEqual([{ side: 'ask', price: 10000, size: 100 }]);
    expect(r.market.cancel(order.orderId)).toEqual({ error: 'order_not_open' });
    expect(r.market.cancel('nope')).toEqual({ error: 'unknown_order' });
    expect(r.market.order(order.orderId)?.status).toBe('cancelled');
    expect(r.events).toEqual([]);
  });

  it('removes the level when our order was all of it', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'buy', price: 9995, size: 20 }));
    r.market.cancel(order.orderId);
    expect(r.market.top().bid).toEqual({ price: 9990, size: 100 });
    expect(r.changes.at(-1)).toEqual({ side: 'bid', price: 9995, size: 0 });
  });
});

describe('self-trading between our own orders', () => {
  it('fills the resting one as maker (event) and the new one as taker (result)', () => {
    const r = bookMarket([], []);
    const maker = r.market.place(req({ side: 'sell', price: 10000, size: 50, owner: 'a' }));
    const taker = r.market.place(req({ side: 'buy', price: 10000, size: 20, owner: 'b' }));
    expect(taker.fills).toMatchObject([{ orderId: taker.order.orderId, maker: false, size: 20 }]);
    expect(r.events).toMatchObject([
      {
        kind: 'fill',
        fill: { orderId: maker.order.orderId, maker: true, size: 20, tradeId: taker.fills[0]!.tradeId },
      },
    ]);
    expect(r.market.order(maker.order.orderId)).toMatchObject({ status: 'partially_filled', filled: 20 });
  });
});
