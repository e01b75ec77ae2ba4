import { afterEach, describe, expect, it } from 'vitest';
import { VenueError } from '../../../../electron/venues/common/adapter';
import {
  closeRigs,
  expectBookMatches,
  order,
  priceFrom,
  simOrders,
  startRig,
  state,
  waitFor,
  waitState,
  type Rig,
} from './helpers';

afterEach(closeRigs);

/** A resting order placed before the fault, to prove it is neither lost nor duplicated after. */
async function restingOrder(rig: Rig) {
  const req = order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -20) });
  const placed = await rig.adapter.placeOrder(req);
  await waitFor('working', () =>
    rig.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.status === 'working'),
  );
  return { req, placed };
}

async function expectOrderIntact(rig: Rig, venueOrderId: string) {
  expect(simOrders(rig).map((o) => o.orderId)).toEqual([venueOrderId]);
  const open = await rig.adapter.openOrders();
  expect(open.map((o) => o.venueOrderId)).toEqual([venueOrderId]);
}

describe('ALOR adapter: recovery from every simulator fault', () => {
  it('connection drop: reconnecting → live, fresh snapshot, book equals the simulator, order intact', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await expectBookMatches(rig);
    const { placed } = await restingOrder(rig);
    const resets = rig.sinkCalls.resets.length;
    rig.sim.faults.dropConnections();
    await waitState(rig, 'reconnecting');
    expect(state(rig)).toBe('reconnecting');
    rig.generator.step(200);
    await waitState(rig, 'live');
    expect(rig.sinkCalls.resets.length).toBeGreaterThan(resets);
    await expectBookMatches(rig);
    await expectOrderIntact(rig, placed.venueOrderId);
    expect(rig.adapter.stats().sessions).toBeGreaterThanOrEqual(2);
  });

  it('stalled feed: stale with staleFeeds while the socket stays up, resubscribed, live again on resume', async () => {
    const rig = await startRig({ rate: 400, adapter: { bookStaleAfterMs: 400 } });
    rig.adapter.subscribeMarket('SBER');
    await waitState(rig, 'live');
    rig.sim.faults.stallFeeds();
    await waitState(rig, 'stale');
    expect(rig.statuses.at(-1)!.staleFeeds).toEqual(['book:SBER']);
    expect(rig.statuses.at(-1)!.reason).toMatch(/no fresh data on book:SBER/);
    // The socket stayed up: still the first session, stale without any reconnect.
    expect(rig.adapter.stats().sessions).toBe(1);
    const resyncs = rig.adapter.stats().resyncs;
    expect(resyncs).toBeGreaterThanOrEqual(1);
    rig.sim.faults.resumeFeeds();
    await waitState(rig, 'live');
    rig.generator.stop();
    await expectBookMatches(rig);
    expect(rig.adapter.stats().staleEvents).toBeGreaterThanOrEqual(1);
  });

  it('malformed frames are counted, never applied; the book is reset and resubscribed', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await expectBookMatches(rig);
    const binds = rig.sinkCalls.binds.length;
    rig.sim.faults.sendMalformed(3);
    await waitFor('malformed counted', () => rig.adapter.stats().malformed >= 1);
    await waitFor('rebound', () => rig.sinkCalls.binds.length > binds);
    rig.generator.step(100);
    await expectBookMatches(rig);
    await waitState(rig, 'live');
    expect(rig.engineEvents.filter((e) => e.type === 'frameRejected')).toEqual([]);
  });

  it('token expiry: the /cws command is refused, a token is re-minted, the same guid is resent once', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await waitState(rig, 'live');
    rig.sim.faults.expireTokens();
    const req = order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -7) });
    const placed = await rig.adapter.placeOrder(req);
    expect(rig.adapter.stats().tokenMints).toBe(2);
    expect(simOrders(rig).map((o) => o.orderId)).toEqual([placed.venueOrderId]);
    // A new /ws request now carries the fresh token: subscribing works and the book is right.
    rig.adapter.subscribeMarket('GAZP');
    await expectBookMatches(rig, 'GAZP');
    await expectBookMatches(rig, 'SBER');
  });

  it('token expiry seen first on /ws: 401, re-mint, reconnect, books resynced', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await waitState(rig, 'live');
    rig.sim.faults.expireTokens();
    rig.adapter.subscribeMarket('GAZP');
    await waitState(rig, 'reconnecting');
    expect(rig.statuses.at(-1)!.reason).toMatch(/refused the access token/);
    await waitState(rig, 'live');
    await expectBookMatches(rig, 'GAZP');
    await expectBookMatches(rig, 'SBER');
  });

  it('token renewal ahead of expiry with a short lifetime: /cws re-authorized, orders keep working', async () => {
    const rig = await startRig({ sim: { jwtLifetimeSeconds: 3 } });
    await waitFor('two renewals', () => rig.adapter.stats().tokenMints >= 3, 10_000);
    const placed = await rig.adapter.placeOrder(
      order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -9) }),
    );
    expect(simOrders(rig).map((o) => o.orderId)).toEqual([placed.venueOrderId]);
    expect(rig.statuses.some((s) => s.state === 'reconnecting' || s.state === 'down')).toBe(false);
    // Re-authorized ahead of expiry: no command was ever refused for its token.
    expect(rig.adapter.stats().tokenRefusals).toBe(0);
  });

  it('revoked refresh token: orders fail as unauthorized, state down with a plain reason', async () => {
    const rig = await startRig();
    await waitState(rig, 'live');
    rig.sim.faults.revokeTokens();
    const err = await rig.adapter
      .placeOrder(order(rig, { side: 'buy', type: 'market' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).kind).toBe('unauthorized');
    await waitState(rig, 'down');
    expect(rig.statuses.at(-1)!.reason).toMatch(/refused the refresh token/);
    expect(simOrders(rig)).toEqual([]);
    await expect(rig.adapter.placeOrder(order(rig, { side: 'buy', type: 'market' }))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('server restart: recovers, book equals the simulator, orders intact', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await expectBookMatches(rig);
    const { placed } = await restingOrder(rig);
    await rig.sim.faults.restart();
    await waitState(rig, 'reconnecting');
    rig.generator.step(150);
    await waitState(rig, 'live');
    await expectBookMatches(rig);
    await expectOrderIntact(rig, placed.venueOrderId);
  });

  it('delayed reply lost to a drop: resent with the same guid after reconnect, exactly one order', async () => {
    const rig = await startRig();
    rig.sim.faults.delayReplies(300);
    const req = order(rig, { side: 'buy', type: 'limit', price: priceFrom(rig, 'SBER', 'bid', -11) });
    const pending = rig.adapter.placeOrder(req);
    await waitFor('order reached the venue', () => simOrders(rig).length === 1);
    rig.sim.faults.dropConnections();
    const placed = await pending;
    rig.sim.faults.delayReplies(0);
    expect(rig.adapter.stats().commandsResent).toBeGreaterThanOrEqual(1);
    expect(simOrders(rig).map((o) => o.orderId)).toEqual([placed.venueOrderId]);
    await waitFor('order update with our id', () =>
      rig.orders.some((o) => o.venueOrderId === placed.venueOrderId && o.clientOrderId === req.clientOrderId),
    );
  });
});
