import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import {
  alorOrderSimpleSchema,
  alorPositionSimpleSchema,
  alorReplySchema,
  alorStopOrderSimpleSchema,
  alorTradeSimpleSchema,
} from '../../../../electron/venues/alor/wire/alor-wire';
import { Client, accessToken, command, cwsClient, sber, sleep, startSim, uuid } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
let token: string;
let portfolio: string;
const clients: Client[] = [];

async function setup(extra = {}) {
  ({ sim } = await startSim(extra));
  portfolio = sim.descriptor.portfolio;
  token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});

async function track<T extends Client>(p: Promise<T>): Promise<T> {
  const c = await p;
  clients.push(c);
  return c;
}

/** A /ws connection subscribed to the portfolio's orders, trades, positions and stop orders. */
async function portfolioStreams() {
  const c = await track(Client.connect(sim.descriptor.ws));
  const g = { orders: uuid(), trades: uuid(), positions: uuid(), stops: uuid() };
  const base = { exchange: 'MOEX', portfolio, format: 'Simple', token };
  c.send({ opcode: 'OrdersGetAndSubscribeV2', guid: g.orders, ...base });
  c.send({ opcode: 'TradesGetAndSubscribeV2', guid: g.trades, ...base });
  c.send({ opcode: 'PositionsGetAndSubscribeV2', guid: g.positions, ...base });
  c.send({ opcode: 'StopOrdersGetAndSubscribeV2', guid: g.stops, ...base });
  for (const guid of Object.values(g)) expect((await c.reply(guid)).httpCode).toBe(200);
  return { c, g };
}

const px = (scaled: number) => Number(formatScaled(scaled, 2));
const order = (extra: Record<string, unknown>) => ({
  side: 'buy',
  quantity: 1,
  instrument: sber,
  user: { portfolio: '' },
  ...extra,
});

describe('/cws authorization', () => {
  beforeEach(() => setup());

  it('refuses commands before authorize with 401, authorizes with the documented reply', async () => {
    const c = await track(Client.connect(sim.descriptor.cws));
    const r = await command(c, { opcode: 'create:market', ...order({ user: { portfolio } }) });
    expect(r.httpCode).toBe(401);
    const bad = uuid();
    c.send({ opcode: 'authorize', guid: bad, token: 'x.y.z' });
    expect(await c.reply(bad)).toEqual({ requestGuid: bad, httpCode: 401, message: 'Invalid JWT token!' });
    const good = uuid();
    c.send({ opcode: 'authorize', guid: good, token });
    expect(await c.reply(good)).toEqual({
      requestGuid: good,
      httpCode: 200,
      message: 'The connection has been initialized.',
    });
  });

  it('authorizes each connection separately', async () => {
    await track(cwsClient(sim.descriptor.cws, token));
    const other = await track(Client.connect(sim.descriptor.cws));
    expect(
      (await command(other, { opcode: 'create:market', ...order({ user: { portfolio } }) })).httpCode,
    ).toBe(401);
  });
});

describe('/cws token expiry', () => {
  it('answers 401 once the authorizing token expired, until re-authorized on the same connection', async () => {
    await setup({ jwtLifetimeSeconds: 1 });
    const c = await track(cwsClient(sim.descriptor.cws, token));
    await sleep(1100);
    const r = await command(c, { opcode: 'create:market', ...order({ user: { portfolio } }) });
    expect(r).toMatchObject({ httpCode: 401, message: 'Invalid JWT token!' });
    const fresh = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    expect((await command(c, { opcode: 'authorize', token: fresh })).httpCode).toBe(200);
    expect((await command(c, { opcode: 'create:market', ...order({ user: { portfolio } }) })).httpCode).toBe(
      200,
    );
  });
});

