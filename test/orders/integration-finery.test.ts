// The order manager over the real Finery adapter and simulator: the adapter's cancel/replace
// modify, its fills and its reconciliation answers, end to end.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderManager } from '../../electron/orders/manager';
import { connectAndSubscribe, startRig, type Rig as FineryRig } from '../venues/finery/adapter/helpers';
import { placed, tempDir, until } from './helpers';

describe('order manager on the Finery adapter + simulator', () => {
  let rig: FineryRig | undefined;
  let manager: OrderManager | undefined;
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await manager?.close();
    await rig?.close();
    cleanup?.();
  });

  it('places, modifies (cancel/replace), cancels, fills, and restarts without duplicating fills', async () => {
    rig = await startRig();
    await connectAndSubscribe(rig);
    const t = tempDir();
    cleanup = t.cleanup;
    const journalPath = join(t.dir, 'orders.journal');
    const open = () =>
      new OrderManager({
        journalPath,
        adapters: [rig!.adapter],
        commandTimeoutMs: 5000,
        initialLimits: { shipped: false, defaults: {}, instruments: [] },
      });
    manager = open();
    await manager.start();
    const m = manager;
    const base = {
      venue: 'finery' as const,
      market: 'BTC-USD',
      side: 'buy' as const,
      type: 'limit' as const,
      oneClick: false,
      confirm: false,
    };

    const resting = await placed(m, { ...base, size: '0.01', price: '50000', timeInForce: 'GTC' });
    const first = m.find(resting)!.venueOrderId;
    expect(m.find(resting)!.status).toBe('working');
    await m.modify(resting, { price: '50001', size: '0.03' });
    const o = m.find(resting)!;
    expect(o.status).toBe('working');
    expect(o.venueOrderId).not.toBe(first);
    expect((await rig.adapter.openOrders()).map((x) => x.venueOrderId)).toEqual([o.venueOrderId]);
    await m.cancel(resting);
    expect(m.find(resting)!.status).toBe('cancelled');

    const taker = await placed(m, { ...base, size: '0.02', price: '70000', timeInForce: 'IOC' });
    await until(
      () => m.find(taker)!.status === 'filled' && m.find(taker)!.fillSize === m.find(taker)!.size,
      'taker filled with its fills',
    );
    const fills = m
      .fills()
      .map((f) => f.fill.fillId)
      .sort();
    expect(fills.length).toBeGreaterThan(0);
    expect(m.positions()[0]!.position).toBe('0.02');

    await m.close();
    manager = open();
    await manager.start();
    expect(
      manager
        .fills()
        .map((f) => f.fill.fillId)
        .sort(),
    ).toEqual(fills);
    expect(manager.positions()[0]!.position).toBe('0.02');
    expect(manager.workingOrders()).toHaveLength(0);
    expect(manager.find(resting)!.status).toBe('cancelled');
  });
});
