import { afterEach, describe, expect, it } from 'vitest';
import { type DepthSource, planSplit } from '../../electron/orders/smart-router';
import type { MarketSpec } from '../../electron/orders/types';
import { rig, type Rig } from './helpers';

// A consolidated BTC-USD book: Paxos and Finery quote, ALOR does not list the instrument.
const book: DepthSource = {
  depth: (canonical, side) => {
    if (canonical !== 'BTC-USD') return [];
    return side === 'ask'
      ? [
          { price: '100.02', perVenue: [{ venue: 'finery', market: 'BTC-USD', size: '1' }] },
          {
            price: '100',
            perVenue: [
              { venue: 'paxos', market: 'BTCUSD', size: '0.5' },
              { venue: 'finery', market: 'BTC-USD', size: '0.25' },
            ],
          },
          { price: '100.05', perVenue: [{ venue: 'paxos', market: 'BTCUSD', size: '2' }] },
        ]
      : [
          { price: '99.9', perVenue: [{ venue: 'paxos', market: 'BTCUSD', size: '0.3' }] },
          { price: '99.95', perVenue: [{ venue: 'finery', market: 'BTC-USD', size: '0.2' }] },
        ];
  },
};
const spec = (venue: 'paxos' | 'finery', market: string): MarketSpec => ({
  venue,
  market,
  canonical: 'BTC-USD',
  priceScale: 2,
  sizeScale: 4,
  tick: 1,
  lot: venue === 'finery' ? 100 : 1,
});

describe('SOR split', () => {
  it('takes the best prices first across venues', () => {
    const { preview } = planSplit({ canonical: 'BTC-USD', side: 'buy', size: '2' }, book, (v, m) =>
      v === 'alor' ? undefined : spec(v, m),
    );
    expect(preview).toEqual({
      canonical: 'BTC-USD',
      side: 'buy',
      requested: '2',
      fillable: '2',
      shortfall: '0',
      averagePrice: '100.01625',
      worstPrice: '100.05',
      legs: [
        { venue: 'paxos', market: 'BTCUSD', size: '0.75', averagePrice: '100.016667', worstPrice: '100.05' },
        { venue: 'finery', market: 'BTC-USD', size: '1.25', averagePrice: '100.016', worstPrice: '100.02' },
      ],
    });
  });

  it('stops at the limit price, rounds to each venue lot and reports the shortfall', () => {
    const { preview } = planSplit(
      { canonical: 'BTC-USD', side: 'buy', size: '1.2345', limitPrice: '100.02' },
      book,
      (v, m) => (v === 'alor' ? undefined : spec(v, m)),
    );
    // 0.5 Paxos + 0.25 Finery at 100, then Finery at 100.02 in lots of 0.01: 0.48 of the 0.4845 left.
    expect(preview.legs).toEqual([
      { venue: 'paxos', market: 'BTCUSD', size: '0.5', averagePrice: '100', worstPrice: '100' },
      { venue: 'finery', market: 'BTC-USD', size: '0.73', averagePrice: '100.013151', worstPrice: '100.02' },
    ]);
    expect([preview.fillable, preview.shortfall]).toEqual(['1.23', '0.0045']);
  });

  it('leaves out a venue whose share would be below its minimum size, giving it to the others', () => {
    const { preview } = planSplit({ canonical: 'BTC-USD', side: 'buy', size: '0.6' }, book, (v, m) =>
      v === 'alor' ? undefined : { ...spec(v, m), ...(v === 'finery' ? { minSize: 5000 } : {}) },
    );
    // Finery's 0.1 at 100 is below its 0.5 minimum: Paxos takes all 0.6 (0.5 at 100, 0.1 at 100.05).
    expect(preview.legs).toEqual([
      { venue: 'paxos', market: 'BTCUSD', size: '0.6', averagePrice: '100.008333', worstPrice: '100.05' },
    ]);
    expect(preview.shortfall).toBe('0');
  });

  it('sells into the bids best first and honours a venue filter', () => {
    const { preview } = planSplit(
      { canonical: 'BTC-USD', side: 'sell', size: '1', venues: ['paxos'] },
      book,
      (v, m) => (v === 'alor' ? undefined : spec(v, m)),
    );
    expect(preview.legs).toEqual([
      { venue: 'paxos', market: 'BTCUSD', size: '0.3', averagePrice: '99.9', worstPrice: '99.9' },
    ]);
    expect(preview.shortfall).toBe('0.7');
  });
});

