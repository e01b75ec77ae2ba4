// paxos.md §11.1: POST_ONLY_LIMIT takes GTC (default), IOC, FOK and GTT like LIMIT.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
  type PaxosSimDescriptor,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import { ALL_SCOPES, getToken, rest } from './client';

const PROFILE = 'c0ffee00-2222-4000-8000-000000000005';
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 6, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, profileId: PROFILE });
});
afterEach(async () => {
  gen.stop();
  await sim.close();
});

describe('Paxos POST_ONLY_LIMIT time in force', () => {
  it('accepts IOC, FOK and GTT besides GTC for a passive post-only order', async () => {
    const d = sim.descriptor;
    const token = await getToken(d, ALL_SCOPES);
    const top = sim.markets.get('BTCUSD')!.top();
    const spec = sim.markets.get('BTCUSD')!.spec;
    const below = (top.bid!.price - 10 * spec.tickSize) / 10 ** spec.priceDecimals;
    const base = {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'POST_ONLY_LIMIT',
      base_amount: '0.01',
      price: below.toFixed(spec.priceDecimals),
    };
    for (const extra of [
      {},
      { time_in_force: 'GTC' },
      { time_in_force: 'IOC' },
      { time_in_force: 'FOK' },
      { time_in_force: 'GTT', expiration_date: String(Date.now() + 60_000) },
    ]) {
      const r = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, { ...base, ...extra });
      expect(r.status, JSON.stringify({ extra, body: r.body })).toBe(200);
    }
  });
});

describe('Paxos POST_ONLY_LIMIT time in force outcomes', () => {
  it('a passive IOC or FOK post-only order ends CANCELLED unfilled; GTT rests OPEN; crossing is never taken', async () => {
    const d = sim.descriptor;
    const token = await getToken(d, ALL_SCOPES);
    const market = sim.markets.get('BTCUSD')!;
    const spec = market.spec;
    const fmt = (n: number) => (n / 10 ** spec.priceDecimals).toFixed(spec.priceDecimals);
    const below = fmt(market.top().bid!.price - 10 * spec.tickSize);
    const crossing = fmt(market.top().ask!.price);
    const place = async (price: string, extra: Record<string, unknown>) => {
      const r = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, {
        side: 'BUY',
        market: 'BTCUSD',
        type: 'POST_ONLY_LIMIT',
        base_amount: '0.01',
        price,
        ...extra,
      });
      expect(r.status).toBe(200);
      const got = await rest(d, token, 'GET', `/profiles/${PROFILE}/orders/${r.body.id as string}`);
      return got.body;
    };
    expect(await place(below, { time_in_force: 'IOC' })).toMatchObject({
      status: 'CANCELLED',
      amount_filled: '0',
    });
    expect(await place(below, { time_in_force: 'FOK' })).toMatchObject({
      status: 'CANCELLED',
      amount_filled: '0',
    });
    expect(
      await place(below, { time_in_force: 'GTT', expiration_date: String(Date.now() + 60_000) }),
    ).toMatchObject({ status: 'OPEN', time_in_force: 'GTT' });
    for (const tif of ['IOC', 'FOK', 'GTC']) {
      const o = await place(crossing, { time_in_force: tif });
      expect(o.amount_filled, tif).toBe('0');
      expect(['CANCELLED', 'REJECTED'], tif).toContain(o.status);
    }
  });
});
