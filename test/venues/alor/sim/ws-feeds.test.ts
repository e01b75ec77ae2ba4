// /ws BarsGetAndSubscribe, InstrumentsGetAndSubscribeV2, SummariesGetAndSubscribeV2,
// RisksGetAndSubscribe and StopOrdersGetAndSubscribeV2 as a third-party client sees them: raw
// `ws`, requests and expected keys as WarpOpenAPIv2 (ws_sub_* requests, ws_*_Simple/Slim/Heavy
// examples) writes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, accessToken, command, cwsClient, sber, sleep, startSim, uuid } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
let token: string;
let portfolio: string;
let cws: Client;
const clients: Client[] = [];

beforeEach(async () => {
  ({ sim } = await startSim());
  portfolio = sim.descriptor.portfolio;
  token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
  cws = await cwsClient(sim.descriptor.cws, token);
  clients.push(cws);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});

async function ws(): Promise<Client> {
  const c = await Client.connect(sim.descriptor.ws);
  clients.push(c);
  return c;
}

/** Subscribes and waits for the 200 ack. */
async function subscribe(c: Client, req: Record<string, unknown>): Promise<string> {
  const guid = uuid();
  c.send({ exchange: 'MOEX', format: 'Simple', guid, token, ...req });
  const ack = await c.reply(guid);
  expect(ack).toMatchObject({ httpCode: 200, message: 'Handled successfully' });
  return guid;
}

const market = (side: 'buy' | 'sell', quantity = 1) =>
  command(cws, { opcode: 'create:market', side, quantity, instrument: sber, user: { portfolio } });

type OwnTrade = { price: number; qtyBatch: number; date: string };
async function ownTrades(): Promise<OwnTrade[]> {
  const res = await fetch(`${sim.descriptor.api}/md/v2/Clients/MOEX/${portfolio}/trades`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()) as OwnTrade[];
}

const dataOf = (c: Client, guid: string) =>
  c.messages
    .filter((m) => m.guid === guid && m.data !== undefined)
    .map((m) => m.data as Record<string, unknown>);

describe('BarsGetAndSubscribe', () => {
  it('sends the candles since `from` built from the market trades, then the live candle', async () => {
    expect((await market('buy', 3)).httpCode).toBe(200);
    expect((await market('sell', 2)).httpCode).toBe(200);
    const trades = await ownTrades();
    const prices = trades.map((t) => t.price);
    const c = await ws();
    const from = Math.floor(Date.now() / 1000) - 3600;
    const guid = await subscribe(c, {
      opcode: 'BarsGetAndSubscribe',
      code: 'SBER',
      instrumentGroup: 'TQBR',
      tf: 'D',
      from,
    });
    const bar = await c.data(guid);
    const now = new Date();
    expect(bar).toEqual({
      time: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / 1000,
      open: prices[0],
      high: Math.max(...prices),
      low: Math.min(...prices),
      close: prices[prices.length - 1],
      volume: trades.reduce((a, t) => a + t.qtyBatch, 0),
    });
    await market('buy', 1);
    const live = await c.data(guid, (d) => d.volume === (bar.volume as number) + 1);
    expect(live.time).toBe(bar.time);
    const last = (await ownTrades()).at(-1)!;
    expect(live.close).toBe(last.price);
  });

  it('aligns N-second candles, speaks Slim, and honours skipHistory', async () => {
    await market('buy', 1);
    const c = await ws();
    const from = Math.floor(Date.now() / 1000) - 600;
    const slim = await subscribe(c, {
      opcode: 'BarsGetAndSubscribe',
      code: 'SBER',
      tf: '15',
      from,
      format: 'Slim',
      frequency: 10,
    });
    const first = await c.data(slim);
    expect(Object.keys(first).sort()).toEqual(['c', 'h', 'l', 'o', 't', 'v']);
    expect((first.t as number) % 15).toBe(0);
    const skip = await subscribe(c, {
      opcode: 'BarsGetAndSubscribe',
      code: 'SBER',
      tf: 60,
      from,
      skipHistory: true,
    });
    await sleep(300);
    expect(dataOf(c, skip)).toHaveLength(0);
    await market('sell', 1);
    const live = await c.data(skip);
    expect((live.time as number) % 60).toBe(0);
  });

  it('takes requests as published third-party clients write them', async () => {
    await market('buy', 1);
    const c = await ws();
    // ALOR's web terminal: lowercase format, instrumentGroup null when the primary board is meant.
    const astras = await subscribe(c, {
      opcode: 'BarsGetAndSubscribe',
      code: 'SBER',
      instrumentGroup: null,
      format: 'simple',
      tf: '60',
      from: Math.floor(Date.now() / 1000) - 120,
    });
    expect(await c.data(astras)).toHaveProperty('close');
    // A Python client: `from` is time.time() (a float), tf a string, extra keys such as `delayed`.
    const python = await subscribe(c, {
      opcode: 'BarsGetAndSubscribe',
      code: 'SBER',
      tf: '300',
      from: Date.now() / 1000 - 600.25,
      delayed: false,
      skipHistory: false,
      splitAdjust: true,
      format: 'Slim',
      frequency: 100,
    });
    expect(await c.data(python)).toHaveProperty('c');
  });

  it('refuses a bad tf or a missing from with 400 and closes the connection', async () => {
    for (const bad of [{ tf: 'H', from: 0 }, { tf: '60' }, { tf: '0', from: 0 }]) {
      const c = await ws();
      const guid = uuid();
      c.send({
        opcode: 'BarsGetAndSubscribe',
        exchange: 'MOEX',
        code: 'SBER',
        format: 'Simple',
        guid,
        token,
        ...bad,
      });
      const reply = await c.reply(guid);
      expect(reply.httpCode).toBe(400);
      expect(reply.message).toMatch(/^(tf|from)\b/);
      await c.waitClosed();
    }
  });
});

