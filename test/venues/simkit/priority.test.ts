import { describe, expect, it } from 'vitest';
import { bookMarket, req, standard } from './helpers';

describe('queue position behind generated liquidity', () => {
  it('generated flow fills the generated size ahead of our order first', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    r.clear();
    expect(r.market.genTake('buy', 80)).toBe(80);
    r.market.dispatch();
    expect(r.events).toEqual([]);
    expect(r.market.top().ask).toEqual({ price: 10000, size: 70 });
    r.market.genTake('buy', 40);
    r.market.dispatch();
    // 20 generated units were still ahead; the other 20 reach our order.
    expect(r.trades.map((t) => t.size)).toEqual([80, 20, 20]);
    expect(r.events).toMatchObject([
      { kind: 'fill', fill: { orderId: order.orderId, size: 20, maker: true, price: 10000 } },
    ]);
    expect(r.events[0]!.order).toMatchObject({ status: 'partially_filled', filled: 20 });
  });

  it('generated size added after our order queues behind it', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    r.market.genSet(r.market.asks, 0, 300);
    r.market.genTake('buy', 150);
    r.market.dispatch();
    expect(r.market.order(order.orderId)).toMatchObject({ status: 'filled', filled: 50 });
    expect(r.market.top().ask).toEqual({ price: 10000, size: 300 - 100 });
    expect(r.market.orders()).toEqual([]);
  });

  it('generated cancellations come off the back first, then move us forward', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    r.market.genSet(r.market.asks, 0, 160); // 100 ahead, 60 behind
    r.market.genSet(r.market.asks, 0, 120); // cancels 40 from behind: still 100 ahead, 20 behind
    r.market.genTake('buy', 99);
    r.market.dispatch();
    expect(r.market.order(order.orderId)?.filled).toBe(0);
    r.market.genSet(r.market.asks, 0, 11); // 1 ahead and 20 behind before; 11 left: 1 ahead, 10 behind
    r.market.genTake('buy', 6);
    r.market.dispatch();
    expect(r.market.order(order.orderId)?.filled).toBe(5);
    r.market.genSet(r.market.asks, 0, 0);
    r.market.dispatch();
    expect(r.market.top().ask).toEqual({ price: 10000, size: 45 });
  });

  it('a level deleted by the generator keeps our order and shows only our size', () => {
    const r = standard();
    r.market.place(req({ side: 'buy', price: 9990, size: 30 }));
    r.clear();
    r.market.genSet(r.market.bids, 0, 0);
    r.market.dispatch();
    expect(r.changes).toEqual([{ side: 'bid', price: 9990, size: 30 }]);
    expect(r.market.top().bid).toEqual({ price: 9990, size: 30 });
  });

  it('our orders at one level fill in time order', () => {
    const r = bookMarket([[9990, 10]], []);
    const a = r.market.place(req({ side: 'buy', price: 9990, size: 20 }));
    r.market.genSet(r.market.bids, 0, 40); // 10 ahead of a, 30 behind a
    const b = r.market.place(req({ side: 'buy', price: 9990, size: 20 })); // 40 ahead of b
    r.market.genTake('sell', 60);
    r.market.dispatch();
    expect(r.trades.map((t) => t.size)).toEqual([10, 20, 30]);
    expect(r.market.order(a.order.orderId)?.status).toBe('filled');
    expect(r.market.order(b.order.orderId)?.filled).toBe(0);
    expect(r.market.top().bid).toEqual({ price: 9990, size: 20 });
    expect(r.market.genTake('sell', 25)).toBe(20);
    r.market.dispatch();
    expect(r.market.order(b.order.orderId)?.filled).toBe(20);
    expect(r.market.top().bid).toBeUndefined();
  });

  it('delivers level changes before trades and order events, once per operation', () => {
    const r = standard();
    r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    const seen: string[] = [];
    r.market.onChanges(() => seen.push('changes'));
    r.market.onTrade(() => seen.push('trade'));
    r.market.onOrderEvent(() => seen.push('event'));
    r.market.genTake('buy', 120);
    r.market.dispatch();
    expect(seen).toEqual(['changes', 'trade', 'trade', 'event']);
  });

  it('a listener that throws does not break delivery to the others', () => {
    const r = standard();
    r.market.onChanges(() => {
      throw new Error('listener bug');
    });
    r.market.place(req({ side: 'buy', price: 9995, size: 10 }));
    expect(r.changes).toHaveLength(1);
  });
});