describe('/cws orders', () => {
  beforeEach(() => setup());

  it('fills a marketable order and reports it on the orders, trades and positions streams', async () => {
    const { c: ws, g } = await portfolioStreams();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const ask = sim.markets.get('SBER')!.top().ask!;
    const r = alorReplySchema.parse(
      await command(cws, { opcode: 'create:market', ...order({ quantity: 2, user: { portfolio } }) }),
    );
    expect(r.httpCode).toBe(200);
    expect(typeof r.orderNumber).toBe('string');
    expect(r.message).toBe(`An order '${r.orderNumber}' has been created.`);
    const filled = alorOrderSimpleSchema.parse(
      await ws.data(g.orders, (d) => d.id === r.orderNumber && d.status === 'filled'),
    );
    expect(filled).toMatchObject({
      type: 'market',
      side: 'buy',
      qtyBatch: 2,
      qtyUnits: 20,
      filledQtyBatch: 2,
      existing: false,
      symbol: 'SBER',
      board: 'TQBR',
      portfolio,
    });
    const trade = alorTradeSimpleSchema.parse(await ws.data(g.trades, (d) => d.orderno === r.orderNumber));
    expect(trade.price).toBe(px(ask.price));
    expect(trade.qtyBatch + 0).toBeGreaterThan(0);
    const pos = alorPositionSimpleSchema.parse(
      await ws.data(g.positions, (d) => d.symbol === 'SBER' && d.qtyBatch === 2),
    );
    expect(pos.qtyUnits).toBe(20);
    expect(pos.lotSize).toBe(10);
    const money = alorPositionSimpleSchema.parse(
      await ws.data(g.positions, (d) => d.isCurrency === true && d.existing === false),
    );
    expect(money.symbol).toBe('RUB');
  });

  it('rests a limit order, updates it (new number) and cancels it', async () => {
    const { c: ws, g } = await portfolioStreams();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const bid = sim.markets.get('SBER')!.top().bid!.price;
    const created = await command(cws, {
      opcode: 'create:limit',
      ...order({ quantity: 3, price: px(bid - 20), user: { portfolio } }),
      timeInForce: 'oneday',
      allowMargin: false,
      checkDuplicates: true,
    });
    expect(created.httpCode).toBe(200);
    const working = alorOrderSimpleSchema.parse(await ws.data(g.orders, (d) => d.id === created.orderNumber));
    expect(working).toMatchObject({
      status: 'working',
      price: px(bid - 20),
      qty: 3,
      type: 'limit',
      timeInForce: 'oneday',
    });
    expect(working.transTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

    const updated = await command(cws, {
      opcode: 'update:limit',
      orderId: created.orderNumber,
      ...order({ quantity: 4, price: px(bid - 30), user: { portfolio } }),
    });
    expect(updated.httpCode).toBe(200);
    expect(updated.orderNumber).not.toBe(created.orderNumber);
    await ws.data(g.orders, (d) => d.id === created.orderNumber && d.status === 'canceled');
    await ws.data(g.orders, (d) => d.id === updated.orderNumber && d.status === 'working' && d.qty === 4);

    const del = await command(cws, {
      opcode: 'delete:limit',
      orderId: updated.orderNumber,
      exchange: 'MOEX',
      user: { portfolio },
    });
    expect(del).toMatchObject({ httpCode: 200, orderNumber: updated.orderNumber });
    await ws.data(g.orders, (d) => d.id === updated.orderNumber && d.status === 'canceled');
    expect(
      (
        await command(cws, {
          opcode: 'delete:limit',
          orderId: updated.orderNumber,
          exchange: 'MOEX',
          user: { portfolio },
        })
      ).httpCode,
    ).toBe(400);
    expect(
      (await command(cws, { opcode: 'update:market', orderId: '1', ...order({ user: { portfolio } }) }))
        .httpCode,
    ).toBe(400);
  });

  it('never executes a repeated guid twice and answers it with the original reply', async () => {
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const guid = uuid();
    const body = { opcode: 'create:market', guid, ...order({ user: { portfolio } }) };
    const first = await command(cws, body);
    const again = await command(cws, body);
    expect(again).toEqual(first);
    // Also across a reconnect, as the reference's resend-after-reconnect advice needs.
    const other = await track(cwsClient(sim.descriptor.cws, token));
    expect(await command(other, body)).toEqual(first);
    const res = await fetch(`${sim.descriptor.api}/md/v2/Clients/MOEX/${portfolio}/orders`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as unknown[]).length).toBe(1);
  });

  it('accepts the older top-level board as well as instrument.instrumentGroup', async () => {
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const noGroup = { symbol: 'GAZP', exchange: 'MOEX' };
    expect(
      (
        await command(cws, {
          opcode: 'create:market',
          ...order({ instrument: noGroup, board: 'TQBR', user: { portfolio } }),
        })
      ).httpCode,
    ).toBe(200);
    expect(
      (
        await command(cws, {
          opcode: 'create:market',
          ...order({ instrument: noGroup, user: { portfolio } }),
        })
      ).httpCode,
    ).toBe(200);
    expect(
      (
        await command(cws, {
          opcode: 'create:market',
          ...order({ instrument: { ...noGroup, instrumentGroup: 'TQBR' }, user: { portfolio } }),
        })
      ).httpCode,
    ).toBe(200);
    expect(
      (
        await command(cws, {
          opcode: 'create:market',
          ...order({ instrument: noGroup, board: 'RFUD', user: { portfolio } }),
        })
      ).httpCode,
    ).toBe(400);
  });

  it('answers malformed commands with 400 and a clear message', async () => {
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const q0 = await command(cws, {
      opcode: 'create:market',
      ...order({ quantity: 0, user: { portfolio } }),
    });
    expect(q0).toMatchObject({ httpCode: 400, message: 'Invalid or unsupported quantity' });
    const offTick = await command(cws, {
      opcode: 'create:limit',
      ...order({ price: 100.005, user: { portfolio } }),
    });
    expect(offTick.httpCode).toBe(400);
    expect(offTick.message).toMatch(/price/);
    expect(
      (
        await command(cws, {
          opcode: 'create:limit',
          ...order({ side: 'hold', price: 100, user: { portfolio } }),
        })
      ).httpCode,
    ).toBe(400);
    expect(
      (await command(cws, { opcode: 'create:limit', ...order({ user: { portfolio } }) })).message,
    ).toMatch(/price/);
    expect((await command(cws, { opcode: 'launch:rocket' })).httpCode).toBe(400);
    expect(
      (await command(cws, { opcode: 'create:market', ...order({ user: { portfolio: 'D00001' } }) })).httpCode,
    ).toBe(403);
    cws.send('{not json');
    expect(await cws.next((m) => m.requestGuid === null)).toMatchObject({ httpCode: 400 });
    expect(
      (await command(cws, { opcode: 'create:market', ...order({ user: { portfolio } }) })).httpCode,
    ).toBe(200);
  });

  it('triggers a stop order on the last price and sends a market order to the exchange', async () => {
    const { c: ws, g } = await portfolioStreams();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const ask = sim.markets.get('SBER')!.top().ask!.price;
    const stopEnd = Math.floor(Date.now() / 1000) + 3600;
    const noMargin = await command(cws, {
      opcode: 'create:stop',
      ...order({ user: { portfolio } }),
      condition: 'moreorequal',
      triggerPrice: px(ask),
      stopEndUnixTime: stopEnd,
    });
    expect(noMargin.httpCode).toBe(400);
    const stop = await command(cws, {
      opcode: 'create:stop',
      ...order({ user: { portfolio } }),
      condition: 'MoreOrEqual'.toLowerCase(),
      triggerPrice: px(ask),
      stopEndUnixTime: stopEnd,
      allowMargin: true,
    });
    expect(stop.httpCode).toBe(200);
    const working = alorStopOrderSimpleSchema.parse(await ws.data(g.stops, (d) => d.id === stop.orderNumber));
    expect(working).toMatchObject({
      status: 'working',
      type: 'stop',
      condition: 'MoreOrEqual',
      stopPrice: px(ask),
    });
    // A trade at the ask moves the last price onto the trigger.
    expect(
      (await command(cws, { opcode: 'create:market', ...order({ user: { portfolio } }) })).httpCode,
    ).toBe(200);
    const fired = alorStopOrderSimpleSchema.parse(
      await ws.data(g.stops, (d) => d.id === stop.orderNumber && d.status === 'filled'),
    );
    expect(fired.exchangeOrderId).toBeTruthy();
    await ws.data(g.orders, (d) => d.id === fired.exchangeOrderId && d.type === 'market');
  });

  it('creates, updates and deletes stop-limit orders', async () => {
    const { c: ws, g } = await portfolioStreams();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const bid = sim.markets.get('SBER')!.top().bid!.price;
    const stopEnd = Math.floor(Date.now() / 1000) + 3600;
    const body = {
      ...order({ side: 'sell', user: { portfolio } }),
      condition: 'lessorequal',
      triggerPrice: px(bid - 500),
      price: px(bid - 510),
      stopEndUnixTime: stopEnd,
      allowMargin: true,
    };
    const created = await command(cws, { opcode: 'create:stopLimit', ...body, timeInForce: 'oneday' });
    expect(created.httpCode).toBe(200);
    await ws.data(g.stops, (d) => d.id === created.orderNumber && d.type === 'stoplimit');
    const updated = await command(cws, {
      opcode: 'update:stopLimit',
      orderId: created.orderNumber,
      ...body,
      quantity: 2,
    });
    expect(updated.httpCode).toBe(200);
    await ws.data(g.stops, (d) => d.id === created.orderNumber && d.status === 'canceled');
    const del = await command(cws, {
      opcode: 'delete:stopLimit',
      orderId: updated.orderNumber,
      exchange: 'MOEX',
      user: { portfolio },
    });
    expect(del.httpCode).toBe(200);
    await ws.data(g.stops, (d) => d.id === updated.orderNumber && d.status === 'canceled');
    const stop = await command(cws, { opcode: 'create:stop', ...body, price: undefined });
    const upd = await command(cws, {
      opcode: 'update:stop',
      orderId: stop.orderNumber,
      ...body,
      price: undefined,
      triggerPrice: px(bid - 400),
    });
    expect(upd.httpCode).toBe(200);
    expect(
      (
        await command(cws, {
          opcode: 'delete:stop',
          orderId: upd.orderNumber,
          exchange: 'MOEX',
          user: { portfolio },
        })
      ).httpCode,
    ).toBe(200);
  });

  it('replays portfolio history with existing:true to a new subscriber, honouring orderStatuses', async () => {
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const bid = sim.markets.get('SBER')!.top().bid!.price;
    const resting = await command(cws, {
      opcode: 'create:limit',
      ...order({ price: px(bid - 20), user: { portfolio } }),
    });
    await command(cws, { opcode: 'create:market', ...order({ user: { portfolio } }) });
    const ws = await track(Client.connect(sim.descriptor.ws));
    const guid = uuid();
    ws.send({
      opcode: 'OrdersGetAndSubscribeV2',
      exchange: 'MOEX',
      portfolio,
      orderStatuses: ['working'],
      format: 'Slim',
      guid,
      token,
    });
    const d = await ws.data(guid);
    expect(d).toMatchObject({ id: resting.orderNumber, st: 'working', h: true, qb: 1, q: 10 });
    const skip = uuid();
    ws.send({
      opcode: 'TradesGetAndSubscribeV2',
      exchange: 'MOEX',
      portfolio,
      skipHistory: true,
      format: 'Heavy',
      guid: skip,
      token,
    });
    await ws.reply(skip);
    await command(cws, { opcode: 'create:market', ...order({ side: 'sell', user: { portfolio } }) });
    const live = await ws.data(skip);
    expect(live).toMatchObject({ existing: false, side: 'sell' });
    expect(live.orderNo).toBeDefined();
  });
});
