// Crash recovery's lookup (issue 14 item 5): an order we sent is found at Paxos by its ref_id
// (REST v2 list filter ref_ids) before any resend; one Paxos never saw is undefined.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import { liveWith, rig } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('Paxos adapter: lookupOrder', () => {
  it('finds a placed order by its ref_id and answers undefined for one never sent', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    const top = r.sim.markets.get('BTCUSD')!.top();
    const clientOrderId = randomUUID();
    const req = {
      clientOrderId,
      idempotencyKey: r.adapter.idempotencyKeyFor(clientOrderId),
      market: 'BTCUSD',
      side: 'buy' as const,
      type: 'limit' as const,
      size: '0.01',
      price: formatScaled(top.bid!.price - 250, 2),
      timeInForce: 'GTC' as const,
    };
    const placed = await r.adapter.placeOrder(req);
    const found = await r.adapter.lookupOrder!({
      clientOrderId,
      idempotencyKey: req.idempotencyKey,
      market: 'BTCUSD',
    });
    expect(found).toMatchObject({
      venueOrderId: placed.venueOrderId,
      clientOrderId,
      idempotencyKey: req.idempotencyKey,
    });
    const never = randomUUID();
    expect(
      await r.adapter.lookupOrder!({
        clientOrderId: never,
        idempotencyKey: r.adapter.idempotencyKeyFor(never),
        market: 'BTCUSD',
      }),
    ).toBeUndefined();
  });
});
