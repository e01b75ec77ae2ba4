// finery-markets.md §8.1 and §9: a maker client sends only limit/postOnly and a taker only the
// IOC/FOK types (73 "Order type not allowed" otherwise); an add that would trade with the
// account's own resting order fails with 78 "Add failed – SMP" and nothing trades, while one
// that fills on other liquidity first goes through.
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const E8 = 100_000_000;
const TICK = 1_000_000;
const top = (r: Rig) => {
  const s = r.sim.markets.get('BTC-USD')!.snapshot(2);
  return { bid: s.bids[0]!, bid2: s.bids[1]!, ask: s.asks[0]! };
};
const add = (type: string, over: Record<string, unknown> = {}) => ({
  instrument: 'BTC-USD',
  size: E8 / 100,
  side: 'bid',
  type,
  ...over,
});

describe('Finery order families', () => {
  it('a maker key may add limit and postOnly only (73 for IOC/FOK types)', async () => {
    rig = await startRig({ clientType: 'maker' });
    const c = await rig.open();
    const { bid } = top(rig);
    for (const type of ['limit', 'postOnly'])
      expect(
        (await c.request('add', add(type, { price: bid.price - 5 * TICK }))).error,
        type,
      ).toBeUndefined();
    for (const type of ['limitIOC', 'limitFOK', 'marketIOC', 'marketFOK']) {
      const r = await c.request('add', add(type, type.startsWith('limit') ? { price: bid.price } : {}));
      expect(r.error, type).toBe(73);
    }
  });

  it('a taker key may add IOC/FOK types only (73 for limit and postOnly)', async () => {
    rig = await startRig({ clientType: 'taker' });
    const c = await rig.open();
    const { ask } = top(rig);
    for (const type of ['limit', 'postOnly'])
      expect((await c.request('add', add(type, { price: ask.price - 50 * TICK }))).error, type).toBe(73);
    expect((await c.request('add', add('limitIOC', { price: ask.price }))).error).toBeUndefined();
    expect((await c.request('add', add('marketIOC'))).error).toBeUndefined();
    expect((await c.request('add', add('limitFOK', { price: ask.price }))).error).toBeUndefined();
    expect((await c.request('add', add('marketFOK'))).error).toBeUndefined();
  });
});

describe('Finery self-trade prevention', () => {
  it('refuses with 78 an add that would reach the account own resting order, and nothing trades', async () => {
    rig = await startRig();
    const c = await rig.open();
    const { bid } = top(rig);
    // Our bid joins the best bid level.
    const resting = await c.request('add', add('limit', { price: bid.price }));
    expect(resting.error).toBeUndefined();
    const ownId = (resting.reply as { id: number }).id;
    const trades: unknown[] = [];
    rig.sim.markets.get('BTC-USD')!.onTrade((t) => trades.push(t));
    for (const order of [
      add('marketIOC', { side: 'ask' }),
      add('limitIOC', { side: 'ask', price: bid.price }),
      add('limitFOK', { side: 'ask', price: bid.price }),
    ]) {
      const r = await c.request('add', order);
      expect(r.error, String(order.type)).toBe(78);
    }
    expect(trades).toEqual([]);
    // Our order is still there, untouched.
    const positions = (await c.request('positions', {})).reply as unknown[];
    const orders = positions[2] as unknown[][];
    expect(orders.map((o) => o[4])).toContain(ownId);
  });

  it('lets through an order that fills on other liquidity before it would reach the own order', async () => {
    rig = await startRig();
    const c = await rig.open();
    const { bid, bid2 } = top(rig);
    // Our bid rests one level below the best bid; a small sell takes from the best bid only.
    expect((await c.request('add', add('limit', { price: bid2.price }))).error).toBeUndefined();
    const small = Math.min(bid.size, E8 / 1000);
    const r = await c.request('add', add('marketIOC', { side: 'ask', size: small }));
    expect(r.error).toBeUndefined();
    expect((r.reply as { deals: unknown[] }).deals.length).toBeGreaterThan(0);
    // A resting ask far above the touch never trades with anything: no SMP either.
    const away = await c.request('add', add('limit', { side: 'ask', price: top(rig).ask.price + 20 * TICK }));
    expect(away.error).toBeUndefined();
  });
});
