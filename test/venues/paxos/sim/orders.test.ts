import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import {
  executionSchema,
  listOrdersResponseSchema,
  orderSchema,
  problemSchema,
} from '../../../../electron/venues/paxos/wire/paxos-wire';
import { formatScaled } from '../../../../shared/decimal';
import { ALL_SCOPES, MD_SCOPE, connect, eventually, getToken, rest, tokenRequest } from './client';

const PROFILE = '6d1b0c1e-0000-4000-8000-000000000001';
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let d: PaxosSimDescriptor;
let token: string;
const orders = `/profiles/${PROFILE}/orders`;

beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 5, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, profileId: PROFILE });
  d = sim.descriptor;
  token = await getToken(d, ALL_SCOPES);
});
afterEach(async () => {
  await sim.close();
});

const btc = () => sim.markets.get('BTCUSD')!;
const px = (n: number) => formatScaled(n, 2);

describe('REST v2 authentication', () => {
  it('answers 401 problem+json without a valid token and 403 without the order scopes', async () => {
    const none = await rest(d, undefined, 'GET', orders);
    expect(none.status).toBe(401);
    expect(none.contentType).toContain('application/problem+json');
    expect(problemSchema.parse(none.body).status).toBe(401);
    expect((await rest(d, 'garbage', 'GET', orders)).status).toBe(401);
    const readOnly = await getToken(d, `${MD_SCOPE} exchange:read_order`);
    expect((await rest(d, readOnly, 'GET', orders)).status).toBe(200);
    const create = await rest(d, readOnly, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '0.1',
      price: '1000',
    });
    expect(create.status).toBe(403);
    const mdOnly = await getToken(d, MD_SCOPE);
    expect((await rest(d, mdOnly, 'GET', orders)).status).toBe(403);
  });

  it('answers 404 for unknown profiles and routes, 405 for wrong methods', async () => {
    expect((await rest(d, token, 'GET', '/profiles/other/orders')).status).toBe(404);
    expect((await rest(d, token, 'GET', '/nothing')).status).toBe(404);
    expect((await rest(d, token, 'PUT', orders)).status).toBe(405);
  });
});

