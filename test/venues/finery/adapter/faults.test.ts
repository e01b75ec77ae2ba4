import { afterEach, describe, expect, it } from 'vitest';
import { connectAndSubscribe, order, startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const same = (r: Rig, m = 'BTC-USD') => JSON.stringify(r.books(m).ours) === JSON.stringify(r.books(m).theirs);

/** Moves the market and waits until the adapter-fed book equals the simulator's top 25. */
async function booksAgree(r: Rig): Promise<void> {
  r.gen.step(50);
  await r.until(() => same(r), 'adapter book equal to the simulator book');
  const b = r.books('BTC-USD');
  expect(b.ours).toEqual(b.theirs);
  expect(b.ours.bids.length).toBe(25);
  expect(b.ours.asks.length).toBe(25);
}

describe('Finery adapter recovery from simulator faults', () => {
  it('drop: reconnects, rebuilds the book, and reports our cod orders cancelled', async () => {
    rig = await startRig();
    const r = rig;
    await connectAndSubscribe(r);
    const u = await r.adapter.placeOrder(order(r));
    const from = r.statuses.length;
    r.sim.faults.dropConnections();
    r.gen.step(100);
    const rec = await r.status('reconnecting', from);
    expect(rec.reason).toBeTruthy();
    await r.status('live', from);
    await r.until(
      () => r.orders.some((o) => o.venueOrderId === u.venueOrderId && o.status === 'cancelled'),
      'cod cancel',
    );
    const last = r.orders.filter((o) => o.venueOrderId === u.venueOrderId).at(-1)!;
    expect(last.reason).toMatch(/cancel on disconnect/);
    expect(await r.adapter.openOrders()).toEqual([]);
    await booksAgree(r);
  });

  it('cod off: the order survives a drop and is neither lost nor duplicated', async () => {
    rig = await startRig({}, { cod: false });
    const r = rig;
    expect(r.adapter.capabilities.cancelsOnDisconnect).toBe(false);
    await connectAndSubscribe(r);
    const u = await r.adapter.placeOrder(order(r));
    const from = r.statuses.length;
    r.sim.faults.dropConnections();
    await r.status('live', from);
    const open = await r.adapter.openOrders();
    expect(open.map((o) => o.venueOrderId)).toEqual([u.venueOrderId]);
    expect(r.orders.filter((o) => o.venueOrderId === u.venueOrderId).map((o) => o.status)).toEqual([
      'working',
    ]);
  });

  it('stall: a silent book feed goes stale, is rebound, and is live again once updates flow', async () => {
    rig = await startRig({}, { bookSilenceMs: 250 });
    const r = rig;
    await connectAndSubscribe(r);
    r.sim.faults.stallFeeds();
    r.gen.step(100);
    const from = r.statuses.length;
    const stale = await r.status('stale', from);
    expect(stale.staleFeeds).toEqual(['F:BTC-USD']);
    const resets = r.sinkCalls.length;
    await r.until(() => r.sinkCalls.length > resets || r.adapter.stats().resyncs > 0, 'rebind');
    // The rebind's snapshot is the venue's frozen view: it must not make the feed look live.
    await new Promise((res) => setTimeout(res, 100));
    expect(r.adapter.currentStatus().state).toBe('stale');
    r.sim.faults.resumeFeeds();
    r.gen.step(20);
    await r.status('live', from);
    await booksAgree(r);
  });

  it('malformed frames are counted, the book resynced, and it ends equal to the simulator', async () => {
    rig = await startRig();
    const r = rig;
    await connectAndSubscribe(r);
    const from = r.statuses.length;
    r.sim.faults.sendMalformed(2);
    await r.until(() => r.adapter.stats().malformed >= 2, 'malformed counted');
    await r.status('stale', from);
    await r.status('live', from);
    expect(r.adapter.stats().resyncs).toBeGreaterThan(0);
    await booksAgree(r);
  });

  it('key revocation: the next handshake is refused, reported down, retried slowly', async () => {
    rig = await startRig({}, { authRetryMs: 60_000 });
    const r = rig;
    await connectAndSubscribe(r);
    r.sim.faults.revokeTokens();
    const from = r.statuses.length;
    r.sim.faults.dropConnections();
    const down = await r.status('down', from);
    expect(down.reason).toMatch(/refused.*invalid signature.*code 14/);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.adapter.stats().handshakeFailures).toBe(1);
    expect(r.adapter.currentStatus().state).toBe('down');
  });

  it('server restart: reconnects with a fresh nonce, rebinds, reconciles orders', async () => {
    rig = await startRig();
    const r = rig;
    await connectAndSubscribe(r);
    const u = await r.adapter.placeOrder(order(r));
    const from = r.statuses.length;
    await r.sim.faults.restart();
    await r.status('reconnecting', from);
    await r.status('live', from);
    await r.until(
      () => r.orders.some((o) => o.venueOrderId === u.venueOrderId && o.status === 'cancelled'),
      'cod cancel',
    );
    await booksAgree(r);
    const v = await r.adapter.placeOrder(order(r));
    expect((await r.adapter.openOrders()).map((o) => o.venueOrderId)).toEqual([v.venueOrderId]);
  });

  it('internal errors are retryable unavailability, not crashes', async () => {
    rig = await startRig();
    const r = rig;
    await connectAndSubscribe(r);
    r.sim.faults.failInternally(true);
    const e = await r.adapter.placeOrder(order(r)).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'unavailable', retryable: true, venueCode: 10 });
    r.sim.faults.failInternally(false);
  });

  it('keepalive pings keep an otherwise idle session open; without them the idle close reconnects', async () => {
    rig = await startRig({ idleTimeoutMs: 400 }, { pingIntervalMs: 100 });
    await connectAndSubscribe(rig);
    await new Promise((res) => setTimeout(res, 1000));
    expect(rig.adapter.stats().sessions).toBe(1);
    await rig.close();
    rig = await startRig({ idleTimeoutMs: 300 }, { pingIntervalMs: 60_000 });
    const r = rig;
    await connectAndSubscribe(r);
    const from = r.statuses.length;
    await r.status('reconnecting', from);
    await r.status('live', from);
    expect(r.adapter.stats().sessions).toBeGreaterThan(1);
    await booksAgree(r);
  });
});
