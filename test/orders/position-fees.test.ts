// Fees reach the core's positions from every fill, and come back from the journal after a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { limit, placed, rig, settle, type Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

describe('fees in positions', () => {
  it('sums every fill fee per currency and keeps them through a restart', async () => {
    r = await rig();
    const a = r.adapters.paxos;
    const id = await placed(r.manager, limit('paxos', 'buy', '3', '100'));
    const venueOrderId = r.manager.find(id)!.venueOrderId!;
    a.sim.fill(venueOrderId, 10_000, undefined, { fee: '0.1', feeCurrency: 'USD' });
    a.sim.fill(venueOrderId, 10_000, undefined, { fee: '0.2' });
    a.sim.fill(venueOrderId, 10_000, undefined, { fee: '0.00000001', feeCurrency: 'BTC' });
    await settle();
    const expected = {
      position: '3',
      fees: [
        { currency: 'BTC', amount: '0.00000001' },
        { currency: 'USD', amount: '0.3' },
      ],
      realizedNetPnl: '-0.3',
    };
    expect(r.manager.positions()[0]).toMatchObject(expected);
    const m = await r.restart();
    expect(m.positions()[0]).toMatchObject(expected);
  });
});