describe('InstrumentsGetAndSubscribeV2', () => {
  it('sends the full instrument record with the price band GET /md/v2/Securities publishes', async () => {
    const sec = (await (await fetch(`${sim.descriptor.api}/md/v2/Securities/MOEX/SBER`)).json()) as {
      priceMin: number;
      priceMax: number;
    };
    const c = await ws();
    const simple = await subscribe(c, {
      opcode: 'InstrumentsGetAndSubscribeV2',
      code: 'SBER',
      instrumentGroup: 'TQBR',
    });
    expect(await c.data(simple)).toMatchObject({
      symbol: 'SBER',
      exchange: 'MOEX',
      board: 'TQBR',
      tradingStatus: 17,
      tradingStatusInfo: 'нормальный период торгов',
      priceMin: sec.priceMin,
      priceMax: sec.priceMax,
    });
    const slim = await subscribe(c, { opcode: 'InstrumentsGetAndSubscribeV2', code: 'SBER', format: 'Slim' });
    expect(await c.data(slim)).toMatchObject({
      sym: 'SBER',
      ex: 'MOEX',
      bd: 'TQBR',
      st: 17,
      pxmn: sec.priceMin,
      pxmx: sec.priceMax,
    });
  });
});

describe('SummariesGetAndSubscribeV2 and RisksGetAndSubscribe', () => {
  it('report the portfolio and follow its trades', async () => {
    const c = await ws();
    const summary = await subscribe(c, { opcode: 'SummariesGetAndSubscribeV2', portfolio });
    const risk = await subscribe(c, { opcode: 'RisksGetAndSubscribe', portfolio });
    const s0 = await c.data(summary);
    expect(Object.keys(s0).sort()).toEqual(
      [
        'buyingPowerAtMorning',
        'buyingPower',
        'profit',
        'profitRate',
        'portfolioEvaluation',
        'portfolioLiquidationValue',
        'initialMargin',
        'correctedMargin',
        'riskBeforeForcePositionClosing',
        'commission',
        'buyingPowerByCurrency',
      ].sort(),
    );
    expect(s0.initialMargin).toBe(0);
    expect(s0.buyingPower).toBe(s0.portfolioEvaluation);
    expect(s0.buyingPowerByCurrency).toEqual([{ currency: 'RUB', buyingPower: s0.buyingPower }]);
    const r0 = await c.data(risk);
    expect(r0).toMatchObject({ portfolio, exchange: 'MOEX', riskStatus: 'Ok', hasNegativeQuantity: false });

    // A short position: margin appears, and the risk identities of the spec's example hold.
    await market('sell', 2);
    const s1 = await c.data(summary, (d) => (d.initialMargin as number) > 0);
    const r1 = await c.data(risk, (d) => d.hasNegativeQuantity === true);
    expect(r1.riskCoverageRatioOne).toBeCloseTo(
      (r1.portfolioEvaluation as number) - (r1.initialMargin as number),
      6,
    );
    expect(r1.riskCoverageRatioTwo).toBeCloseTo(
      (r1.portfolioEvaluation as number) - (r1.minimalMargin as number),
      6,
    );
    expect(r1.riskStatus).toBe('Ok');
    expect(typeof r1.calculationTime).toBe('string');
    expect(s1.profit).toBeCloseTo(
      (s1.portfolioEvaluation as number) - (s1.buyingPowerAtMorning as number),
      6,
    );
  });

  it('speak Slim with the keys of the spec and ALOR SDK', async () => {
    const c = await ws();
    const summary = await subscribe(c, { opcode: 'SummariesGetAndSubscribeV2', portfolio, format: 'Slim' });
    const risk = await subscribe(c, { opcode: 'RisksGetAndSubscribe', portfolio, format: 'Slim' });
    expect(Object.keys(await c.data(summary)).sort()).toEqual(
      ['bpm', 'bp', 'p', 'pr', 'pe', 'plv', 'im', 'mgc', 'r', 'cms', 'bpv2'].sort(),
    );
    expect(Object.keys(await c.data(risk)).sort()).toEqual(
      [
        'p',
        'ex',
        'pe',
        'plv',
        'mgi',
        'mgmn',
        'mgc',
        'r1',
        'r2',
        'rid',
        'ct',
        'fpos',
        'nq',
        'rst',
        't',
      ].sort(),
    );
  });

  it('SpectraRisksGetAndSubscribe refuses the stock portfolio with 400: the client has no FORTS one', async () => {
    const c = await ws();
    const guid = uuid();
    c.send({
      opcode: 'SpectraRisksGetAndSubscribe',
      exchange: 'MOEX',
      portfolio,
      format: 'Simple',
      guid,
      token,
    });
    const reply = await c.reply(guid);
    expect(reply.httpCode).toBe(400);
    expect(reply.message).toMatch(/FORTS/);
    await c.waitClosed();
  });

  it('refuse a portfolio the token does not cover', async () => {
    const c = await ws();
    const guid = uuid();
    c.send({
      opcode: 'RisksGetAndSubscribe',
      exchange: 'MOEX',
      portfolio: 'D00000',
      format: 'Simple',
      guid,
      token,
    });
    expect((await c.reply(guid)).httpCode).toBe(403);
    await c.waitClosed();
  });
});

