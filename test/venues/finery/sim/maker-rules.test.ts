// finery-markets.md §8.1: makers rest at most 30 orders per side of a book.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FmClient } from './client';
import { startRig, type Rig } from './helpers';

let rig: Rig;
let c: FmClient;
beforeEach(async () => {
  rig = await startRig();
  c = await rig.open();
});
afterEach(async () => {
  await rig.close();
});

const E8 = 100_000_000;
const TICK = 1_000_000;
const top = () => {
  const s = rig.sim.markets.get('BTC-USD')!.snapshot(1);
  return { bid: s.bids[0]!.price, ask: s.asks[0]!.price };
};

describe('Finery maker rules', () => {
  it('refuses a 31st resting order on one side (79), still takes the other side', async () => {
    const { bid } = top();
    for (let i = 0; i < 30; i++) {
      const r = await c.request('add', {
        instrument: 'BTC-USD',
        price: bid - (i + 1) * TICK,
        size: E8 / 100,
        side: 'bid',
        type: 'limit',
      });
      expect(r.error, `order ${i + 1}`).toBeUndefined();
    }
    const extra = await c.request('add', {
      instrument: 'BTC-USD',
      price: bid - 40 * TICK,
      size: E8 / 100,
      side: 'bid',
      type: 'postOnly',
    });
    expect(extra.error).toBe(79);
    const { ask } = top();
    const other = await c.request('add', {
      instrument: 'BTC-USD',
      price: ask + TICK,
      size: E8 / 100,
      side: 'ask',
      type: 'limit',
    });
    expect(other.error).toBeUndefined();
  });
});

describe('Finery request content', () => {
  it('answers 110 naming content when a method with parameters comes without it', async () => {
    const raw = (reqId: number, method: string) => {
      const reply = c.next((m) => !Array.isArray(m) && m.reqId === reqId);
      c.send({ event: 'request', reqId, method });
      return reply;
    };
    for (const [i, method] of ['add', 'mod', 'del', 'delAll', 'book', 'dealHistory'].entries()) {
      expect(await raw(900 + i, method), method).toMatchObject({ error: 110, param: 'content' });
    }
    const parameterless = await raw(901, 'positions');
    expect(parameterless).toMatchObject({ reply: expect.any(Array) });
  });
});