describe('order lifecycle', () => {
  it('creates a resting limit order, lists it, cancels it, and refuses a second cancel', async () => {
    const bid = btc().top().bid!.price;
    const price = px(bid - 400);
    const created = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '0.25',
      price,
      ref_id: 'r-1',
      metadata: { k: 'v' },
    });
    expect(created.status).toBe(200);
    const o = orderSchema.parse(created.body);
    expect(o).toMatchObject({
      status: 'SUBMITTED',
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '0.25',
      price,
      ref_id: 'r-1',
      profile_id: PROFILE,
      time_in_force: 'GTC',
      metadata: { k: 'v' },
    });
    expect(o.id).toMatch(/^[0-9a-f-]{36}$/);

    const got = await rest(d, token, 'GET', `${orders}/${o.id}`);
    expect(got.body).toMatchObject({ id: o.id, status: 'OPEN', amount_filled: '0' });
    expect(
      btc()
        .orders(PROFILE)
        .map((s) => s.orderId),
    ).toEqual([o.id]);

    const list = listOrdersResponseSchema.parse(
      (await rest(d, token, 'GET', '/orders?market=BTCUSD&status=OPEN')).body,
    );
    expect(list.items.map((i) => i.id)).toEqual([o.id]);
    expect((await rest(d, token, 'GET', '/orders?ref_ids=r-1')).body.items).toHaveLength(1);
    expect((await rest(d, token, 'GET', '/orders?ref_ids=zzz')).body.items).toHaveLength(0);

    const cancel = await rest(d, token, 'DELETE', `${orders}/${o.id}`);
    expect(cancel).toMatchObject({ status: 200, body: {} });
    await eventually(async () =>
      (await rest(d, token, 'GET', `${orders}/${o.id}`)).body.status === 'CANCELLED' ? true : undefined,
    );
    expect(btc().orders(PROFILE)).toHaveLength(0);
    const again = await rest(d, token, 'DELETE', `${orders}/${o.id}`);
    expect(again.status).toBe(403);
    expect(again.body.detail).toBe('order is not in cancellable state');
    expect((await rest(d, token, 'DELETE', `${orders}/00000000-0000-0000-0000-000000000000`)).status).toBe(
      404,
    );
  });

  it('refuses a duplicate ref_id with 409 carrying the existing order', async () => {
    const body = {
      side: 'SELL',
      market: 'ETHUSD',
      type: 'LIMIT',
      base_amount: '1',
      price: px(sim.markets.get('ETHUSD')!.top().ask!.price + 500),
      ref_id: 'dup',
    };
    const first = await rest(d, token, 'POST', orders, body);
    expect(first.status).toBe(200);
    const second = await rest(d, token, 'POST', orders, body);
    expect(second.status).toBe(409);
    const p = problemSchema.parse(second.body);
    expect(p.title).toBe('Already Exists');
    expect((p.meta!.existing as { id: string }).id).toBe(first.body.id);
    expect((await rest(d, token, 'GET', orders)).body.items).toHaveLength(1);
  });

  it('fills a marketable order: order state, executions and the execution_data channel agree', async () => {
    const ws = await connect(d, token);
    await ws.request({
      type: 'subscribe',
      channels: [{ type: 'execution_data', params: { market: 'BTCUSD' } }],
    });
    const ask = btc().top().ask!;
    const size = Math.min(ask.size, 10_000_000);
    const created = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      time_in_force: 'IOC',
      base_amount: formatScaled(size, 8),
      price: px(ask.price),
    });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    const got = orderSchema.parse((await rest(d, token, 'GET', `${orders}/${id}`)).body);
    expect(got).toMatchObject({
      status: 'FILLED',
      amount_filled: formatScaled(size, 8),
      volume_weighted_average_price: px(ask.price),
    });

    const exec = await ws.waitFor((m) => m.channel === 'execution_data');
    expect(exec.payload).toMatchObject({
      market: 'BTCUSD',
      price: px(ask.price),
      amount: formatScaled(size, 8),
    });
    const execs = (await rest(d, token, 'GET', `/executions?order_id=${id}`)).body.items as unknown[];
    expect(execs).toHaveLength(1);
    expect(executionSchema.parse(execs[0])).toMatchObject({
      order_id: id,
      side: 'BUY',
      price: px(ask.price),
      amount: formatScaled(size, 8),
      commission: '0',
    });
    expect((await rest(d, token, 'GET', `/profiles/${PROFILE}/executions`)).body.items).toHaveLength(1);
    await ws.close();
  });

  it('market buy by quote_amount and market sell by base_amount fill; await_fill_millis returns the final state', async () => {
    const buy = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'MARKET',
      quote_amount: '1000.00',
      await_fill_millis: 2000,
    });
    expect(buy.status).toBe(200);
    expect(buy.body).toMatchObject({ status: 'FILLED', quote_amount: '1000.00', time_in_force: 'IOC' });
    expect(Number(buy.body.amount_filled)).toBeGreaterThan(0);
    const sell = await rest(d, token, 'POST', orders, {
      side: 'SELL',
      market: 'ETHUSD',
      type: 'MARKET',
      base_amount: '0.5',
      await_fill_millis: 2000,
    });
    expect(sell.body).toMatchObject({ status: 'FILLED', amount_filled: '0.5' });
  });

  it('a resting order is filled by market flow and reports it', async () => {
    const bid = btc().top().bid!.price;
    const created = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '0.00000001',
      price: px(bid),
    });
    const id = created.body.id as string;
    for (let i = 0; i < 200 && btc().order(id)?.status !== 'filled'; i++) gen.step(100);
    const got = (await rest(d, token, 'GET', `${orders}/${id}`)).body;
    expect(got).toMatchObject({ status: 'FILLED', amount_filled: '0.00000001' });
  });

  it('paginates lists with limit and next_page_cursor, newest first', async () => {
    const bid = btc().top().bid!.price;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await rest(d, token, 'POST', orders, {
            side: 'BUY',
            market: 'BTCUSD',
            type: 'LIMIT',
            base_amount: '0.1',
            price: px(bid - 1000 - i * 25),
          })
        ).body.id as string,
      );
    }
    const p1 = await rest(d, token, 'GET', `${orders}?limit=2`);
    expect((p1.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([ids[2], ids[1]]);
    const p2 = await rest(
      d,
      token,
      'GET',
      `${orders}?limit=2&page_cursor=${p1.body.next_page_cursor as string}`,
    );
    expect((p2.body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([ids[0]]);
    expect(p2.body.next_page_cursor).toBeUndefined();
    expect((await rest(d, token, 'GET', `${orders}?limit=5000`)).status).toBe(400);
    expect((await rest(d, token, 'GET', `${orders}?status=NOPE`)).status).toBe(400);
  });
});

