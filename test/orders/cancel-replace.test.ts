// Modify on Paxos (no modify at the venue) as cancel-replace in the order manager: the trader's
// one order moves; the replacement leaves only after the venue confirmed the cancel, for what is
// left after every fill; a refused cancel fails the modify; a restart resumes without a loss or
// a duplicate.
import { afterEach, describe, expect, it } from 'vitest';
import { VenueError, type VenueOrderUpdate } from '../../electron/venues/common/adapter';
import type { FakeAdapter } from './fake/adapter';
import { limit, placed, rig, settle, until, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

/**
 * As Paxos answers a DELETE: the cancel is acknowledged while the order still shows open; it
 * turns cancelled later (confirm), and fills can come in between.
 */
function acknowledgeOnly(a: FakeAdapter): { confirm(): void; cancels: string[] } {
  const cancels: string[] = [];
  a.cancelOrder = async (req) => {
    cancels.push(req.venueOrderId);
    const o = a.sim.orders.get(req.venueOrderId)!;
    return a.sim.view(o);
  };
  return {
    cancels,
    confirm() {
      for (const id of cancels) {
        const o = a.sim.orders.get(id)!;
        if (o.status === 'working' || o.status === 'partially_filled') o.status = 'cancelled';
        a.sim.onOrder(a.sim.view(o));
      }
    },
  };
}

const workingAtVenue = (a: FakeAdapter) =>
  [...a.sim.orders.values()].filter((o) => o.status === 'working' || o.status === 'partially_filled');

describe('cancel-replace modify (Paxos)', () => {
  it('moves the one order: the old venue order is cancelled, the replacement carries the new price', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    await m.modify(cid, { price: '99.5' });
    const o = m.find(cid)!;
    expect(o.status).toBe('working');
    expect(o.price).toBe(9_950);
    expect(o.size).toBe(10_000);
    expect(o.venueOrderId).not.toBe(oldId);
    expect(o.previousIds).toEqual([oldId]);
    expect(a.sim.orders.get(oldId)!.status).toBe('cancelled');
    expect(workingAtVenue(a).map((v) => [v.venueOrderId, v.price, v.size])).toEqual([
      [o.venueOrderId, 9_950, 10_000],
    ]);
    // One order in the views, not two.
    expect(m.workingOrders().map((w) => w.intent.clientOrderId)).toEqual([cid]);
    // The cancel went before the replacement.
    const commands = a.calls.filter((c) => c.action === 'place' || c.action === 'cancel');
    expect(commands.map((c) => c.action)).toEqual(['place', 'cancel', 'place']);
  });

  it('places nothing until the cancel is confirmed, and counts the fills that came in between', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    const venue = acknowledgeOnly(a);
    await m.modify(cid, { price: '101' });
    expect(m.find(cid)!.status).toBe('modify_pending');
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(1);

    a.sim.fill(oldId, 3000); // 0.3 trades while the cancel is on its way
    expect(m.find(cid)!.status).toBe('modify_pending');
    venue.confirm();
    await until(() => m.find(cid)!.status !== 'modify_pending', 'the replacement');

    const o = m.find(cid)!;
    expect(o.status).toBe('partially_filled');
    expect([o.size, o.filled, o.price]).toEqual([10_000, 3000, 10_100]);
    const replacement = workingAtVenue(a);
    expect(replacement.map((v) => [v.size, v.price])).toEqual([[7000, 10_100]]);

    // The rest fills on the replacement: one order, filled, position exact.
    a.sim.fill(replacement[0]!.venueOrderId, 7000);
    expect(m.find(cid)!.status).toBe('filled');
    expect(m.find(cid)!.filled).toBe(10_000);
    expect(m.positions()[0]!.position).toBe('1');
    expect(m.fills()).toHaveLength(2);
  });

  it('sends no replacement once the kill switch is pulled, even when the kill could not reach the venue', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    const venue = acknowledgeOnly(a);
    await m.modify(cid, { price: '101' });
    expect(m.find(cid)!.status).toBe('modify_pending');
    // The venue stops answering: the kill switch's cancels all fail.
    const acknowledge = a.cancelOrder;
    a.cancelOrder = async () => {
      throw new VenueError('unavailable', 'venue busy', true);
    };
    for (let i = 0; i < 10; i++) a.fault('cancelAll', 'unavailable');
    await m.kill();
    a.cancelOrder = acknowledge;
    // The first cancel's confirmation arrives after all.
    venue.confirm();
    await settle();
    await settle();
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(1);
    expect(workingAtVenue(a)).toEqual([]);
    const o = m.find(cid)!;
    expect(o.status).toBe('cancelled');
    expect(a.sim.orders.get(oldId)!.status).toBe('cancelled');
  });

  it('a refused cancel fails the modify with the venue reason and the order stays', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'sell', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    a.fault('cancel', 'reject', 'order is not cancellable');
    await expect(m.modify(cid, { price: '102' })).rejects.toThrow(/not cancellable/);
    const o = m.find(cid)!;
    expect(o.status).toBe('working');
    expect(o.price).toBe(10_000);
    expect(o.venueOrderId).toBe(oldId);
    expect(o.reason).toContain('not cancellable');
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(1);
    expect(workingAtVenue(a)).toHaveLength(1);
  });

  it('an order that fills completely while its cancel is on the way is not replaced', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    const venue = acknowledgeOnly(a);
    await m.modify(cid, { price: '101' });
    a.sim.fill(oldId, 10_000);
    venue.confirm(); // the venue reports the order filled, not cancelled
    await settle();
    const o = m.find(cid)!;
    expect(o.status).toBe('filled');
    expect(o.filled).toBe(10_000);
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(1);
    expect(workingAtVenue(a)).toHaveLength(0);
    expect(m.positions()[0]!.position).toBe('1');
  });

  it('fills reported only on the confirmed cancel still shrink the replacement', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    const oldId = m.find(cid)!.venueOrderId!;
    const venue = acknowledgeOnly(a);
    a.streaming = false; // the fill's own report is late
    await m.modify(cid, { price: '101', size: '2' });
    a.sim.fill(oldId, 4000);
    a.streaming = true;
    venue.confirm();
    await until(() => m.find(cid)!.status !== 'modify_pending', 'the replacement');
    expect(workingAtVenue(a).map((v) => v.size)).toEqual([16_000]);
    expect([m.find(cid)!.size, m.find(cid)!.filled]).toEqual([20_000, 4000]);
  });

  it('a replacement the venue refuses ends the order with the reason', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    a.fault('place', 'reject', 'post-only would cross');
    await expect(m.modify(cid, { price: '120' })).rejects.toThrow(/post-only would cross/);
    const o = m.find(cid)!;
    expect(o.status).toBe('cancelled');
    expect(o.reason).toContain('post-only would cross');
    expect(workingAtVenue(a)).toHaveLength(0);
  });

  it('a cancel while the replacement is on its way cancels the replacement once it is known', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const cid = await placed(m, limit('paxos', 'buy', '1', '100'));
    a.fault('place', 'hold');
    const moving = m.modify(cid, { price: '99' });
    await until(() => a.heldCount === 1, 'the replacement to go out');
    await m.cancel(cid);
    expect(m.find(cid)!.status).toBe('cancel_pending');
    a.release();
    await moving;
    await until(() => m.find(cid)!.status === 'cancelled', 'the replacement cancelled');
    expect(workingAtVenue(a)).toHaveLength(0);
  });

  it('a restart after the cancel went out resumes: confirmed, replaced once', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    a.sim.finalOnCancel = true;
    const cid = await placed(r.manager, limit('paxos', 'buy', '1', '100'));
    a.fault('cancel', 'hold'); // the venue cancels; its answer never reaches us
    void r.manager.modify(cid, { price: '98' }).catch(() => undefined);
    await settle();
    expect(r.manager.find(cid)!.status).toBe('modify_pending');
    const m = await r.restart();
    await m.idle();
    await until(() => m.find(cid)!.status === 'working', 'the resumed replacement');
    expect(m.find(cid)!.price).toBe(9_800);
    expect(workingAtVenue(a).map((v) => v.price)).toEqual([9_800]);
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(2);
  });

  it('a restart after the replacement went out finds it at the venue and does not send it again', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    const cid = await placed(r.manager, limit('paxos', 'buy', '1', '100'));
    let placeCalls = 0;
    const place = a.placeOrder;
    a.placeOrder = (req) => {
      placeCalls++;
      // The replacement: the venue takes it, the answer is lost with the crash.
      return placeCalls === 1 ? place(req).then(() => new Promise<VenueOrderUpdate>(() => {})) : place(req);
    };
    void r.manager.modify(cid, { price: '97' }).catch(() => undefined);
    await until(() => placeCalls === 1, 'the replacement to go out');
    await settle();
    const m = await r.restart();
    await m.idle();
    const o = m.find(cid)!;
    expect(o.status).toBe('working');
    expect(o.price).toBe(9_700);
    expect(workingAtVenue(a)).toHaveLength(1);
    expect(o.venueOrderId).toBe(workingAtVenue(a)[0]!.venueOrderId);
    expect(placeCalls).toBe(1);
  });
});
