// Crash recovery's lookup (issue 14 item 5): an order we sent is found at Finery by its
// clientOrderId (positions / dealHistory) before any resend; one Finery never saw is undefined.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAndSubscribe, order, startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Finery adapter: lookupOrder', () => {
  it('finds a resting order and a filled one by clientOrderId; undefined for one never sent', async () => {
    rig = await startRig();
    await connectAndSubscribe(rig);
    const resting = order(rig);
    const placed = await rig.adapter.placeOrder(resting);
    const found = await rig.adapter.lookupOrder!({
      clientOrderId: resting.clientOrderId,
      idempotencyKey: resting.idempotencyKey,
      market: resting.market,
    });
    expect(found).toMatchObject({ venueOrderId: placed.venueOrderId, status: 'working' });
    const filled = order(rig, { price: '70000', timeInForce: 'IOC', size: '0.02' });
    const done = await rig.adapter.placeOrder(filled);
    expect(
      await rig.adapter.lookupOrder!({
        clientOrderId: filled.clientOrderId,
        idempotencyKey: filled.idempotencyKey,
        market: filled.market,
      }),
    ).toMatchObject({ venueOrderId: done.venueOrderId, status: 'filled' });
    const never = randomUUID();
    expect(
      await rig.adapter.lookupOrder!({
        clientOrderId: never,
        idempotencyKey: rig.adapter.idempotencyKeyFor(never),
        market: resting.market,
      }),
    ).toBeUndefined();
  });
});
