import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import type { PlaceOrderRequest } from '../../../../electron/venues/common/adapter';
import { PROFILE, liveWith, rig, waitFor } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const px = (scaled: number) => formatScaled(scaled, 2);

function request(x: Rig, over: Partial<PlaceOrderRequest>): PlaceOrderRequest {
  const clientOrderId = over.clientOrderId ?? randomUUID();
  return {
    clientOrderId,
    idempotencyKey: x.adapter.idempotencyKeyFor(clientOrderId),
    market: 'BTCUSD',
    side: 'buy',
    type: 'limit',
    size: '0.01',
    timeInForce: 'GTC',
    ...over,
  };
}

/** Our orders as the simulator's matching engine holds them (owner = profile id). */
const simOrders = (x: Rig) => x.sim.markets.get('BTCUSD')!.orders(PROFILE);

async function started(): Promise<Rig> {
  const x = await rig();
  await liveWith(x, ['BTCUSD']);
  return x;
}

describe('Paxos adapter: orders over REST v2', () => {
  it('places a resting limit order (ref_id = idempotency key), polls it to working, cancels it', async () => {
    r = await started();
    const top = r.sim.markets.get('BTCUSD')!.top();
    const req = request(r, { price: px(top.bid!.price - 25 * 10) });
    expect(req.idempotencyKey).toBe(r.adapter.idempotencyKeyFor(req.clientOrderId)); // deterministic
    const placed = await r.adapter.placeOrder(req);
    expect(placed).toMatchObject({
      venue: 'paxos',
      status: 'pending',
      clientOrderId: req.clientOrderId,
      idempotencyKey: req.idempotencyKey,
    });
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
    );
    expect((await r.adapter.openOrders()).map((o) => o.venueOrderId)).toEqual([placed.venueOrderId]);
    const cancelled = await r.adapter.cancelOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: placed.venueOrderId,
      idempotencyKey: req.idempotencyKey,
      market: 'BTCUSD',
    });
    expect(cancelled.status).toBe('cancelled');
    expect(simOrders(r)).toEqual([]);
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'cancelled'),
    );
  });

  it('a marketable order fills: fill events (deduplicated) and a filled update, fillsSince agrees', async () => {
    r = await started();
    const since = Date.now() - 1000;
    const top = r.sim.markets.get('BTCUSD')!.top();
    const placed = await r.adapter.placeOrder(
      request(r, { price: px(top.ask!.price), size: '0.001', timeInForce: 'IOC' }),
    );
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled'),
    );
    const fills = r.fills.filter((f) => f.venueOrderId === placed.venueOrderId);
    expect(fills.length).toBeGreaterThan(0);
    expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
    expect(fills[0]).toMatchObject({ side: 'buy', market: 'BTCUSD', price: px(top.ask!.price) });
    const filledAt = r.orders.findIndex(
      (o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled',
    );
    expect(filledAt).toBeGreaterThanOrEqual(0);
    await new Promise((res) => setTimeout(res, 200)); // more polls must not repeat fills
    expect(r.fills.filter((f) => f.venueOrderId === placed.venueOrderId)).toHaveLength(fills.length);
    const history = await r.adapter.fillsSince(since);
    expect(history.map((f) => f.fillId).sort()).toEqual(fills.map((f) => f.fillId).sort());
  });

  it('market sell fills; market buy and modify are refused in plain words', async () => {
    r = await started();
    const placed = await r.adapter.placeOrder(
      request(r, { side: 'sell', type: 'market', size: '0.002', timeInForce: 'IOC' }),
    );
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled'),
    );
    expect(r.fills.some((f) => f.venueOrderId === placed.venueOrderId && f.side === 'sell')).toBe(true);
    await expect(
      r.adapter.placeOrder(request(r, { type: 'market', timeInForce: 'IOC' })),
    ).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/quote currency/),
    });
    expect(r.adapter.capabilities.modify).toBe(false);
    await expect(
      r.adapter.modifyOrder({
        clientOrderId: 'a',
        venueOrderId: 'b',
        idempotencyKey: 'c',
        market: 'BTCUSD',
        side: 'buy',
        type: 'limit',
        price: '1',
      }),
    ).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/cannot modify/) });
  });

  it('bad input is refused locally with a clear error and nothing is sent', async () => {
    r = await started();
    const before = r.adapter.stats().restRequests;
    const bad: Partial<PlaceOrderRequest>[] = [
      { price: '65000.10' }, // off the 0.25 tick
      { price: '-1' },
      { size: '0.000000001' },
      { market: 'NOPEUSD', price: '1' },
      { price: '100', timeInForce: 'DAY' },
      { price: '100', idempotencyKey: 'bad key with spaces' },
    ];
    for (const b of bad)
      await expect(r.adapter.placeOrder(request(r, { price: '100', ...b }))).rejects.toMatchObject({
        kind: 'invalid',
      });
    expect(r.adapter.stats().restRequests).toBe(before);
    expect(() => r!.adapter.idempotencyKeyFor('../etc')).toThrow(/clientOrderId/);
  });

  it('cancelAll cancels every working order (per market) and reports what it could not', async () => {
    r = await started();
    const bid = r.sim.markets.get('BTCUSD')!.top().bid!.price;
    const a = await r.adapter.placeOrder(request(r, { price: px(bid - 250) }));
    const b = await r.adapter.placeOrder(request(r, { price: px(bid - 500) }));
    const res = await r.adapter.cancelAll('BTCUSD');
    expect(res.cancelled.sort()).toEqual([a.venueOrderId, b.venueOrderId].sort());
    expect(res.failed).toEqual([]);
    expect(simOrders(r)).toEqual([]);
    expect(await r.adapter.cancelAll()).toEqual({ cancelled: [], failed: [] });
  });

  it('rejected orders (venue 403) surface as VenueError rejected and leave no order behind', async () => {
    r = await started();
    r.sim.faults.rejectOrders(true);
    const bid = r.sim.markets.get('BTCUSD')!.top().bid!.price;
    await expect(r.adapter.placeOrder(request(r, { price: px(bid - 250) }))).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/insufficient funds/),
    });
    expect(simOrders(r)).toEqual([]);
  });

  it('a resend with the same idempotency key returns the existing order (409) and never places twice', async () => {
    r = await started();
    const bid = r.sim.markets.get('BTCUSD')!.top().bid!.price;
    const req = request(r, { price: px(bid - 250) });
    const first = await r.adapter.placeOrder(req);
    const again = await r.adapter.placeOrder(req);
    expect(again.venueOrderId).toBe(first.venueOrderId);
    expect(simOrders(r)).toHaveLength(1);
  });

  it('delayed replies: a create whose reply was not seen is resent only with the same key; one order results', async () => {
    r = await rig({}, { timing: { requestTimeoutMs: 150, commandRetries: 1 } });
    await liveWith(r, ['BTCUSD']);
    const bid = r.sim.markets.get('BTCUSD')!.top().bid!.price;
    const req = request(r, { price: px(bid - 250) });
    r.sim.faults.delayReplies(400);
    await expect(r.adapter.placeOrder(req)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    r.sim.faults.delayReplies(0);
    await new Promise((res) => setTimeout(res, 500)); // let the delayed sends reach the matching engine
    const placed = await r.adapter.placeOrder(req);
    expect(simOrders(r).map((o) => o.orderId)).toEqual([placed.venueOrderId]);
    // Slow but answered: no timeout, still one order per key.
    r.sim.faults.delayReplies(50);
    const other = await r.adapter.placeOrder(request(r, { price: px(bid - 500) }));
    r.sim.faults.delayReplies(0);
    expect(
      simOrders(r)
        .map((o) => o.orderId)
        .sort(),
    ).toEqual([placed.venueOrderId, other.venueOrderId].sort());
  });

  it('after a reconnect our orders are reconciled: a fill that happened while away is emitted once', async () => {
    r = await started();
    const market = r.sim.markets.get('BTCUSD')!;
    const bid = market.top().bid!.price;
    const placed = await r.adapter.placeOrder(request(r, { price: px(bid), size: '0.01' }));
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
    );
    await r.adapter.disconnect();
    // Someone else sells the whole level (ours included) while we are disconnected.
    const level = market.snapshot(50).bids.find((l) => l.price === bid)!;
    market.place({
      orderId: 'other-1',
      side: 'sell',
      type: 'limit',
      price: bid,
      size: level.size,
      timeInForce: 'IOC',
      owner: 'someone-else',
    });
    expect(r.fills).toHaveLength(0);
    await r.adapter.connect();
    await waitFor(
      () => r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled'),
      5000,
      'filled',
    );
    const fills = r.fills.filter((f) => f.venueOrderId === placed.venueOrderId);
    expect(fills.reduce((a, f) => a + Number(f.size) * 1e8, 0)).toBe(1_000_000);
    await new Promise((res) => setTimeout(res, 200));
    expect(r.fills.filter((f) => f.venueOrderId === placed.venueOrderId)).toHaveLength(fills.length);
  });
});
