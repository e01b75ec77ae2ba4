// Crash recovery's lookup (issue 14 item 5): an order we sent is found at ALOR by our
// clientOrderId (its comment) before any resend; one ALOR never saw is undefined.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRigs, order, priceFrom, startRig } from './helpers';

afterEach(closeRigs);

describe('ALOR adapter: lookupOrder', () => {
  it('finds a placed order by its clientOrderId and answers undefined for one never sent', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'buy',
      type: 'limit',
      size: '1',
      price: priceFrom(rig, 'SBER', 'bid', -10),
    });
    const placed = await rig.adapter.placeOrder(req);
    const found = await rig.adapter.lookupOrder!({
      clientOrderId: req.clientOrderId,
      idempotencyKey: req.idempotencyKey,
      market: 'SBER',
    });
    expect(found).toMatchObject({ venueOrderId: placed.venueOrderId, clientOrderId: req.clientOrderId });
    const never = randomUUID();
    expect(
      await rig.adapter.lookupOrder!({
        clientOrderId: never,
        idempotencyKey: rig.adapter.idempotencyKeyFor(never),
        market: 'SBER',
      }),
    ).toBeUndefined();
  });
});
