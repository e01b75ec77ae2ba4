import { afterEach, describe, expect, it } from 'vitest';
import { OrderStatus } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { applyVenueUpdate, canTransition, TRANSITIONS, transition } from '../../electron/orders/lifecycle';
import type { Order } from '../../electron/orders/types';
import { captureLogs, limit, placed, rig, settle, type Rig } from './helpers';

const VENUES: VenueId[] = ['paxos', 'finery', 'alor'];

function bare(status: Order['status']): Order {
  return {
    intent: {
      clientOrderId: 'c',
      idempotencyKey: 'k',
      venue: 'paxos',
      market: 'BTCUSD',
      canonical: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      size: '1',
      price: '100',
      priceScale: 2,
      sizeScale: 4,
      oneClick: false,
    },
    size: 10_000,
    price: 10_000,
    status,
    filled: 0,
    fillSize: 0,
    fillCost: 0n,
    adopted: false,
    createdAt: 0,
    updatedAt: 0,
  };
}

describe('transition table', () => {
  it('allows exactly the listed transitions and refuses (and logs) the rest', () => {
    const logs = captureLogs();
    try {
      for (const from of OrderStatus.options) {
        for (const to of OrderStatus.options) {
          const o = bare(from);
          const allowed = from === to || TRANSITIONS[from].includes(to);
          expect(canTransition(from, to)).toBe(allowed);
          expect(transition(o, to, 1, 'test')).toBe(allowed);
          expect(o.status).toBe(allowed ? to : from);
        }
      }
      expect(logs.records.some((r) => r.message === 'illegal order transition refused')).toBe(true);
    } finally {
      logs.stop();
    }
  });

  it('never leaves filled or rejected', () => {
    expect(TRANSITIONS.filled).toEqual([]);
    expect(TRANSITIONS.rejected).toEqual([]);
  });

  it('ignores a cancel acknowledgement that arrives after the last fill', () => {
    const o = bare('cancel_pending');
    o.venueOrderId = 'v1';
    o.filled = 10_000;
    transition(o, 'filled', 1, 'fill');
    applyVenueUpdate(
      o,
      {
        venue: 'paxos',
        market: 'BTCUSD',
        venueOrderId: 'v1',
        side: 'buy',
        type: 'limit',
        size: '1',
        filled: '1',
        status: 'cancelled',
        at: 2,
      },
      'cancel',
      2,
    );
    expect(o.status).toBe('filled');
  });

  it('a stale working update does not undo a partial fill', () => {
    const o = bare('partially_filled');
    o.filled = 4000;
    applyVenueUpdate(
      o,
      {
        venue: 'paxos',
        market: 'BTCUSD',
        venueOrderId: 'v1',
        side: 'buy',
        type: 'limit',
        size: '1',
        filled: '0',
        status: 'working',
        at: 2,
      },
      'stream',
      2,
    );
    expect(o.status).toBe('partially_filled');
    expect(o.filled).toBe(4000);
  });
});

