import { afterEach, describe, expect, it } from 'vitest';
import type { RiskLimits } from '../../shared/contract/orders';
import { checkOrder, type RiskContext, type RiskOrder } from '../../electron/orders/risk';
import type { MarketSpec } from '../../electron/orders/types';
import { limit, placed, rig, type Rig } from './helpers';

const spec: MarketSpec = {
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  priceScale: 2,
  sizeScale: 4,
  tick: 5,
  lot: 10,
};
const ctx = (over: Partial<RiskContext> = {}): RiskContext => ({
  spec,
  killed: false,
  armed: false,
  mid: '100',
  openOnInstrument: 0,
  openTotal: 0,
  ...over,
});
const ord = (over: Partial<RiskOrder> = {}): RiskOrder => ({
  side: 'buy',
  type: 'limit',
  size: 10_000,
  price: 10_000,
  oneClick: false,
  confirm: false,
  ...over,
});
const lim = (defaults: RiskLimits['defaults'], extra: Partial<RiskLimits> = {}): RiskLimits => ({
  // These cases test one rule at a time; safe-defaults.test.ts tests the shipped limits.
  shipped: false,
  defaults,
  instruments: [],
  ...extra,
});

const reason = (v: ReturnType<typeof checkOrder>) => (v.kind === 'reject' ? v.reason : v.kind);

describe('pre-trade risk rules', () => {
  it('passes an order inside every limit', () => {
    expect(
      checkOrder(
        ord(),
        ctx(),
        lim({ maxSize: '2', maxNotional: '1000', priceBand: { percent: '5' }, maxOpenOrders: 3 }),
      ).kind,
    ).toBe('pass');
  });

  it('max quantity', () => {
    expect(reason(checkOrder(ord({ size: 30_000 }), ctx(), lim({ maxSize: '2.5' })))).toBe(
      'Size 3 exceeds the maximum 2.5 for BTCUSD on Paxos.',
    );
  });

  it('max notional, valuing a market order where its size reaches in the book and refusing without one', () => {
    expect(reason(checkOrder(ord({ size: 20_000 }), ctx(), lim({ maxNotional: '150' })))).toMatch(
      /Order value 200 exceeds the maximum 150/,
    );
    const mkt = ord({ type: 'market', price: undefined, size: 20_000 });
    expect(reason(checkOrder(mkt, ctx({ mid: '70', reach: '70' }), lim({ maxNotional: '150' })))).toBe(
      'pass',
    );
    // Issue 14: a market order is valued at the book, not the mid (which would pass here).
    expect(reason(checkOrder(mkt, ctx({ mid: '70', reach: '80' }), lim({ maxNotional: '150' })))).toMatch(
      /Order value 160 exceeds the maximum 150/,
    );
    expect(reason(checkOrder(mkt, ctx({ mid: '70' }), lim({ maxNotional: '150' })))).toMatch(/No order book/);
  });

  it('price band in percent and in ticks around the mid', () => {
    expect(reason(checkOrder(ord({ price: 10_500 }), ctx(), lim({ priceBand: { percent: '5' } })))).toBe(
      'pass',
    );
    expect(reason(checkOrder(ord({ price: 10_505 }), ctx(), lim({ priceBand: { percent: '5' } })))).toMatch(
      /more than 5% away from the mid 100/,
    );
    expect(reason(checkOrder(ord({ price: 10_015 }), ctx(), lim({ priceBand: { ticks: 3 } })))).toBe('pass');
    expect(reason(checkOrder(ord({ price: 9_980 }), ctx(), lim({ priceBand: { ticks: 3 } })))).toMatch(
      /more than 3 ticks away/,
    );
    expect(reason(checkOrder(ord(), ctx({ mid: undefined }), lim({ priceBand: { ticks: 3 } })))).toMatch(
      /No mid price/,
    );
  });

  it('max open orders per instrument and overall', () => {
    expect(reason(checkOrder(ord(), ctx({ openOnInstrument: 2 }), lim({ maxOpenOrders: 2 })))).toMatch(
      /2 open orders on BTCUSD/,
    );
    expect(reason(checkOrder(ord(), ctx({ openTotal: 5 }), lim({}, { maxOpenOrders: 5 })))).toMatch(
      /across all instruments/,
    );
  });

  it('per-instrument limits override the defaults', () => {
    const l = lim({ maxSize: '1' }, { instruments: [{ venue: 'paxos', market: 'BTCUSD', maxSize: '5' }] });
    expect(reason(checkOrder(ord({ size: 40_000 }), ctx(), l))).toBe('pass');
    expect(
      reason(checkOrder(ord({ size: 40_000 }), ctx({ spec: { ...spec, market: 'ETHUSD' } }), l)),
    ).toMatch(/exceeds the maximum 1/);
  });

  it('tick and lot', () => {
    expect(reason(checkOrder(ord({ price: 10_002 }), ctx(), lim({})))).toMatch(/not on the 0.05 tick/);
    expect(reason(checkOrder(ord({ size: 10_005 }), ctx(), lim({})))).toMatch(
      /multiple of the lot size 0.001/,
    );
  });

  it('soft limits need a confirmation that a second call gives', () => {
    const l = lim({ softMaxSize: '1', softMaxNotional: '50', maxSize: '10' });
    const first = checkOrder(ord({ size: 20_000 }), ctx(), l);
    expect(first).toEqual({
      kind: 'confirm',
      warnings: [expect.stringMatching(/soft limit/), expect.stringMatching(/Order value 200/)],
    });
    expect(checkOrder(ord({ size: 20_000, confirm: true }), ctx(), l).kind).toBe('pass');
    // Confirmation never passes a hard limit.
    expect(checkOrder(ord({ size: 200_000, confirm: true }), ctx(), l).kind).toBe('reject');
  });

  it('kill switch and one-click arming', () => {
    expect(reason(checkOrder(ord(), ctx({ killed: true, armed: true }), lim({})))).toMatch(/kill switch/);
    expect(reason(checkOrder(ord({ oneClick: true }), ctx(), lim({})))).toMatch(
      /One-click trading is disarmed/,
    );
    expect(checkOrder(ord({ oneClick: true }), ctx({ armed: true }), lim({})).kind).toBe('pass');
  });
});

