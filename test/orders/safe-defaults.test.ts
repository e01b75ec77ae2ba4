// Issue 14, "Safe by default": shipped limits on a fresh profile, every order type valued and
// banded, sizes and prices bounded at every edge.
import { afterEach, describe, expect, it } from 'vitest';
import { orderRequestSchemas } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { invokeOrderChannel } from '../../electron/orders/service';
import type { DepthSource } from '../../electron/orders/smart-router';
import { MARKET } from './fake/adapter';
import { limit, placed, rig, type Rig } from './helpers';

const MIDS: Record<VenueId, string> = { paxos: '65000', finery: '65000', alor: '305' };
const mids = { mid: (venue: VenueId) => MIDS[venue] };
/** One ask level per venue at the mid, one BTC (or 100 SBER lots) deep, then a deep level 20 % away. */
const depth: DepthSource = {
  depth: (canonical, side) => {
    const venues = (['paxos', 'finery', 'alor'] as const).filter((v) =>
      canonical === 'SBER' ? v === 'alor' : v !== 'alor',
    );
    const mid = Number(MIDS[venues[0]!]);
    const away = side === 'ask' ? mid * 1.2 : mid * 0.8;
    return [
      {
        price: String(mid),
        perVenue: venues.map((v) => ({
          venue: v,
          market: MARKET[v],
          size: canonical === 'SBER' ? '100' : '1',
        })),
      },
      {
        price: away.toFixed(2),
        perVenue: venues.map((v) => ({ venue: v, market: MARKET[v], size: '1000' })),
      },
    ];
  },
};
/** A fresh profile: no limits in its journal, so the shipped ones apply. */
const fresh = () => rig({ mids, depth, initialLimits: undefined });

let r: Rig | undefined;
afterEach(async () => {
  await r?.cleanup();
  r = undefined;
});

describe('shipped limits on a fresh profile', () => {
  it('let a normal order through and refuse the fat fingers of the issue', async () => {
    r = await fresh();
    const m = r.manager;
    await placed(m, limit('finery', 'buy', '1', '64990'));
    await placed(m, limit('alor', 'buy', '100', '304.5'));
    await expect(m.place(limit('finery', 'buy', '1', '650000'))).rejects.toThrow(
      /more than 10% away from the mid/,
    );
    await expect(m.place(limit('alor', 'buy', '1', '3000'))).rejects.toThrow(
      /more than 10% away from the mid/,
    );
    await expect(m.place(limit('paxos', 'buy', '1000', '65000'))).rejects.toThrow(/exceeds the maximum/);
    // Above the soft value limit, below the hard one: the trader confirms.
    expect(await m.place(limit('paxos', 'buy', '5', '65000'))).toMatchObject({
      status: 'needs_confirmation',
    });
  });

  it('are shown per instrument and edited per instrument, validated, and kept across a restart', async () => {
    r = await fresh();
    const m = r.manager;
    const got = (await invokeOrderChannel(m, 'risk.limits.instrument.get', {
      venue: 'finery',
      market: 'BTC-USD',
    })) as { own: object; effective: { maxNotional: string; maxSize: string; priceBand: object } };
    expect(got.own).toEqual({});
    expect(got.effective).toMatchObject({
      maxNotional: '1000000',
      maxSize: '15.3846',
      priceBand: { percent: '10' },
    });
    await expect(
      invokeOrderChannel(m, 'risk.limits.instrument.set', {
        venue: 'finery',
        market: 'BTC-USD',
        limits: { maxNotional: '100', softMaxNotional: '200' },
      }),
    ).rejects.toThrow(/soft limit must not be above its hard limit/);
    await invokeOrderChannel(m, 'risk.limits.instrument.set', {
      venue: 'finery',
      market: 'BTC-USD',
      limits: { maxNotional: '50000' },
    });
    await expect(m.place(limit('finery', 'buy', '1', '65000'))).rejects.toThrow(/exceeds the maximum 50000/);
    await placed(m, limit('paxos', 'buy', '1', '65000'));
    const m2 = await r.restart({ mids, depth, initialLimits: undefined });
    expect(m2.instrumentLimits('finery', 'BTC-USD').own).toEqual({ maxNotional: '50000' });
    await expect(m2.place(limit('finery', 'buy', '1', '65000'))).rejects.toThrow(/exceeds the maximum 50000/);
  });
});

describe('every order is valued and banded', () => {
  it('values a stop at its stop price and bands it against the mid', async () => {
    r = await fresh();
    const m = r.manager;
    m.setLimits({ defaults: {}, instruments: [{ venue: 'alor', market: 'SBER', maxNotional: '10000' }] });
    const stop = { type: 'stop' as const, price: undefined, stopPrice: '0.01' };
    await expect(m.place(limit('alor', 'sell', '100', '0', stop))).rejects.toThrow(
      /Stop price 0.01 is more than 10%/,
    );
    const stopLimit = { type: 'stopLimit' as const, price: '300', stopPrice: '301' };
    await expect(m.place(limit('alor', 'sell', '100', '0', stopLimit))).rejects.toThrow(
      /Order value 30100 exceeds the maximum 10000/,
    );
  });

  it('values a market order where its size reaches in the book, and refuses it without a book', async () => {
    r = await fresh();
    const m = r.manager;
    const market = { type: 'market' as const, price: undefined };
    await placed(m, limit('paxos', 'buy', '1', '0', market));
    // Two BTC sweep past the first level into one 20 % away: outside the band.
    await expect(m.place(limit('paxos', 'buy', '2', '0', market))).rejects.toThrow(
      /price this market order would reach 78000 is more than 10%/,
    );
    const r2 = await rig({ mids, initialLimits: undefined });
    try {
      await expect(r2.manager.place(limit('paxos', 'buy', '1', '0', market))).rejects.toThrow(
        /No order book/,
      );
    } finally {
      await r2.cleanup();
    }
  });
});

describe('bounds at every edge', () => {
  it('refuses a size or price beyond the scaled-integer range at the contract and in the manager', async () => {
    r = await rig();
    const m = r.manager;
    const place = orderRequestSchemas['orders.place'].request;
    const contract = place.safeParse(limit('paxos', 'buy', '90071992547409920', '100'));
    expect(contract.success).toBe(false);
    expect(JSON.stringify(contract.error?.issues)).toMatch(/size must be at most 9007199254740991/);
    // Within the contract's bound, beyond the market's at its 4 decimals.
    await expect(m.place(limit('paxos', 'buy', '900719925474.0992', '100'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        /Size 900719925474.0992 is too large for BTCUSD: at most 900719925474.0991/,
      ),
    });
    await expect(m.place(limit('paxos', 'buy', '1', '90071992547409.92'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/Price 90071992547409.92 is too large/),
    });
    // Nothing was journaled and the market still trades.
    expect(m.orders()).toHaveLength(0);
    await placed(m, limit('paxos', 'buy', '1', '100'));
  });
});
