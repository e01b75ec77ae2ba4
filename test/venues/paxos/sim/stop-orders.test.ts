// paxos.md §11.1–11.2: STOP_MARKET and STOP_LIMIT (sell only, stop_price, GTC or GTT) rest
// untriggered (status OPEN, is_triggered false) until the market trades at or below the stop
// price, then act as the market or limit order they carry. Written as a plain REST v2 client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
  type PaxosSimDescriptor,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import { formatScaled } from '../../../../shared/decimal';
import { ALL_SCOPES, connect, eventually, getToken, rest } from './client';

const PROFILE = 'c0ffee00-3333-4000-8000-000000000007';
const orders = `/profiles/${PROFILE}/orders`;
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let d: PaxosSimDescriptor;
let token: string;
beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 11, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, profileId: PROFILE });
  d = sim.descriptor;
  token = await getToken(d, ALL_SCOPES);
});
afterEach(async () => {
  gen.stop();
  await sim.close();
});

const btc = () => sim.markets.get('BTCUSD')!;
const px = (n: number) => formatScaled(n, 2);
const tick = () => btc().spec.tickSize;

async function getOrder(id: string): Promise<Record<string, unknown>> {
  const r = await rest(d, token, 'GET', `${orders}/${id}`);
  expect(r.status).toBe(200);
  return r.body as Record<string, unknown>;
}

/** Someone sells into the best bid: a trade at the best bid's price. */
async function printAtBestBid(): Promise<number> {
  const bid = btc().top().bid!;
  const r = await rest(d, token, 'POST', orders, {
    side: 'SELL',
    market: 'BTCUSD',
    type: 'MARKET',
    base_amount: '0.00000001',
  });
  expect(r.status).toBe(200);
  return bid.price;
}

async function askAmountAt(price: string): Promise<number> {
  const book = (await rest(d, undefined, 'GET', '/markets/BTCUSD/order-book')).body as {
    asks: Array<{ price: string; amount: string }>;
  };
  return Number(book.asks.find((l) => l.price === price)?.amount ?? '0');
}

describe('Paxos stop orders', () => {
  it('rests a STOP_MARKET untriggered, with stop_price and is_triggered, and cancels it', async () => {
    const stop = px(btc().top().bid!.price - 40 * tick());
    const created = await rest(d, token, 'POST', orders, {
      side: 'SELL',
      market: 'BTCUSD',
      type: 'STOP_MARKET',
      base_amount: '0.01',
      stop_price: stop,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.id as string;
    expect(await getOrder(id)).toMatchObject({
      status: 'OPEN',
      type: 'STOP_MARKET',
      time_in_force: 'GTC',
      stop_price: stop,
      is_triggered: false,
      amount_filled: '0',
    });
    // A trade above the stop price does not trigger it.
    await printAtBestBid();
    expect(await getOrder(id)).toMatchObject({ status: 'OPEN', is_triggered: false });
    const open = await rest(d, token, 'GET', `${orders}?status=OPEN`);
    expect((open.body.items as Array<{ id: string }>).map((o) => o.id)).toContain(id);

    expect((await rest(d, token, 'DELETE', `${orders}/${id}`)).status).toBe(200);
    await eventually(async () => ((await getOrder(id)).status === 'CANCELLED' ? true : undefined));
    expect(await getOrder(id)).toMatchObject({ is_triggered: false, amount_filled: '0' });
    expect((await rest(d, token, 'DELETE', `${orders}/${id}`)).status).toBe(403);
  });

  it('triggers a STOP_MARKET on a trade at its stop price and fills it as a market sell', async () => {
    const ws = await connect(d, token);
    await ws.request({
      type: 'subscribe',
      channels: [{ type: 'execution_data', params: { market: 'BTCUSD' } }],
    });
    const bid = btc().top().bid!;
    const created = await rest(d, token, 'POST', orders, {
      side: 'SELL',
      market: 'BTCUSD',
      type: 'STOP_MARKET',
      base_amount: '0.001',
      stop_price: px(bid.price),
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect(await getOrder(id)).toMatchObject({ status: 'OPEN', is_triggered: false });

    await printAtBestBid();
    const done = await eventually(async () => {
      const o = await getOrder(id);
      return o.status === 'FILLED' ? o : undefined;
    });
    expect(done).toMatchObject({ type: 'STOP_MARKET', is_triggered: true, amount_filled: '0.001' });
    const execs = (await rest(d, token, 'GET', `/executions?order_id=${id}`)).body.items as Array<{
      side: string;
      amount: string;
      price: string;
    }>;
    expect(execs.length).toBeGreaterThan(0);
    expect(execs.every((e) => e.side === 'SELL')).toBe(true);
    // execution_data prints the trigger trade and then the stop's own fills (market, price,
    // amount, executed_at; no side).
    const prints = await eventually(async () => {
      const got = ws.channel('execution_data');
      return got.length >= 1 + execs.length ? got : undefined;
    });
    for (const e of execs)
      expect(prints).toContainEqual(
        expect.objectContaining({ market: 'BTCUSD', price: e.price, amount: e.amount }),
      );
    await ws.close();
  });

  it('triggers a STOP_LIMIT into a resting limit sell at its price', async () => {
    const bid = btc().top().bid!;
    const ask = btc().top().ask!;
    const limit = px(ask.price + 20 * tick());
    const created = await rest(d, token, 'POST', orders, {
      side: 'SELL',
      market: 'BTCUSD',
      type: 'STOP_LIMIT',
      base_amount: '0.01',
      price: limit,
      stop_price: px(bid.price),
      time_in_force: 'GTT',
      expiration_date: String(Date.now() + 60_000),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const id = created.body.id as string;
    const before = await askAmountAt(limit);
    await printAtBestBid();
    const o = await eventually(async () => {
      const got = await getOrder(id);
      return got.is_triggered === true ? got : undefined;
    });
    expect(o).toMatchObject({ status: 'OPEN', type: 'STOP_LIMIT', price: limit, time_in_force: 'GTT' });
    // Now on the book as a limit sell: the public order book shows 0.01 more at its price.
    expect(Math.round((await askAmountAt(limit)) * 1e8) - Math.round(before * 1e8)).toBe(1_000_000);
    expect((await rest(d, token, 'DELETE', `${orders}/${id}`)).status).toBe(200);
    await eventually(async () => ((await getOrder(id)).status === 'CANCELLED' ? true : undefined));
  });

  it('refuses what the reference does not allow for stops with 400 problem+json', async () => {
    const stop = px(btc().top().bid!.price - 40 * tick());
    const base = {
      side: 'SELL',
      market: 'BTCUSD',
      type: 'STOP_MARKET',
      base_amount: '0.01',
      stop_price: stop,
    };
    const bad: Array<Record<string, unknown>> = [
      { side: 'BUY' }, // only sell stops
      { stop_price: undefined },
      { stop_price: px(btc().top().bid!.price - 40 * tick() + 1) }, // off the 0.25 tick
      { time_in_force: 'IOC' },
      { time_in_force: 'FOK' },
      { price: stop }, // STOP_MARKET takes no price
      { type: 'STOP_LIMIT' }, // STOP_LIMIT needs a price
      { type: 'LIMIT', price: stop }, // stop_price belongs to stop orders
    ];
    for (const change of bad) {
      const r = await rest(d, token, 'POST', orders, { ...base, ...change });
      expect(r.status, JSON.stringify(change)).toBe(400);
      expect(r.contentType).toContain('application/problem+json');
    }
  });
});
