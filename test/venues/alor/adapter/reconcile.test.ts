import { afterEach, describe, expect, it } from 'vitest';
import { closeRigs, order, priceFrom, startRig, waitFor, waitState, type Rig } from './helpers';
import { createAlorAdapter, optionsFromProfile } from '../../../../electron/venues/alor/adapter/alor-adapter';
import type { VenueOrderUpdate } from '../../../../electron/venues/common/adapter';

afterEach(closeRigs);

/** A resting buy at the best bid, then the whole level is swept by someone else. */
function sweepBestBid(rig: Rig): void {
  const m = rig.sim.markets.get('SBER')!;
  const level = m.snapshot(1).bids[0]!;
  m.place({
    orderId: 'other-1',
    side: 'sell',
    type: 'market',
    size: level.size,
    timeInForce: 'IOC',
    owner: 'someone-else',
  });
}

describe('ALOR adapter: reconciliation after reconnect', () => {
  it('a fill that happened while disconnected arrives from the history replay, once', async () => {
    const rig = await startRig();
    const req = order(rig, {
      side: 'buy',
      type: 'limit',
      size: '2',
      price: priceFrom(rig, 'SBER', 'bid', 0),
    });
    const placed = await rig.adapter.placeOrder(req);
    await waitFor('working', () =>
      rig.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
    );
    rig.sim.faults.dropConnections();
    sweepBestBid(rig);
    await waitState(rig, 'reconnecting');
    await waitState(rig, 'live');
    await waitFor(
      'replayed fill',
      () => rig.fills.filter((f) => f.clientOrderId === req.clientOrderId).length > 0,
    );
    await waitFor(
      'corrected order',
      () =>
        rig.orders.at(-1)?.status === 'filled' ||
        rig.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'filled'),
    );
    const fills = rig.fills.length;
    expect(rig.fills.reduce((a, f) => a + Number(f.size), 0)).toBe(2);
    // Another reconnect replays the same history: no duplicate fills, no repeated order update.
    const updates = rig.orders.length;
    rig.sim.faults.dropConnections();
    await waitState(rig, 'reconnecting');
    await waitState(rig, 'live');
    expect(rig.fills.length).toBe(fills);
    expect(rig.orders.length).toBe(updates);
    expect((await rig.adapter.fillsSince(0)).length).toBe(fills);
  });

  it('a restarted adapter recovers our orders with their clientOrderId from the replay', async () => {
    const rig = await startRig();
    const req = order(rig, { side: 'sell', type: 'limit', price: priceFrom(rig, 'SBER', 'ask', 15) });
    const placed = await rig.adapter.placeOrder(req);
    await rig.adapter.disconnect();
    const d = rig.sim.descriptor;
    const seen: VenueOrderUpdate[] = [];
    // As the app builds it: from a vault profile's alor endpoints.
    const again = createAlorAdapter(
      optionsFromProfile(
        { ws: d.ws, cws: d.cws, http: d.api, refresh: `${d.oauth}/refresh` },
        {
          refreshToken: d.refreshToken,
          portfolio: d.portfolio,
          sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
        },
      ),
    );
    again.on('order', (o) => seen.push(o));
    try {
      await again.connect();
      await waitFor('replayed order', () => seen.some((o) => o.venueOrderId === placed.venueOrderId));
      expect(seen.find((o) => o.venueOrderId === placed.venueOrderId)).toMatchObject({
        clientOrderId: req.clientOrderId,
        status: 'working',
      });
      const open = await again.openOrders();
      expect(open.map((o) => [o.venueOrderId, o.clientOrderId])).toEqual([
        [placed.venueOrderId, req.clientOrderId],
      ]);
    } finally {
      await again.disconnect();
    }
  });
});