describe('risk through the manager', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('a violation leaves nothing journaled and nothing sent', async () => {
    r = await rig({ mids: { mid: () => '100' } });
    r.manager.setLimits({ shipped: false, defaults: { maxSize: '1' }, instruments: [] });
    await expect(r.manager.place(limit('paxos', 'buy', '2', '100'))).rejects.toThrow(/exceeds the maximum 1/);
    expect(r.manager.orders().length).toBe(0);
    expect(r.adapters.paxos.calls.filter((c) => c.action === 'place')).toHaveLength(0);
  });

  it('soft confirm end to end, and one-click only while armed', async () => {
    r = await rig({ mids: { mid: () => '100' } });
    const m = r.manager;
    m.setLimits({ shipped: false, defaults: { softMaxSize: '1' }, instruments: [] });
    const first = await m.place(limit('alor', 'buy', '2', '100'));
    expect(first.status).toBe('needs_confirmation');
    expect(m.orders().length).toBe(0);
    await placed(m, limit('alor', 'buy', '2', '100', { confirm: true }));
    await expect(m.place(limit('alor', 'buy', '1', '100', { oneClick: true }))).rejects.toThrow(/disarmed/);
    m.arm(true);
    await placed(m, limit('alor', 'buy', '1', '100', { oneClick: true }));
    m.arm(false);
    await expect(m.place(limit('alor', 'buy', '1', '100', { oneClick: true }))).rejects.toThrow(/disarmed/);
  });

  it('limits survive a restart; one-click arming does not', async () => {
    r = await rig();
    r.manager.setLimits({ shipped: false, defaults: { maxSize: '3' }, instruments: [] });
    r.manager.arm(true);
    const m2 = await r.restart();
    expect(m2.limits().defaults.maxSize).toBe('3');
    expect(m2.riskState()).toEqual({ armed: false, killed: false });
  });

  it('refuses order types and time-in-force the venue does not take, and bad decimals', async () => {
    r = await rig();
    // Without a time-in-force an order gets GTC, or the venue's own default where it has no GTC.
    const alor = await placed(r.manager, limit('alor', 'buy', '1', '100'));
    expect(r.manager.find(alor)!.intent.timeInForce).toBe('DAY');
    await expect(r.manager.place(limit('alor', 'buy', '1', '100', { timeInForce: 'GTC' }))).rejects.toThrow(
      /ALOR does not accept GTC/,
    );
    await expect(
      r.manager.place({
        ...limit('finery', 'buy', '1', '100'),
        type: 'stop',
        price: undefined,
        stopPrice: '90',
      }),
    ).rejects.toThrow(/does not accept stop orders/);
    await expect(r.manager.place(limit('paxos', 'buy', '1', '100', { timeInForce: 'DAY' }))).rejects.toThrow(
      /does not accept DAY/,
    );
    await expect(r.manager.place(limit('paxos', 'buy', '1', '100.001'))).rejects.toThrow(
      /more decimal places/,
    );
    await expect(r.manager.place({ ...limit('paxos', 'buy', '1', '100'), market: 'NOPE' })).rejects.toThrow(
      /not a market/,
    );
  });
});