describe('StopOrdersGetAndSubscribeV2 formats', () => {
  it('spells the stop fields as the spec examples do in Simple, Slim and Heavy', async () => {
    const c = await ws();
    const g = {
      Simple: await subscribe(c, { opcode: 'StopOrdersGetAndSubscribeV2', portfolio }),
      Slim: await subscribe(c, { opcode: 'StopOrdersGetAndSubscribeV2', portfolio, format: 'Slim' }),
      Heavy: await subscribe(c, { opcode: 'StopOrdersGetAndSubscribeV2', portfolio, format: 'Heavy' }),
    };
    const r = await command(cws, {
      opcode: 'create:stop',
      side: 'sell',
      quantity: 1,
      condition: 'lessorequal',
      triggerPrice: 250,
      stopEndUnixTime: Math.floor(Date.now() / 1000) + 3600,
      protectingSeconds: 15,
      instrument: sber,
      user: { portfolio },
      allowMargin: true,
    });
    expect(r.httpCode).toBe(200);
    const simple = await c.data(g.Simple);
    expect(simple).toMatchObject({
      id: r.orderNumber,
      condition: 'LessOrEqual',
      stopPrice: 250,
      avg_price: 0,
      qty: 1,
    });
    const slim = await c.data(g.Slim);
    expect(slim).toMatchObject({
      id: r.orderNumber,
      cnd: 'lessorequal',
      pxs: 250,
      pxavg: 0,
      psec: 15,
      eid: null,
      err: null,
    });
    const heavy = await c.data(g.Heavy);
    expect(heavy).toMatchObject({
      id: r.orderNumber,
      condition: 'lessorequal',
      stopPrice: 250,
      avgPrice: 0,
      protectingSeconds: 15,
    });
    expect(heavy).not.toHaveProperty('avg_price');
    expect(heavy).not.toHaveProperty('qty');

    const del = await command(cws, {
      opcode: 'delete:stop',
      orderId: r.orderNumber,
      exchange: 'MOEX',
      user: { portfolio },
    });
    expect(del.httpCode).toBe(200);
    expect(await c.data(g.Slim, (d) => d.st === 'canceled')).toMatchObject({ id: r.orderNumber });
  });
});

describe('unsubscribe', () => {
  it('stops every one of these feeds', async () => {
    const c = await ws();
    const from = Math.floor(Date.now() / 1000) - 60;
    const guids = [
      await subscribe(c, { opcode: 'BarsGetAndSubscribe', code: 'SBER', tf: '60', from }),
      await subscribe(c, { opcode: 'InstrumentsGetAndSubscribeV2', code: 'SBER' }),
      await subscribe(c, { opcode: 'SummariesGetAndSubscribeV2', portfolio }),
      await subscribe(c, { opcode: 'RisksGetAndSubscribe', portfolio }),
      await subscribe(c, { opcode: 'StopOrdersGetAndSubscribeV2', portfolio }),
    ];
    await sleep(300);
    for (const guid of guids) {
      c.send({ opcode: 'unsubscribe', guid, token });
      expect((await c.reply(guid)).httpCode).toBe(200);
    }
    const before = guids.map((g) => dataOf(c, g).length);
    await market('buy', 2);
    await command(cws, {
      opcode: 'create:stop',
      side: 'sell',
      quantity: 1,
      condition: 'lessorequal',
      triggerPrice: 250,
      stopEndUnixTime: Math.floor(Date.now() / 1000) + 3600,
      instrument: sber,
      user: { portfolio },
      allowMargin: true,
    });
    await sleep(500);
    expect(guids.map((g) => dataOf(c, g).length)).toEqual(before);
  });
});
