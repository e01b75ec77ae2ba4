// Issue 14, "Nothing stranded": no failure after the journal append leaves an order pending and
// unsent, and a journal record that cannot be replayed is set aside, alerted, never fatal.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecord } from '../../electron/orders/journal';
import { invokeOrderChannel } from '../../electron/orders/service';
import type { JournalRecord } from '../../electron/orders/types';
import type { RiskEvent } from '../../shared/contract';
import { limit, placed, rig, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

describe('nothing stranded', () => {
  it('an adapter throwing before it sends marks the order failed with the reason, not INTERNAL', async () => {
    r = await rig();
    const m = r.manager;
    const a = r.adapters.paxos;
    const placeOrder = a.placeOrder;
    a.placeOrder = () => {
      throw new RangeError('size does not fit the wire format');
    };
    const res = await m.place(limit('paxos', 'buy', '1', '100'));
    expect(res).toMatchObject({ status: 'accepted', order: { status: 'rejected' } });
    if (res.status !== 'accepted') throw new Error('unreachable');
    expect(res.order.reason).toMatch(/could not be sent: size does not fit the wire format/);
    expect(m.workingOrders()).toHaveLength(0);
    a.placeOrder = placeOrder;
    const next = await placed(m, limit('paxos', 'buy', '1', '100'));
    expect(m.find(next)!.status).toBe('working');
  });

  it('sets aside a journal record it cannot replay, alerts until acknowledged, and still starts', async () => {
    r = await rig();
    const good = await placed(r.manager, limit('paxos', 'buy', '1', '100'));
    await r.manager.close();
    const bad = {
      k: 'place',
      at: 1_700_000_000_000,
      intent: {
        clientOrderId: 'x',
        venue: 'paxos',
        market: 'BTCUSD',
        size: 'lots',
        sizeScale: 4,
        priceScale: 2,
      },
    } as unknown as JournalRecord;
    appendFileSync(r.journalPath, encodeRecord(bad));
    const m2 = await r.restart();
    expect(m2.find(good)!.status).toBe('working');
    const alert = m2.riskEvents().find((e) => e.needsAck)!;
    expect(alert).toMatchObject({ severity: 'critical', message: expect.stringMatching(/set aside/) });
    const heard: RiskEvent[] = [];
    m2.onRisk((e) => heard.push(e));
    expect(await invokeOrderChannel(m2, 'risk.events.ack', { id: alert.id })).toEqual({ acknowledged: true });
    // Every open window hears it; a window opened now no longer sees it asking.
    expect(heard).toEqual([expect.objectContaining({ id: alert.id, needsAck: false, severity: 'info' })]);
    expect(m2.riskEvents().some((e) => e.needsAck)).toBe(false);
    const m3 = await r.restart();
    expect(m3.riskEvents().some((e) => e.needsAck)).toBe(false);
    expect(readFileSync(r.journalPath, 'utf8')).toContain('"size":"lots"');
  });
});
