import { afterEach, describe, expect, it } from 'vitest';
import { VenueError } from '../../../../electron/venues/common/adapter';
import { closeRigs, order, priceFrom, simOrders, startRig, waitFor, type Rig } from './helpers';

afterEach(closeRigs);

const last = (rig: Rig, clientOrderId: string) =>
  rig.orders.filter((o) => o.clientOrderId === clientOrderId).at(-1);

describe('ALOR adapter: orders', () => {
  it('a resting limit order is working, tied to our clientOrderId, and rests in the simulator', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'buy',
      type: 'limit',
      size: '2',
      price: priceFrom(rig, 'SBER', 'bid', -10),
    });
    const placed = await rig.adapter.placeOrder(req);
    expect(placed.clientOrderId).toBe(req.clientOrderId);
    await waitFor('working update', () => last(rig, req.clientOrderId)?.status === 'working');
    const u = last(rig, req.clientOrderId)!;
    expect(u).toMatchObject({
      venueOrderId: placed.venueOrderId,
      side: 'buy',
      type: 'limit',
      size: '2',
      filled: '0',
      price: req.price,
    });
    expect(simOrders(rig).map((o) => o.orderId)).toEqual([placed.venueOrderId]);
    expect((await rig.adapter.openOrders()).map((o) => o.venueOrderId)).toEqual([placed.venueOrderId]);
  });

  it('a marketable limit order fills: fill event, filled status, position', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'buy',
      type: 'limit',
      size: '3',
      price: priceFrom(rig, 'SBER', 'ask', 0),
    });
    const placed = await rig.adapter.placeOrder(req);
    await waitFor('filled', () => last(rig, req.clientOrderId)?.status === 'filled');
    await waitFor('fills', () => rig.fills.reduce((a, f) => a + Number(f.size), 0) === 3);
    for (const f of rig.fills)
      expect(f).toMatchObject({
        venueOrderId: placed.venueOrderId,
        clientOrderId: req.clientOrderId,
        side: 'buy',
      });
    expect(new Set(rig.fills.map((f) => f.fillId)).size).toBe(rig.fills.length);
    await waitFor('SBER position', () =>
      rig.positions.some((p) => p.instrument === 'SBER' && p.size === '3'),
    );
    const since = await rig.adapter.fillsSince(0);
    expect(since.map((f) => f.fillId).sort()).toEqual(rig.fills.map((f) => f.fillId).sort());
  });

  it('a market order fills at the best ask', async () => {
    const rig = await startRig();
    const ask = priceFrom(rig, 'SBER', 'ask', 0);
    const req = order(rig, { side: 'buy', type: 'market', size: '1' });
    await rig.adapter.placeOrder(req);
    await waitFor('market fill', () => rig.fills.some((f) => f.clientOrderId === req.clientOrderId));
    expect(rig.fills[0]!.price).toBe(ask);
    await waitFor('filled', () => last(rig, req.clientOrderId)?.status === 'filled');
  });

  it('a stop order waits at the broker, triggers and its exchange order fills under the same clientOrderId', async () => {
    const rig = await startRig();
    // Buy stop at or above the last price: the condition already holds, so it triggers.
    const req = order(rig, {
      side: 'buy',
      type: 'stop',
      size: '1',
      stopPrice: priceFrom(rig, 'SBER', 'bid', -50),
    });
    const placed = await rig.adapter.placeOrder(req);
    // The trigger needs a last price: trade once so the stop book evaluates.
    await rig.adapter.placeOrder(order(rig, { side: 'sell', type: 'market', size: '1' }));
    await waitFor('stop triggered', () =>
      rig.orders.some((o) => o.venueOrderId === placed.venueOrderId && /triggered/.test(o.reason ?? '')),
    );
    await waitFor('exchange order fill', () => rig.fills.some((f) => f.clientOrderId === req.clientOrderId));
    const exchangeOrder = rig.fills.find((f) => f.clientOrderId === req.clientOrderId)!.venueOrderId;
    expect(exchangeOrder).not.toBe(placed.venueOrderId);
  });

  it('a stop-limit order rests at the broker, is modified (new number, same trigger) and cancelled', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'buy',
      type: 'stopLimit',
      size: '1',
      stopPrice: priceFrom(rig, 'SBER', 'ask', 500),
      price: priceFrom(rig, 'SBER', 'ask', 505),
    });
    const placed = await rig.adapter.placeOrder(req);
    await waitFor('stop working', () => last(rig, req.clientOrderId)?.status === 'working');
    expect(last(rig, req.clientOrderId)!.type).toBe('stopLimit');
    // Modify keeps the trigger (from the stop-order stream) and moves the limit price.
    const modified = await rig.adapter.modifyOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: placed.venueOrderId,
      idempotencyKey: crypto.randomUUID(),
      market: 'SBER',
      side: 'buy',
      type: 'stopLimit',
      price: priceFrom(rig, 'SBER', 'ask', 506),
    });
    expect(modified.venueOrderId).not.toBe(placed.venueOrderId);
    await waitFor('modified stop working', () =>
      rig.orders.some(
        (o) =>
          o.venueOrderId === modified.venueOrderId &&
          o.status === 'working' &&
          o.clientOrderId === req.clientOrderId,
      ),
    );
    const cancelled = await rig.adapter.cancelOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: modified.venueOrderId,
      idempotencyKey: crypto.randomUUID(),
      market: 'SBER',
    });
    expect(cancelled.status).toBe('cancelled');
    await waitFor('stop cancelled', () => last(rig, req.clientOrderId)?.status === 'cancelled');
  });

  it('modify replaces the order: a new order number under the same clientOrderId, the old one cancelled as replaced', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'sell',
      type: 'limit',
      size: '2',
      price: priceFrom(rig, 'SBER', 'ask', 10),
    });
    const placed = await rig.adapter.placeOrder(req);
    await waitFor('working', () => last(rig, req.clientOrderId)?.status === 'working');
    const price = priceFrom(rig, 'SBER', 'ask', 12);
    const modified = await rig.adapter.modifyOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: placed.venueOrderId,
      idempotencyKey: crypto.randomUUID(),
      market: 'SBER',
      side: 'sell',
      type: 'limit',
      price,
    });
    expect(modified.venueOrderId).not.toBe(placed.venueOrderId);
    await waitFor('new order working', () =>
      rig.orders.some(
        (o) =>
          o.venueOrderId === modified.venueOrderId &&
          o.status === 'working' &&
          o.clientOrderId === req.clientOrderId,
      ),
    );
    await waitFor('old one replaced', () =>
      rig.orders.some(
        (o) =>
          o.venueOrderId === placed.venueOrderId &&
          o.status === 'cancelled' &&
          o.reason === `replaced by order ${modified.venueOrderId}`,
      ),
    );
    expect(simOrders(rig).map((o) => [o.orderId, o.size])).toEqual([[modified.venueOrderId, 2]]);
  });

  it('cancel and cancel-all; what cannot be cancelled is reported', async () => {
    const rig = await startRig();
    const ids: string[] = [];
    for (const [market, ticks] of [
      ['SBER', -5],
      ['SBER', -6],
      ['GAZP', -5],
    ] as const) {
      const req = order(rig, {
        side: 'buy',
        type: 'limit',
        market,
        price: priceFrom(rig, market, 'bid', ticks),
      });
      ids.push((await rig.adapter.placeOrder(req)).venueOrderId);
    }
    await waitFor('three working', () => rig.adapter['portfolio'].working().length === 3);
    const one = await rig.adapter.cancelAll('GAZP');
    expect(one).toEqual({ cancelled: [ids[2]], failed: [] });
    // The simulator cancels one behind our back: cancel-all reports it as failed, cancels the rest.
    rig.sim.markets.get('SBER')!.cancel(ids[0]!);
    const rest = await rig.adapter.cancelAll();
    expect(rest.cancelled.length + rest.failed.length).toBeGreaterThanOrEqual(1);
    expect(rest.cancelled).toContain(ids[1]);
    expect(simOrders(rig)).toEqual([]);
    expect(simOrders(rig, 'GAZP')).toEqual([]);
  });

  it('rejections and bad input: venue reject, off-tick price, GTC, unknown market', async () => {
    const rig = await startRig();
    rig.sim.faults.rejectOrders(true);
    const err = await rig.adapter
      .placeOrder(order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -3) }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect(err).toMatchObject({ kind: 'rejected', venueCode: 400 });
    rig.sim.faults.rejectOrders(false);
    await expect(
      rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'limit', price: '300.005' })),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(
      rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'limit', price: '300.01', tif: 'GTC' })),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(
      rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'limit', price: '300.01', size: '1.5' })),
    ).rejects.toMatchObject({ kind: 'invalid' });
    await expect(
      rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'limit', price: '300.01', market: 'XXX' })),
    ).rejects.toMatchObject({ kind: 'invalid' });
    rig.sim.faults.failInternally(true);
    await expect(rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'market' }))).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    rig.sim.faults.failInternally(false);
    expect(simOrders(rig)).toEqual([]);
  });

  it('idempotency keys are deterministic; a repeated place returns the same order', async () => {
    const rig = await startRig();
    expect(rig.adapter.idempotencyKeyFor('abc')).toBe(rig.adapter.idempotencyKeyFor('abc'));
    expect(rig.adapter.idempotencyKeyFor('abc')).not.toBe(rig.adapter.idempotencyKeyFor('abd'));
    const req = order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -4) });
    const a = await rig.adapter.placeOrder(req);
    const b = await rig.adapter.placeOrder(req);
    expect(b.venueOrderId).toBe(a.venueOrderId);
    expect(simOrders(rig)).toHaveLength(1);
  });
});