describe.each(VENUES)('order lifecycle on %s', (venue) => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('new → pending → working → partially filled → filled', async () => {
    r = await rig();
    const m = r.manager;
    const cid = await placed(m, limit(venue, 'buy', '1', '100'));
    const o = m.find(cid)!;
    expect(o.status).toBe('working');
    expect(o.intent.idempotencyKey).toBe(`${venue}:${cid}`);
    r.adapters[venue].sim.fill(o.venueOrderId!, 4000);
    expect(o.status).toBe('partially_filled');
    expect(o.filled).toBe(4000);
    r.adapters[venue].sim.fill(o.venueOrderId!, 6000, 9_990);
    expect(o.status).toBe('filled');
    expect(m.fills()).toHaveLength(2);
  });

  it('working → cancel pending → cancelled', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters[venue];
    const cid = await placed(m, limit(venue, 'sell', '1', '100'));
    a.fault('cancel', 'hold');
    const done = m.cancel(cid);
    await settle();
    expect(m.find(cid)!.status).toBe('cancel_pending');
    a.release();
    await done;
    expect(m.find(cid)!.status).toBe('cancelled');
  });

  it('a venue rejection leaves the order rejected with the venue reason', async () => {
    r = await rig();
    r.adapters[venue].fault('place', 'reject', 'insufficient balance');
    const res = await r.manager.place(limit(venue, 'buy', '1', '100'));
    expect(res.status).toBe('accepted');
    if (res.status !== 'accepted') return;
    expect(res.order.status).toBe('rejected');
    expect(res.order.reason).toContain('insufficient balance');
  });

  it('a venue expiry reported on the stream ends the order', async () => {
    r = await rig();
    const cid = await placed(r.manager, limit(venue, 'buy', '1', '100'));
    const a = r.adapters[venue];
    a.sim.endAll('expired', 'end of day');
    const vo = [...a.sim.orders.values()][0]!;
    a.sim.onOrder(a.sim.view(vo));
    expect(r.manager.find(cid)!.status).toBe('expired');
    expect(r.manager.find(cid)!.reason).toBe('end of day');
  });

  it('a refused cancel returns the order to working', async () => {
    r = await rig();
    const cid = await placed(r.manager, limit(venue, 'buy', '1', '100'));
    r.adapters[venue].fault('cancel', 'reject', 'too late to cancel');
    await r.manager.cancel(cid);
    const o = r.manager.find(cid)!;
    expect(o.status).toBe('working');
    expect(o.reason).toContain('too late to cancel');
  });

  it('modify follows the venue capability', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters[venue];
    const cid = await placed(m, limit(venue, 'buy', '1', '100'));
    // A venue that cannot modify (Paxos) is modified by cancel-replace (cancel-replace.test.ts).
    a.fault(a.capabilities.modify ? 'modify' : 'cancel', 'hold');
    const done = m.modify(cid, { price: '101', size: '2' });
    await settle();
    expect(m.find(cid)!.status).toBe('modify_pending');
    a.release();
    await done;
    const o = m.find(cid)!;
    expect(o.status).toBe('working');
    expect([o.price, o.size]).toEqual([10_100, 20_000]);
  });

  it('a fill arriving while a modify is pending counts, and the modify reply settles the state', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters[venue];
    if (!a.capabilities.modify) return;
    const cid = await placed(m, limit(venue, 'buy', '1', '100'));
    const vid = m.find(cid)!.venueOrderId!;
    a.fault('modify', 'hold');
    const done = m.modify(cid, { size: '2' });
    await settle();
    a.sim.fill(vid, 3000); // fill (and its stream update) overtakes the modify reply
    const o = m.find(cid)!;
    expect(o.status).toBe('modify_pending');
    expect(o.filled).toBe(3000);
    a.release();
    await done;
    expect(o.status).toBe('partially_filled');
    expect(o.size).toBe(20_000);
    expect(o.filled).toBe(3000);
  });

  it('an order completely filled while its modify is pending stays filled when the modify is refused', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters[venue];
    if (!a.capabilities.modify) return;
    const cid = await placed(m, limit(venue, 'buy', '1', '100'));
    const vid = m.find(cid)!.venueOrderId!;
    a.fault('modify', 'reject', 'order is filled');
    a.sim.fill(vid, 10_000);
    await expect(m.modify(cid, { price: '99' })).rejects.toThrow(/cannot be modified/);
    expect(m.find(cid)!.status).toBe('filled');
  });

  it('a pending order cancelled before its acknowledgement is cancelled right after it', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters[venue];
    a.fault('place', 'hold');
    const placing = m.place(limit(venue, 'buy', '1', '100'));
    await settle();
    const cid = m.orders().map((o) => o.intent.clientOrderId)[0]!;
    expect(m.find(cid)!.status).toBe('pending');
    await m.cancel(cid);
    expect(m.find(cid)!.status).toBe('cancel_pending');
    a.release();
    await placing;
    expect(m.find(cid)!.status).toBe('cancelled');
    expect([...a.sim.orders.values()][0]!.status).toBe('cancelled');
  });

  it('a lost place reply is resent with the same idempotency key and creates one order', async () => {
    r = await rig();
    const a = r.adapters[venue];
    a.fault('place', 'lose');
    const res = await r.manager.place(limit(venue, 'buy', '1', '100'));
    if (res.status !== 'accepted') throw new Error('expected acceptance');
    await settle(10);
    const o = r.manager.find(res.order.clientOrderId)!;
    expect(o.status).toBe('working');
    expect(a.sim.orders.size).toBe(1);
    const keys = a.calls
      .filter((c) => c.action === 'place')
      .map((c) => (c.args as { idempotencyKey: string }).idempotencyKey);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
  });
});

describe('cancel/replace modify (Finery)', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it("follows the order to its new venue id; the replaced leg's cancel does not end it", async () => {
    r = await rig();
    const a = r.adapters.finery;
    a.sim.replaceOnModify = true;
    const m = r.manager;
    const cid = await placed(m, limit('finery', 'buy', '1', '100'));
    const first = m.find(cid)!.venueOrderId!;
    a.sim.fill(first, 2000);
    await m.modify(cid, { price: '101' });
    const o = m.find(cid)!;
    expect(o.status).toBe('partially_filled');
    expect(o.venueOrderId).not.toBe(first);
    expect(o.previousIds).toEqual([first]);
    expect(o.price).toBe(10_100);
    a.sim.fill(o.venueOrderId!, 8000);
    expect(o.status).toBe('filled');
    expect(o.filled).toBe(10_000);
    // A restart replays to the same place and the venue agrees.
    const m2 = await r.restart();
    expect(m2.find(cid)!.status).toBe('filled');
  });

  it('when the replacement is refused after the old order went, the order is cancelled', async () => {
    r = await rig();
    const a = r.adapters.finery;
    a.sim.replaceOnModify = true;
    a.sim.failReplace = true;
    const cid = await placed(r.manager, limit('finery', 'buy', '1', '100'));
    await r.manager.modify(cid, { price: '101' });
    const o = r.manager.find(cid)!;
    expect(o.status).toBe('cancelled');
    expect(o.reason).toMatch(/modify failed/);
  });
});

describe('fills racing the place reply', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('a fill that names only the venue order id waits for the reply, then counts once', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    a.fault('place', 'hold');
    const placing = r.manager.place(limit('paxos', 'buy', '1', '100'));
    await settle();
    const vo = [...a.sim.orders.values()][0]!;
    a.streaming = false;
    const f = a.sim.fill(vo.venueOrderId, 4000);
    a.streaming = true;
    a.sim.onFill({ ...f, clientOrderId: undefined }); // names only the venue's id, unknown to us yet
    const cid = r.manager.orders().map((o) => o.intent.clientOrderId)[0]!;
    expect(r.manager.fills()).toHaveLength(1);
    expect(r.manager.find(cid)!.fillSize).toBe(0);
    a.sim.onFill(f); // and again, with our id: still one fill
    a.release();
    await placing;
    const o = r.manager.find(cid)!;
    expect([o.status, o.filled, o.fillSize]).toEqual(['partially_filled', 4000, 4000]);
  });
});
