// Values beyond a field's range get Paxos's own 400 problem; the simulator keeps answering (issue 14).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
  type PaxosSimDescriptor,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import { problemSchema } from '../../../../electron/venues/paxos/wire/paxos-wire';
import { ALL_SCOPES, getToken, rest } from './client';

const PROFILE = 'c0ffee00-2222-4000-8000-000000000004';
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 5, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, profileId: PROFILE });
});
afterEach(async () => {
  gen.stop();
  await sim.close();
});

describe('Paxos simulator bounds', () => {
  it('answers amounts and prices beyond range with a 4xx problem, then still places orders', async () => {
    const d = sim.descriptor;
    const token = await getToken(d, ALL_SCOPES);
    const path = `/profiles/${PROFILE}/orders`;
    const base = { side: 'BUY', market: 'BTCUSD' };
    for (const order of [
      { type: 'LIMIT', base_amount: '1000000', price: '99999999' },
      { type: 'LIMIT', base_amount: '99999999999999999999', price: '99999999999999999999' },
      { type: 'LIMIT', base_amount: '1e300', price: '1e300' },
      { type: 'MARKET', base_amount: '99999999999999999999' },
      { type: 'MARKET', quote_amount: '99999999999999999999' },
    ]) {
      const r = await rest(d, token, 'POST', path, { ...base, ...order });
      expect([400, 403], JSON.stringify({ order, body: r.body })).toContain(r.status);
      expect(problemSchema.parse(r.body).status).toBe(r.status);
    }
    const ok = await rest(d, token, 'POST', path, { ...base, type: 'MARKET', quote_amount: '100' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});