describe('order validation', () => {
  const base = { side: 'BUY', market: 'BTCUSD', type: 'LIMIT', base_amount: '0.1', price: '1000' };
  it.each([
    ['invalid JSON', '{oops'],
    ['missing side', { market: 'BTCUSD', type: 'LIMIT', base_amount: '0.1', price: '1000' }],
    ['bad side', { ...base, side: 'LONG' }],
    ['price off the 0.25 tick', { ...base, price: '1000.10' }],
    ['negative-looking amount', { ...base, base_amount: '-1' }],
    ['too many decimals', { ...base, base_amount: '0.000000001' }],
    ['zero amount', { ...base, base_amount: '0' }],
    ['unknown market', { ...base, market: 'DOGEUSD' }],
    ['stop orders', { ...base, type: 'STOP_LIMIT', stop_price: '900' }],
    [
      'MARKET with GTC',
      { side: 'SELL', market: 'BTCUSD', type: 'MARKET', base_amount: '0.1', time_in_force: 'GTC' },
    ],
    ['MARKET BUY by base_amount', { side: 'BUY', market: 'BTCUSD', type: 'MARKET', base_amount: '0.1' }],
    ['LIMIT without price', { side: 'BUY', market: 'BTCUSD', type: 'LIMIT', base_amount: '0.1' }],
    ['GTT without expiration', { ...base, time_in_force: 'GTT' }],
    ['identity without account', { ...base, identity_id: 'x' }],
    ['await_fill_millis above 10000', { ...base, await_fill_millis: 20000 }],
    [
      'seven metadata pairs',
      { ...base, metadata: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`k${i}`, 'v'])) },
    ],
  ])('answers 400 for %s and creates nothing', async (_name, body) => {
    const r = await rest(d, token, 'POST', orders, body);
    expect(r.status).toBe(400);
    expect(problemSchema.parse(r.body).detail).toBeTruthy();
    expect((await rest(d, token, 'GET', orders)).body.items).toHaveLength(0);
  });

  it('rejects taker limits 15% from mid and oversized notionals with 403', async () => {
    const top = btc().top();
    const far = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '0.1',
      price: px(Math.floor((top.ask!.price * 1.2) / 25) * 25),
    });
    expect(far.status).toBe(403);
    const huge = await rest(d, token, 'POST', orders, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      base_amount: '100',
      price: px(top.bid!.price - 1000),
    });
    expect(huge.status).toBe(403);
    expect(huge.body.detail).toMatch(/notional/);
  });

  it('accepts GTT with an expiration more than 10 s ahead', async () => {
    const r = await rest(d, token, 'POST', orders, {
      ...base,
      time_in_force: 'GTT',
      expiration_date: String(Date.now() + 60_000),
    });
    expect(r.status).toBe(200);
    expect((await rest(d, token, 'GET', `${orders}/${r.body.id as string}`)).body).toMatchObject({
      status: 'OPEN',
      time_in_force: 'GTT',
    });
  });
});

describe('public market endpoints and rate limits', () => {
  it('lists markets and serves the order book without auth', async () => {
    const m = await rest(d, undefined, 'GET', '/markets');
    expect(m.body.markets).toContainEqual({
      market: 'BTCUSD',
      base_asset: 'BTC',
      quote_asset: 'USD',
      tick_rate: '0.25',
    });
    const book = await rest(d, undefined, 'GET', '/markets/ETHUSD/order-book');
    expect((book.body.bids as unknown[]).length).toBe(
      sim.markets.get('ETHUSD')!.snapshot(1_000_000).bids.length,
    );
  });

  it('answers 429 with the documented body once a bucket is exhausted', async () => {
    const limited = await startPaxosSimulator({
      rate: 0,
      rateLimits: { enabled: true, windowMs: 10_000, throttleMs: 60_000 },
    });
    try {
      const fields = {
        grant_type: 'client_credentials',
        client_id: limited.descriptor.clientId,
        client_secret: limited.descriptor.clientSecret,
      };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await tokenRequest(limited.descriptor.oauth, fields)).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      const last = await tokenRequest(limited.descriptor.oauth, fields);
      expect(last).toEqual({
        status: 429,
        body: { type: 'about:blank', title: 'Too Many Requests', status: 429, detail: 'Too many requests' },
      });
    } finally {
      await limited.close();
    }
  });
});
