// Issue 14, "Fill identity": a fill is one venue order's execution, whatever ids the venue reuses
// across sessions; and an order in flight at a crash is looked up before any resend.
import { afterEach, describe, expect, it } from 'vitest';
import { limit, placed, rig, settle, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

describe('fill identity', () => {
  it('keeps fills whose ids repeat across venue sessions, exactly, through restarts', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    const first = await placed(r.manager, limit('paxos', 'buy', '1', '100'));
    a.sim.fill(r.manager.find(first)!.venueOrderId!, 10_000);
    // The venue restarts its session: fill ids start again from 1.
    Reflect.set(a.sim, 'fillSeq', 0);
    const second = await placed(r.manager, limit('paxos', 'buy', '2', '100'));
    a.sim.fill(r.manager.find(second)!.venueOrderId!, 20_000);
    await settle();
    expect(r.manager.find(second)!.status).toBe('filled');
    expect(r.manager.fills()).toHaveLength(2);
    expect(r.manager.positions()[0]!.position).toBe('3');
    for (let i = 0; i < 3; i++) {
      const m = await r.restart();
      expect(m.fills()).toHaveLength(2);
      expect(m.positions()[0]!.position).toBe('3');
    }
  });

  it('looks an order in flight at a crash up by its idempotency key before any resend', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    a.fault('place', 'hold');
    const pending = r.manager.place(limit('paxos', 'buy', '1', '100', { timeInForce: 'IOC' }));
    await settle();
    // The venue took the order and ended it (an IOC with nothing to trade); our reply never came.
    a.streaming = false;
    a.sim.endAll('expired', 'IOC: nothing to trade');
    a.streaming = true;
    void pending.catch(() => {});
    const m2 = await r.restart();
    const cid = m2.orders()[0]!.intent.clientOrderId;
    expect(m2.find(cid)!.status).toBe('expired');
    expect(a.calls.filter((c) => c.action === 'place')).toHaveLength(1);
    expect(a.calls.some((c) => c.action === 'lookup')).toBe(true);
  });
});
