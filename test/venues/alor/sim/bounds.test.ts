// Values beyond a field's range get ALOR's own 400 answer; the simulator keeps running (issue 14).
import { afterEach, describe, expect, it } from 'vitest';
import { Client, accessToken, command, cwsClient, sber, startSim } from './client';

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

describe('ALOR simulator parameters', () => {
  it('refuses a frequency below the format minimum with 400, accepts the minimum', async () => {
    ({ sim } = await startSim());
    const token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    // A refused subscription ends its connection (as the simulator models /ws errors): one each.
    const book = async (guid: string, format: string, frequency: number) => {
      const c = await Client.connect(sim.descriptor.ws);
      clients.push(c);
      c.send({
        opcode: 'OrderBookGetAndSubscribe',
        code: 'SBER',
        exchange: 'MOEX',
        instrumentGroup: 'TQBR',
        depth: 5,
        format,
        frequency,
        guid,
        token,
      });
      return (await c.reply(guid)).httpCode;
    };
    for (const [format, min] of [
      ['Simple', 25],
      ['Slim', 10],
      ['Heavy', 500],
    ] as const) {
      expect(await book(`low-${format}`, format, min - 1), format).toBe(400);
      expect(await book(`min-${format}`, format, min), format).toBe(200);
    }
  });

  it('executes a repeated guid again when checkDuplicates is false', async () => {
    ({ sim } = await startSim());
    const token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    const c = await cwsClient(sim.descriptor.cws, token);
    clients.push(c);
    const order = {
      opcode: 'create:market',
      side: 'buy',
      quantity: 1,
      instrument: sber,
      user: { portfolio: sim.descriptor.portfolio },
    };
    const send = async (guid: string, extra: Record<string, unknown>) => {
      c.send({ ...order, guid, ...extra });
      return (await c.reply(guid)).orderNumber;
    };
    const first = await send('dup-a', {});
    expect(await send('dup-a', {})).toBe(first);
    expect(await send('dup-a', { checkDuplicates: true })).toBe(first);
    const again = await send('dup-a', { checkDuplicates: false });
    expect(again).toBeDefined();
    expect(again).not.toBe(first);
  });
});
