// Values beyond a field's range get ALOR's own 400 answer; the simulator keeps running (issue 14).
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from './client';
import { accessToken, command, cwsClient, sber, startSim } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});

describe('ALOR simulator bounds', () => {
  it('answers a 1,000,000 lots × 99,999,999 order with a 400 and keeps serving', async () => {
    ({ sim } = await startSim());
    const token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    const portfolio = sim.descriptor.portfolio;
    const c = await cwsClient(sim.descriptor.cws, token);
    clients.push(c);
    const base = { side: 'buy', instrument: sber, user: { portfolio } };
    for (const extra of [
      { opcode: 'create:limit', quantity: 1_000_000, price: 99_999_999 },
      { opcode: 'create:limit', quantity: 2_147_483_647, price: 99_999_999.99 },
      { opcode: 'create:limit', quantity: 1, price: 1e300 },
      { opcode: 'create:market', quantity: 2_147_483_647 },
      {
        opcode: 'create:stopLimit',
        quantity: 1_000_000,
        price: 99_999_999,
        triggerPrice: 99_999_999,
        condition: 'more',
        stopEndUnixTime: 0,
        allowMargin: true,
      },
    ]) {
      const r = await command(c, { ...base, ...extra });
      expect(r.httpCode, JSON.stringify(r)).toBe(400);
      expect(String(r.message)).not.toMatch(/internal/i);
    }
    const ok = await command(c, { ...base, opcode: 'create:market', quantity: 1 });
    expect(ok.httpCode).toBe(200);
  });
});