describe('SOR send', () => {
  let r: Rig;
  afterEach(async () => r.cleanup());

  it('sends one child per venue and derives the parent from its children', async () => {
    const depth: DepthSource = {
      depth: (_c, side) =>
        side === 'ask'
          ? [
              { price: '100', perVenue: [{ venue: 'paxos', market: 'BTCUSD', size: '1' }] },
              { price: '100.5', perVenue: [{ venue: 'finery', market: 'BTC-USD', size: '3' }] },
            ]
          : [],
    };
    r = await rig({ depth });
    const m = r.manager;
    expect(m.routePreview({ canonical: 'BTC-USD', side: 'buy', size: '2' }).legs.map((l) => l.size)).toEqual([
      '1',
      '1',
    ]);
    const res = await m.routeSend({
      canonical: 'BTC-USD',
      side: 'buy',
      size: '2',
      timeInForce: 'IOC',
      confirm: false,
    });
    if (res.status !== 'accepted') throw new Error('expected acceptance');
    expect(res.children.map((c) => [c.venue, c.size, c.price, c.timeInForce, c.parentId])).toEqual([
      ['paxos', '1', '100', 'IOC', res.parent.parentId],
      ['finery', '1', '100.5', 'IOC', res.parent.parentId],
    ]);
    expect(res.parent).toMatchObject({ status: 'working', filled: '0', size: '2', done: false });
    const [p, f] = res.children.map((c) => m.find(c.clientOrderId)!);
    r.adapters.paxos.sim.fill(p!.venueOrderId!, 10_000);
    r.adapters.finery.sim.fill(f!.venueOrderId!, 4_000);
    r.adapters.finery.sim.endAll('cancelled', 'IOC remainder');
    r.adapters.finery.sim.onOrder(
      r.adapters.finery.sim.view(r.adapters.finery.sim.orders.get(f!.venueOrderId!)!),
    );
    expect(m.parents()[0]).toMatchObject({ status: 'partially_filled', filled: '1.4', done: true });
  });

  it('shows the parent status with each child: venue, size, status and the reason of a rejection', async () => {
    const depth: DepthSource = {
      depth: (_c, side) =>
        side === 'ask'
          ? [
              {
                price: '100',
                perVenue: [
                  { venue: 'paxos', market: 'BTCUSD', size: '1' },
                  { venue: 'finery', market: 'BTC-USD', size: '1' },
                ],
              },
            ]
          : [],
    };
    r = await rig({ depth });
    r.adapters.finery.fault('place', 'reject', 'insufficient credit line');
    const res = await r.manager.routeSend({
      canonical: 'BTC-USD',
      side: 'buy',
      size: '2',
      timeInForce: 'GTC',
      confirm: false,
    });
    if (res.status !== 'accepted') throw new Error('expected acceptance');
    const parent = r.manager.parents()[0]!;
    expect(parent).toMatchObject({ status: 'working', done: false });
    expect(parent.legs).toEqual([
      expect.objectContaining({ venue: 'paxos', size: '1', filled: '0', status: 'working' }),
      expect.objectContaining({
        venue: 'finery',
        size: '1',
        status: 'rejected',
        reason: expect.stringMatching(/insufficient credit line/),
      }),
    ]);
  });

  it('values a routed parent as a whole, not only each child', async () => {
    const depth: DepthSource = {
      depth: (_c, side) =>
        side === 'ask'
          ? [
              {
                price: '100',
                perVenue: [
                  { venue: 'paxos', market: 'BTCUSD', size: '1' },
                  { venue: 'finery', market: 'BTC-USD', size: '1' },
                ],
              },
            ]
          : [],
    };
    r = await rig({ depth });
    r.manager.setLimits({ shipped: false, defaults: { maxNotional: '150' }, instruments: [] });
    const send = { canonical: 'BTC-USD', side: 'buy' as const, timeInForce: 'GTC' as const, confirm: false };
    await expect(r.manager.routeSend({ ...send, size: '2' })).rejects.toThrow(
      /routed BTC-USD order's value 200 exceeds the maximum 150/,
    );
    expect(r.manager.orders()).toHaveLength(0);
    expect(await r.manager.routeSend({ ...send, size: '1' })).toMatchObject({ status: 'accepted' });
  });

  it('an empty book is refused with a reason', async () => {
    r = await rig({ depth: { depth: () => [] } });
    await expect(
      r.manager.routeSend({
        canonical: 'BTC-USD',
        side: 'buy',
        size: '1',
        timeInForce: 'IOC',
        confirm: false,
      }),
    ).rejects.toThrow(/nothing in the BTC-USD book/);
  });
});
