import { afterEach, describe, expect, it } from 'vitest';
import { limit, placed, rig, settle, until, type Rig } from './helpers';

describe('restart reconciliation', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('fills traded while we were down are fetched once, never twice', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    const cid = await placed(r.manager, limit('paxos', 'buy', '3', '100'));
    const vid = r.manager.find(cid)!.venueOrderId!;
    a.sim.fill(vid, 10_000);
    await r.manager.close();
    a.streaming = false; // we are gone: these reach nobody
    a.sim.fill(vid, 10_000, 9_900);
    a.sim.fill(vid, 5_000, 9_800);
    a.streaming = true;
    const m2 = await r.restart();
    expect(
      m2
        .fills()
        .map((f) => f.fill.fillId)
        .sort(),
    ).toEqual(a.sim.fills.map((f) => f.fillId).sort());
    expect(m2.find(cid)!.filled).toBe(25_000);
    expect(m2.find(cid)!.status).toBe('partially_filled');
    expect(m2.positions()[0]!.position).toBe('2.5');
    // A second restart (and the venue streaming an old fill again) changes nothing.
    const m3 = await r.restart();
    a.sim.onFill(a.sim.fills[0]!);
    expect(m3.fills()).toHaveLength(3);
    expect(m3.positions()[0]!.position).toBe('2.5');
  });

  it('a crash between journaling and the reply: the place is resent under the same key, one order at the venue', async () => {
    r = await rig();
    const a = r.adapters.alor;
    a.fault('place', 'hold'); // the venue has acted; our process dies before hearing back
    void r.manager.place(limit('alor', 'sell', '1', '100'));
    await settle();
    const cid = r.manager.orders().map((o) => o.intent.clientOrderId)[0]!;
    const m2 = await r.restart();
    a.release();
    const o = m2.find(cid)!;
    expect(o.status).toBe('working');
    expect(a.sim.orders.size).toBe(1);
    expect(o.venueOrderId).toBe([...a.sim.orders.keys()][0]);
  });

  it('a place that never reached the venue is sent on restart, once', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    a.fault('place', 'lose-before');
    a.fault('place', 'lose-before');
    a.fault('place', 'lose-before');
    a.fault('place', 'lose-before');
    const res = await r.manager.place(limit('paxos', 'buy', '1', '100'));
    if (res.status !== 'accepted') throw new Error('expected acceptance');
    await r.manager.close(); // stop the background resends: simulate dying here
    expect(a.sim.orders.size).toBe(0);
    const m2 = await r.restart();
    // One more resend is lost on the way; the retries that follow use the same key.
    await until(() => m2.find(res.order.clientOrderId)!.status === 'working', 'the resent order');
    expect(a.sim.orders.size).toBe(1);
    expect(a.faults).toHaveLength(0);
  });

  it('orders at the venue unknown to us are adopted', async () => {
    r = await rig();
    const a = r.adapters.finery;
    a.sim.place({
      clientOrderId: 'not-ours',
      idempotencyKey: 'x1',
      market: 'BTC-USD',
      side: 'sell',
      type: 'limit',
      size: '0.5',
      price: '120',
      timeInForce: 'GTC',
    });
    const m2 = await r.restart();
    const adopted = [...m2.orders()].filter((o) => o.adopted);
    expect(adopted).toHaveLength(1);
    expect(adopted[0]).toMatchObject({
      status: 'working',
      size: 5000,
      price: 12_000,
      venueOrderId: 'finery-1',
    });
    expect(m2.riskEvents().some((e) => e.kind === 'reconciled')).toBe(true);
    // The kill switch reaches adopted orders too.
    await m2.cancel(adopted[0]!.intent.clientOrderId);
    expect(a.sim.orders.get('finery-1')!.status).toBe('cancelled');
  });

  it('local working orders missing at the venue are resolved by the venue answer', async () => {
    r = await rig();
    const a = r.adapters.finery;
    const gone = await placed(r.manager, limit('finery', 'buy', '1', '100'));
    const done = await placed(r.manager, limit('finery', 'buy', '1', '100'));
    await r.manager.close();
    a.drop(); // cancel-on-disconnect ends both at the venue…
    a.sim.orders.get(r.manager.find(done)!.venueOrderId!)!.status = 'working';
    a.streaming = true;
    a.reachable = true;
    a.sim.fill(r.manager.find(done)!.venueOrderId!, 10_000); // …but one had filled first
    const m2 = await r.restart();
    expect(m2.find(gone)!.status).toBe('cancelled');
    expect(m2.find(done)!.status).toBe('filled');
    expect(m2.workingOrders()).toHaveLength(0);
  });

  it('a cancel pending over a restart is sent again under its key', async () => {
    r = await rig();
    const a = r.adapters.alor;
    const cid = await placed(r.manager, limit('alor', 'buy', '1', '100'));
    a.fault('cancel', 'lose-before');
    await r.manager.cancel(cid);
    await r.manager.close();
    expect(a.sim.openOrders()).toHaveLength(1);
    const m2 = await r.restart();
    expect(m2.find(cid)!.status).toBe('cancelled');
    expect(a.sim.openOrders()).toHaveLength(0);
  });

  it('reconnecting venues are reconciled; a disconnect without venue cancel raises a critical risk event', async () => {
    r = await rig();
    const m = r.manager;
    const p = r.adapters.paxos;
    const f = r.adapters.finery;
    await placed(m, limit('paxos', 'buy', '1', '100'));
    const fo = await placed(m, limit('finery', 'buy', '1', '100'));
    p.drop();
    f.drop();
    const paxosEvent = m.riskEvents().find((e) => e.venue === 'paxos')!;
    expect(paxosEvent.severity).toBe('critical');
    expect(paxosEvent.message).toMatch(/does NOT cancel/);
    expect(m.riskEvents().find((e) => e.venue === 'finery')!.severity).toBe('warning');
    await f.connect();
    await m.idle();
    expect(m.find(fo)!.status).toBe('cancelled');
  });
});
