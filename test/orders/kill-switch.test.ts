import { afterEach, describe, expect, it } from 'vitest';
import { FakeAdapter } from './fake/adapter';
import { limit, placed, rig, type Rig } from './helpers';

describe('kill switch', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('cancels everything it can reach, reports the unreachable venue, and blocks until re-armed', async () => {
    // Paxos here without cancel-all, so the per-order path is exercised too.
    r = await rig(
      {},
      {
        paxos: new FakeAdapter('paxos', { cancelAll: false }),
        finery: new FakeAdapter('finery'),
        alor: new FakeAdapter('alor'),
      },
    );
    const m = r.manager;
    const orders = {
      paxos: await placed(m, limit('paxos', 'buy', '1', '100')), // no cancel-all: per-order cancel
      finery: await placed(m, limit('finery', 'buy', '1', '100')), // cancel-all
      alor: await placed(m, limit('alor', 'sell', '1', '100')),
    };
    r.adapters.alor.reachable = false; // the ALOR link is dead, but we do not know yet
    const report = await m.kill();
    expect(report.cancelled.map((c) => c.clientOrderId).sort()).toEqual([orders.paxos, orders.finery].sort());
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ venue: 'alor', clientOrderId: orders.alor });
    expect(report.failed[0]!.reason).toMatch(/ALOR.*unreachable/);
    expect(r.adapters.paxos.sim.openOrders()).toHaveLength(0);
    expect(r.adapters.finery.sim.openOrders()).toHaveLength(0);
    expect(r.adapters.finery.calls.some((c) => c.action === 'cancelAll')).toBe(true);
    expect(m.riskEvents().at(-1)).toMatchObject({ kind: 'kill', severity: 'critical' });

    await expect(m.place(limit('paxos', 'buy', '1', '100'))).rejects.toThrow(/kill switch/);
    // Blocked over a restart too.
    const m2 = await r.restart();
    await expect(m2.place(limit('paxos', 'buy', '1', '100'))).rejects.toThrow(/kill switch/);
    m2.arm(true);
    await placed(m2, limit('paxos', 'buy', '1', '100'));
  });

  it('an order not yet acknowledged is reported and cancelled once the venue acknowledges it', async () => {
    r = await rig(
      {},
      {
        paxos: new FakeAdapter('paxos', { cancelAll: false }),
        finery: new FakeAdapter('finery'),
        alor: new FakeAdapter('alor'),
      },
    );
    const m = r.manager;
    const a = r.adapters.paxos;
    a.fault('place', 'hold');
    const placing = m.place(limit('paxos', 'buy', '1', '100'));
    await new Promise((res) => setTimeout(res, 0));
    const report = await m.kill();
    expect(report.failed[0]!.reason).toMatch(/not acknowledged/);
    a.release();
    await placing;
    expect(a.sim.openOrders()).toHaveLength(0);
    expect(m.workingOrders()).toHaveLength(0);
  });

  it('cancel-all by venue and market leaves the rest alone', async () => {
    r = await rig();
    const m = r.manager;
    const keep = await placed(m, limit('finery', 'buy', '1', '100'));
    const eth = await placed(m, { ...limit('finery', 'buy', '1', '100'), market: 'ETHfinery' });
    const report = await m.cancelAll('finery', 'ETHfinery');
    expect(report.cancelled.map((c) => c.clientOrderId)).toEqual([eth]);
    expect(m.find(keep)!.status).toBe('working');
    expect(m.riskState().killed).toBe(false);
  });
});