describe('modify', () => {
  function queued() {
    const r = bookMarket([], [[10000, 100]]);
    const a = r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    const b = r.market.place(req({ side: 'sell', price: 10000, size: 50 }));
    r.clear();
    return { r, a: a.order.orderId, b: b.order.orderId };
  }

  it('a size decrease keeps priority', () => {
    const { r, a, b } = queued();
    const res = r.market.modify(a, { size: 30 });
    expect(res).toMatchObject({ order: { size: 30, status: 'open' }, fills: [] });
    expect(r.changes).toEqual([{ side: 'ask', price: 10000, size: 180 }]);
    r.market.genTake('buy', 130);
    r.market.dispatch();
    expect(r.market.order(a)?.status).toBe('filled');
    expect(r.market.order(b)?.filled).toBe(0);
  });

  it('a size increase loses priority', () => {
    const { r, a, b } = queued();
    r.market.modify(a, { size: 60 });
    r.market.genTake('buy', 150);
    r.market.dispatch();
    expect(r.market.order(b)?.status).toBe('filled');
    expect(r.market.order(a)?.filled).toBe(0);
  });

  it('a price change loses priority even when moved back', () => {
    const { r, a, b } = queued();
    r.market.modify(a, { price: 10005 });
    expect(r.market.snapshot().asks).toEqual([
      { price: 10000, size: 150 },
      { price: 10005, size: 50 },
    ]);
    r.market.modify(a, { price: 10000 });
    r.market.genTake('buy', 150);
    r.market.dispatch();
    expect(r.market.order(b)?.status).toBe('filled');
    expect(r.market.order(a)?.status).toBe('open');
  });

  it('a crossing price change takes and returns taker fills', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'buy', price: 9995, size: 150 }));
    const res = r.market.modify(order.orderId, { price: 10000 });
    expect(res).toMatchObject({
      order: { status: 'partially_filled', filled: 100, price: 10000 },
      fills: [{ size: 100, maker: false }],
    });
    expect(r.market.top()).toEqual({ bid: { price: 10000, size: 50 }, ask: { price: 10005, size: 200 } });
  });

  it('size below the filled amount is an error and changes nothing', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'sell', price: 9990, size: 150 }));
    expect(order.filled).toBe(100);
    r.clear();
    expect(r.market.modify(order.orderId, { size: 90 })).toEqual({ error: 'invalid_size' });
    expect(r.market.modify(order.orderId, { size: 155 })).toEqual({ error: 'invalid_size' });
    expect(r.market.modify(order.orderId, { price: 9991 })).toEqual({ error: 'invalid_price' });
    expect(r.changes).toEqual([]);
    expect(r.market.order(order.orderId)).toMatchObject({
      size: 150,
      filled: 100,
      status: 'partially_filled',
    });
    // Shrinking to exactly the filled amount completes the order.
    expect(r.market.modify(order.orderId, { size: 100 })).toMatchObject({ order: { status: 'filled' } });
    expect(r.market.top().ask).toEqual({ price: 10000, size: 100 });
  });

  it('postOnly modify that would take is refused and leaves the order as it was', () => {
    const r = standard();
    const { order } = r.market.place(req({ side: 'buy', price: 9995, size: 10, postOnly: true }));
    expect(r.market.modify(order.orderId, { price: 10000 })).toEqual({ error: 'post_only_would_take' });
    expect(r.market.top().bid).toEqual({ price: 9995, size: 10 });
  });

  it('unknown and closed orders', () => {
    const r = standard();
    expect(r.market.modify('x', { size: 10 })).toEqual({ error: 'unknown_order' });
    const { order } = r.market.place(req({ side: 'buy', price: 10000, size: 10 }));
    expect(order.status).toBe('filled');
    expect(r.market.modify(order.orderId, { size: 20 })).toEqual({ error: 'order_not_open' });
  });
});
