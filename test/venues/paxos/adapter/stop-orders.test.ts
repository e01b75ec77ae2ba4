// Our adapter against the simulator's stop orders (paxos.md §11.1): a sell stop is accepted,
// works untriggered, cancels, and once the market trades at its stop price fills as a market sell.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import type { PlaceOrderRequest } from '../../../../electron/venues/common/adapter';
import { liveWith, rig, waitFor } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const px = (scaled: number) => formatScaled(scaled, 2);

function stopSell(x: Rig, stopPrice: string): PlaceOrderRequest {
  const clientOrderId = randomUUID();
  return {
    clientOrderId,
    idempotencyKey: x.adapter.idempotencyKeyFor(clientOrderId),
    market: 'BTCUSD',
    side: 'sell',
    type: 'stop',
    size: '0.001',
    stopPrice,
    timeInForce: 'GTC',
  };
}

describe('Paxos adapter: stop orders against the simulator', () => {
  it('a sell stop works untriggered and cancels', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    const bid = r.sim.markets.get('BTCUSD')!.top().bid!;
    const req = stopSell(r, px(bid.price - 40 * 25));
    const placed = await r.adapter.placeOrder(req);
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
    );
    expect(r.orders.find((o) => o.venueOrderId === placed.venueOrderId)?.type).toBe('stop');
    const cancelled = await r.adapter.cancelOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: placed.venueOrderId,
      idempotencyKey: req.idempotencyKey,
      market: 'BTCUSD',
    });
    expect(cancelled.status).toBe('cancelled');
  });

  it('a sell stop triggered by a trade at its stop price fills and reports its fills', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    const market = r.sim.markets.get('BTCUSD')!;
    const placed = await r.adapter.placeOrder(stopSell(r, px(market.top().bid!.price)));
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
    );
    // Someone else sells into the best bid.
    market.place({
      orderId: 'other-1',
      side: 'sell',
      type: 'market',
      size: 1,
      timeInForce: 'IOC',
      owner: 'other',
    });
    await waitFor(() =>
      r!.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled'),
    );
    const fills = r.fills.filter((f) => f.venueOrderId === placed.venueOrderId);
    expect(fills.reduce((a, f) => a + Math.round(Number(f.size) * 1e8), 0)).toBe(100_000);
  });
});
