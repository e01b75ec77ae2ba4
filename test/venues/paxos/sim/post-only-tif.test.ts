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
