import { afterEach, describe, expect, it } from 'vitest';
import { VenueError } from '../../../../electron/venues/common/adapter';
import { connectAndSubscribe, order, startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function ready(): Promise<Rig> {
  rig = await startRig();
  await connectAndSubscribe(rig);
  return rig;
}

const openIds = async (r: Rig) => (await r.adapter.openOrders()).map((o) => o.venueOrderId).sort();

describe('Finery adapter orders', () => {
  it('places a resting limit order, seen on the O feed and in openOrders', async () => {
    const r = await ready();
    const req = order(r);
    const u = await r.adapter.placeOrder(req);
    expect(u).toMatchObject({
      status: 'working',
      size: '0.01',
      filled: '0',
      price: '50000',
      clientOrderId: req.clientOrderId,
    });
    expect(u.idempotencyKey).toBe(req.idempotencyKey);
    expect(await openIds(r)).toEqual([u.venueOrderId]);
    expect(r.orders.filter((o) => o.venueOrderId === u.venueOrderId).map((o) => o.status)).toEqual([
      'working',
    ]);
  });

  it('a marketable order fills: fill events once per deal, order filled, positions move', async () => {
    const r = await ready();
    const req = order(r, { price: '70000', timeInForce: 'IOC', size: '0.02' });
    const u = await r.adapter.placeOrder(req);
    expect(['filled', 'cancelled']).toContain(u.status);
    expect(u.filled).toBe('0.02');
    expect(u.status).toBe('filled');
    await r.until(() => r.positions.some((p) => p.instrument === 'BTC'), 'position');
    const mine = r.fills.filter((f) => f.venueOrderId === u.venueOrderId);
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((f) => f.fillId)).size).toBe(mine.length);
    const total = mine.reduce((s, f) => s + Math.round(Number(f.size) * 1e8), 0);
    expect(total).toBe(2_000_000);
    expect(mine.every((f) => f.liquidity === 'taker' && f.clientOrderId === req.clientOrderId)).toBe(true);
    expect(r.positions.filter((p) => p.instrument === 'BTC').at(-1)?.size).toBe('0.02');
    const since = await r.adapter.fillsSince(0);
    expect(since.map((f) => f.fillId).sort()).toEqual(mine.map((f) => f.fillId).sort());
  });

  it('modifies (cancel/replace): new venue id, old one cancelled as replaced', async () => {
    const r = await ready();
    const req = order(r);
    const u = await r.adapter.placeOrder(req);
    const m = await r.adapter.modifyOrder({
      clientOrderId: req.clientOrderId,
      venueOrderId: u.venueOrderId,
      idempotencyKey: req.idempotencyKey,
      market: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      price: '50001',
      size: '0.03',
    });
    expect(m.venueOrderId).not.toBe(u.venueOrderId);
    expect(m).toMatchObject({
      status: 'working',
      price: '50001',
      size: '0.03',
      clientOrderId: req.clientOrderId,
    });
    const old = r.orders.filter((o) => o.venueOrderId === u.venueOrderId).at(-1)!;
    expect(old.status).toBe('cancelled');
    expect(await openIds(r)).toEqual([m.venueOrderId]);
  });

  it('cancels one order and cancels all', async () => {
    const r = await ready();
    const a = await r.adapter.placeOrder(order(r));
    const c = await r.adapter.cancelOrder({
      clientOrderId: 'x',
      venueOrderId: a.venueOrderId,
      idempotencyKey: 'x',
      market: 'BTC-USD',
    });
    expect(c.status).toBe('cancelled');
    const b1 = await r.adapter.placeOrder(order(r, { price: '49000' }));
    const b2 = await r.adapter.placeOrder(order(r, { side: 'sell', price: '80000' }));
    const all = await r.adapter.cancelAll('BTC-USD');
    expect(all.cancelled.sort()).toEqual([b1.venueOrderId, b2.venueOrderId].sort());
    expect(all.failed).toEqual([]);
    expect(await openIds(r)).toEqual([]);
    const again = await r.adapter.cancelOrder({
      clientOrderId: 'x',
      venueOrderId: b1.venueOrderId,
      idempotencyKey: 'x',
      market: 'BTC-USD',
    });
    expect(again.status).toBe('cancelled');
  });

  it('rejections and unsupported orders are clear errors', async () => {
    const r = await ready();
    r.sim.faults.rejectOrders(true);
    const e1 = await r.adapter.placeOrder(order(r)).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(VenueError);
    expect(e1).toMatchObject({ kind: 'rejected', venueCode: 84 });
    expect((e1 as Error).message).toMatch(/trading not allowed/);
    r.sim.faults.rejectOrders(false);
    const cases = [
      order(r, { type: 'stop' }),
      order(r, { timeInForce: 'DAY' }),
      order(r, { type: 'market', timeInForce: 'GTC' }),
      order(r, { price: '50000.001' }),
      order(r, { size: '-1' }),
      order(r, { market: 'NOPE' }),
      { ...order(r), idempotencyKey: 'not-a-key' },
    ];
    for (const c of cases) {
      const e = await r.adapter.placeOrder(c).catch((x: unknown) => x);
      expect(e, JSON.stringify(c)).toMatchObject({ kind: 'invalid' });
    }
    // A venue-side rejection: post-only that would cross.
    const e2 = await r.adapter
      .placeOrder(order(r, { price: '70000', postOnly: true }))
      .catch((e: unknown) => e);
    expect(e2).toMatchObject({ kind: 'rejected', venueCode: 75 });
    expect(await openIds(r)).toEqual([]);
  });

  it('a resend with the same idempotency key returns the order already placed (error 74), never a second one', async () => {
    const r = await ready();
    const req = order(r);
    const first = await r.adapter.placeOrder(req);
    const second = await r.adapter.placeOrder(req);
    expect(second.venueOrderId).toBe(first.venueOrderId);
    expect(await openIds(r)).toEqual([first.venueOrderId]);
    // A fresh adapter (as after a process restart) finds it through the venue's queries.
    const ioc = order(r, { price: '70000', timeInForce: 'IOC' });
    const filled = await r.adapter.placeOrder(ioc);
    await r.adapter.disconnect();
    const r2 = await startRigOn(r);
    const again = await r2.placeOrder(ioc);
    expect(again).toMatchObject({ venueOrderId: filled.venueOrderId, status: 'filled', filled: '0.01' });
    // The resting one went with our first session (cancel on disconnect): neither open nor filled,
    // so the adapter says so instead of placing it again.
    const gone = await r2.placeOrder(req).catch((e: unknown) => e);
    expect(gone).toMatchObject({ kind: 'duplicate', venueCode: 74 });
    expect((await r2.openOrders()).length).toBe(0);
    await r2.disconnect();
  });

  it('delayed replies: resent with the same clientOrderId, exactly one order results', async () => {
    rig = await startRig({}, { replyTimeoutMs: 150 });
    const r = rig;
    await connectAndSubscribe(r);
    r.sim.faults.delayReplies(500);
    const u = await r.adapter.placeOrder(order(r));
    expect(u.status).toBe('working');
    expect(r.adapter.stats().resends).toBeGreaterThan(0);
    r.sim.faults.delayReplies(0);
    expect(await openIds(r)).toEqual([u.venueOrderId]);
  });
});

async function startRigOn(r: Rig) {
  const { createFineryAdapter } = await import('../../../../electron/venues/finery/adapter/finery-adapter');
  const a = createFineryAdapter({
    wsUrl: r.sim.descriptor.ws,
    key: r.sim.descriptor.key,
    secret: r.sim.descriptor.secret,
    sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
  });
  await a.connect();
  return a;
}
