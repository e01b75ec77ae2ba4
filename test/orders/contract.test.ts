import { afterEach, describe, expect, it } from 'vitest';
import { orderRequestSchemas, orderStreamSchemas } from '../../shared/contract/orders';
import { CrossbookCore } from '../../electron/base/crossbook-core';
import { invokeOrderChannel, orderProviders, registerOrderServices } from '../../electron/orders/service';
import { limit, rig, type Rig } from './helpers';

const place = orderRequestSchemas['orders.place'].request;

describe('order contract schemas', () => {
  it('accepts a well-formed order and applies defaults', () => {
    const out = place.parse({
      venue: 'paxos',
      market: 'BTCUSD',
      side: 'buy',
      type: 'limit',
      size: '0.5',
      price: '100.25',
    });
    expect(out).toMatchObject({ oneClick: false, confirm: false });
    expect(out.timeInForce).toBeUndefined();
  });

  it.each([
    ['a float size', { size: 0.5 }],
    ['a zero size', { size: '0.000' }],
    ['a negative price', { price: '-1' }],
    ['an exponent', { price: '1e3' }],
    ['an unknown venue', { venue: 'binance' }],
    ['an unknown field', { leverage: '10' }],
    ['a limit without price', { price: undefined }],
    ['a market order with a price', { type: 'market' }],
  ])('refuses %s', (_what, change) => {
    const base = { venue: 'paxos', market: 'BTCUSD', side: 'buy', type: 'limit', size: '1', price: '100' };
    expect(place.safeParse({ ...base, ...change }).success).toBe(false);
  });

  it('modify needs a change; limits refuse floats; a percent band must be a decimal string', () => {
    const modify = orderRequestSchemas['orders.modify'].request;
    expect(modify.safeParse({ clientOrderId: crypto.randomUUID() }).success).toBe(false);
    expect(modify.safeParse({ clientOrderId: 'x', price: '1' }).success).toBe(false);
    const set = orderRequestSchemas['risk.limits.set'].request;
    expect(set.safeParse({ defaults: { maxSize: 5 }, instruments: [] }).success).toBe(false);
    expect(set.safeParse({ defaults: { priceBand: { percent: 2 } }, instruments: [] }).success).toBe(false);
    expect(set.safeParse({ defaults: { priceBand: { percent: '2.5' } }, instruments: [] }).success).toBe(
      true,
    );
  });

  it('every stream is a JSON stream with strict params', () => {
    for (const s of Object.values(orderStreamSchemas)) expect(s.binary).toBe(false);
    expect(orderStreamSchemas.orders.params.safeParse({ recentLimit: 5, extra: 1 }).success).toBe(false);
  });
});

describe('order services', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('registers with the real core: requests and streams go through the merged contract', async () => {
    r = await rig();
    const core = new CrossbookCore();
    registerOrderServices(core, { current: () => r.manager, onReplaced: () => () => {} });
    const caller = { host: 'web' as const, client: 'test' };
    const bad = await core.invoke(
      'orders.place',
      { venue: 'paxos', market: 'BTCUSD', side: 'buy', type: 'limit', size: 1, price: '100' },
      caller,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const good = await core.invoke('orders.place', limit('paxos', 'buy', '1', '100'), caller);
    expect(good).toMatchObject({
      ok: true,
      result: { status: 'accepted', order: { status: 'working', size: '1' } },
    });
    const refused = await core.invoke(
      'orders.place',
      limit('paxos', 'buy', '1', '100', { oneClick: true }),
      caller,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'REJECTED', message: expect.stringMatching(/disarmed/) },
    });
    const events: unknown[] = [];
    const sub = core.subscribe(
      'orders',
      {},
      (e) => events.push(e),
      () => {},
      caller,
    );
    expect(sub.ok).toBe(true);
    expect(events).toHaveLength(1);
    if (sub.ok) sub.unsubscribe();
    await core.close();
  });

  it('round-trips requests through the schemas, with clear errors for bad input', async () => {
    r = await rig({ mids: { mid: () => '100' } });
    const m = r.manager;
    await expect(
      invokeOrderChannel(m, 'orders.place', { ...limit('paxos', 'buy', '1', '100'), size: 1 }),
    ).rejects.toThrow(/bad orders.place request/);
    const res = (await invokeOrderChannel(m, 'orders.place', limit('paxos', 'buy', '1', '100'))) as {
      status: string;
      order: { clientOrderId: string };
    };
    expect(res.status).toBe('accepted');
    const cancelled = (await invokeOrderChannel(m, 'orders.cancel', {
      clientOrderId: res.order.clientOrderId,
    })) as { order: { status: string } };
    expect(cancelled.order.status).toBe('cancelled');
    await expect(
      invokeOrderChannel(m, 'orders.cancel', { clientOrderId: crypto.randomUUID() }),
    ).rejects.toThrow(/no such order/);
    expect(
      await invokeOrderChannel(m, 'risk.limits.set', { defaults: { maxSize: '2' }, instruments: [] }),
    ).toEqual({ defaults: { maxSize: '2' }, instruments: [] });
    const kill = (await invokeOrderChannel(m, 'risk.kill', {})) as { state: { killed: boolean } };
    expect(kill.state.killed).toBe(true);
    expect(await invokeOrderChannel(m, 'risk.arm', { armed: true })).toEqual({ armed: true, killed: false });
  });

  it('streams emit contract-valid snapshots and updates', async () => {
    r = await rig({ mids: { mid: () => '101' } });
    const m = r.manager;
    const providers = orderProviders(m);
    const events: Record<string, unknown[]> = { orders: [], fills: [], positions: [], risk: [] };
    const stops = [
      providers.orders({}, (e) => events.orders!.push(orderStreamSchemas.orders.event.parse(e))),
      providers.fills({}, (e) => events.fills!.push(orderStreamSchemas.fills.event.parse(e))),
      providers.positions({}, (e) => events.positions!.push(orderStreamSchemas.positions.event.parse(e))),
      providers['risk.events']({}, (e) =>
        events.risk!.push(orderStreamSchemas['risk.events'].event.parse(e)),
      ),
    ];
    const res = await m.place(limit('paxos', 'buy', '1', '100'));
    if (res.status !== 'accepted') throw new Error('expected acceptance');
    r.adapters.paxos.sim.fill(m.find(res.order.clientOrderId)!.venueOrderId!, 10_000);
    m.arm(true);
    stops.forEach((s) => s());
    expect((events.orders!.at(-1) as { recent: { status: string }[] }).recent[0]!.status).toBe('filled');
    expect(events.fills!.at(-1)).toMatchObject({
      snapshot: false,
      fills: [{ price: '100', size: '1', clientOrderId: res.order.clientOrderId }],
    });
    expect(events.positions!.at(-1)).toMatchObject({
      positions: [{ position: '1', averagePrice: '100', unrealizedPnl: '1', realizedPnl: '0' }],
    });
    expect(events.risk!.at(-1)).toMatchObject({ state: { armed: true, killed: false } });
  });
});
