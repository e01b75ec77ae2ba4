// A venue never reuses a fill, deal or execution id; a simulator started again (the demo thread
// restarted, `npm run sim` run twice) must not either, or a journal keyed on them merges two
// different fills. Each venue is driven as its own client would, twice, from a fresh start.
import { describe, expect, it } from 'vitest';
import { accessToken, command, cwsClient, sber, startSim as startAlor } from '../alor/sim/client';
import { startRig as startFinery } from '../finery/sim/helpers';
import { createMarketGenerator } from '../../../electron/venues/simkit/index';
import { paxosSimMarketSpecs, startPaxosSimulator } from '../../../electron/venues/paxos/sim/paxos-simulator';
import { ALL_SCOPES, getToken, rest } from '../paxos/sim/client';

async function twice(run: () => Promise<string[]>): Promise<[string[], string[]]> {
  const first = await run();
  await new Promise((r) => setTimeout(r, 2)); // a later start, as a restart always is
  return [first, await run()];
}

function expectDisjoint([a, b]: [string[], string[]]) {
  expect(a.length).toBeGreaterThan(0);
  expect(b.length).toBeGreaterThan(0);
  expect(a.filter((id) => b.includes(id))).toEqual([]);
}

describe('ids across simulator starts', () => {
  it('Paxos execution ids', async () => {
    const profile = 'c0ffee00-2222-4000-8000-000000000009';
    const ids = await twice(async () => {
      const gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 3, levelUpdatesPerSecond: 0 });
      const sim = await startPaxosSimulator({ generator: gen, profileId: profile });
      try {
        const token = await getToken(sim.descriptor, ALL_SCOPES);
        const order = { side: 'BUY', market: 'BTCUSD', type: 'MARKET', quote_amount: '100' };
        expect((await rest(sim.descriptor, token, 'POST', `/profiles/${profile}/orders`, order)).status).toBe(
          200,
        );
        const list = await rest(sim.descriptor, token, 'GET', `/profiles/${profile}/executions`);
        return (list.body as { items: { execution_id: string }[] }).items.map((e) => e.execution_id);
      } finally {
        gen.stop();
        await sim.close();
      }
    });
    expectDisjoint(ids);
    expect(BigInt(ids[1][0]!) > BigInt(ids[0].at(-1)!)).toBe(true);
  });

  it('Finery deal and order ids', async () => {
    const ids = await twice(async () => {
      const rig = await startFinery();
      try {
        const c = await rig.open();
        const r = await c.request('add', {
          instrument: 'BTC-USD',
          size: 1_000_000,
          side: 'bid',
          type: 'marketIOC',
        });
        const reply = r.reply as { id: number; deals: { id: number }[] };
        return [`order ${reply.id}`, ...reply.deals.map((d) => `deal ${d.id}`)];
      } finally {
        await rig.close();
      }
    });
    expectDisjoint(ids);
  });

  it('ALOR order and trade numbers', async () => {
    const ids = await twice(async () => {
      const { sim } = await startAlor();
      const token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
      const portfolio = sim.descriptor.portfolio;
      const c = await cwsClient(sim.descriptor.cws, token);
      try {
        const r = await command(c, {
          opcode: 'create:market',
          side: 'buy',
          quantity: 1,
          instrument: sber,
          user: { portfolio },
        });
        expect(r.httpCode).toBe(200);
        const res = await fetch(
          `${sim.descriptor.api}/md/v2/Clients/MOEX/${portfolio}/trades?format=Simple`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        const trades = (await res.json()) as { id: string }[];
        return [`order ${String(r.orderNumber)}`, ...trades.map((t) => `trade ${t.id}`)];
      } finally {
        c.close();
        await sim.close();
      }
    });
    expectDisjoint(ids);
  });
});
