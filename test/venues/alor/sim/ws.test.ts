import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatScaled } from '../../../../shared/decimal';
import type { BookSnapshot } from '../../../../electron/venues/simkit/types';
import {
  alorAllTradeSimpleSchema,
  alorAllTradeSlimSchema,
  alorOrderBookHeavySchema,
  alorOrderBookSimpleSchema,
  alorOrderBookSlimSchema,
  alorQuoteSimpleSchema,
  alorReplySchema,
} from '../../../../electron/venues/alor/wire/alor-wire';
import { Client, accessToken, command, cwsClient, sber, startSim, uuid } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
let generator: Started['generator'];
let token: string;
const clients: Client[] = [];

beforeEach(async () => {
  ({ sim, generator } = await startSim());
  token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
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

const levels = (side: BookSnapshot['bids']) =>
  side.map((l) => ({ price: Number(formatScaled(l.price, 2)), volume: l.size }));

function bookRequest(guid: string, extra: Record<string, unknown> = {}) {
  return {
    opcode: 'OrderBookGetAndSubscribe',
    exchange: 'MOEX',
    code: 'SBER',
    instrumentGroup: 'TQBR',
    depth: 5,
    format: 'Simple',
    frequency: 25,
    guid,
    token,
    ...extra,
  };
}

describe('/ws order book', () => {
  it('acks, then sends full depth-N snapshots equal to the SimMarket book', async () => {
    const c = await ws();
    const guid = uuid();
    c.send(bookRequest(guid));
    expect(await c.reply(guid)).toEqual({
      message: 'Handled successfully',
      httpCode: 200,
      requestGuid: guid,
    });
    const first = alorOrderBookSimpleSchema.parse(await c.data(guid));
    const market = sim.markets.get('SBER')!;
    expect(first.existing).toBe(true);
    expect(first.snapshot).toBe(true);
    expect(first.bids).toEqual(levels(market.snapshot(5).bids));
    expect(first.asks).toEqual(levels(market.snapshot(5).asks));
    expect(first.bids).toHaveLength(5);
    expect(first.timestamp).toBe(Math.floor(first.ms_timestamp / 1000));

    generator.step(400);
    const next = alorOrderBookSimpleSchema.parse(await c.data(guid, (d) => d.existing === false));
    // No further steps: the conflated message carries the book as it is now.
    expect(next.bids).toEqual(levels(market.snapshot(5).bids));
    expect(next.asks).toEqual(levels(market.snapshot(5).asks));
  });

  it('speaks Slim and Heavy (format is case-insensitive)', async () => {
    const c = await ws();
    const slim = uuid();
    const heavy = uuid();
    c.send(bookRequest(slim, { format: 'slim', depth: 3 }));
    c.send(bookRequest(heavy, { format: 'HEAVY', depth: 2, frequency: 500 }));
    const s = alorOrderBookSlimSchema.parse(await c.data(slim));
    const h = alorOrderBookHeavySchema.parse(await c.data(heavy));
    const book = sim.markets.get('SBER')!.snapshot(3);
    expect(s.b).toEqual(book.bids.map((l) => ({ p: Number(formatScaled(l.price, 2)), v: l.size })));
    expect(s.h).toBe(true);
    expect(h.bids).toEqual(levels(book.bids.slice(0, 2)));
    expect(h.existing).toBe(true);
  });

  it('defaults depth to 20', async () => {
    const c = await ws();
    const guid = uuid();
    const req: Record<string, unknown> = bookRequest(guid);
    delete req.depth;
    c.send(req);
    const d = alorOrderBookSimpleSchema.parse(await c.data(guid));
    expect(d.bids).toHaveLength(20);
  });

  it('unsubscribes with a 200 ack (also for an unknown guid) and stops the stream', async () => {
    const c = await ws();
    const guid = uuid();
    c.send(bookRequest(guid));
    await c.data(guid);
    const unsub = { opcode: 'unsubscribe', guid, token };
    c.send(unsub);
    // The subscription guid doubles as the unsubscribe request's guid.
    const acks = () => c.messages.filter((m) => m.requestGuid === guid).length;
    await c.next((m) => m.requestGuid === guid && m.httpCode === 200 && acks() >= 2);
    const before = c.messages.filter((m) => m.guid === guid).length;
    generator.step(400);
    const probe = uuid();
    c.send(bookRequest(probe));
    await c.data(probe);
    generator.step(400);
    await c.data(probe, (d) => d.existing === false);
    expect(c.messages.filter((m) => m.guid === guid)).toHaveLength(before);
    const unknown = uuid();
    c.send({ opcode: 'unsubscribe', guid: unknown, token });
    expect((await c.reply(unknown)).httpCode).toBe(200);
  });
});

describe('/ws quotes and all trades', () => {
  it('sends quotes with the documented Simple keys', async () => {
    const c = await ws();
    const guid = uuid();
    c.send({ opcode: 'QuotesSubscribe', exchange: 'MOEX', code: 'GAZP', format: 'Simple', guid, token });
    const q = alorQuoteSimpleSchema.parse(await c.data(guid));
    const top = sim.markets.get('GAZP')!.top();
    expect(q.symbol).toBe('GAZP');
    expect(q.bid).toBe(Number(formatScaled(top.bid!.price, 2)));
    expect(q.ask).toBe(Number(formatScaled(top.ask!.price, 2)));
    expect(q.lotsize).toBe(10);
  });

  it('replays the last `depth` trades as existing, then live trades', async () => {
    const cws = await cwsClient(sim.descriptor.cws, token);
    clients.push(cws);
    const r = await command(cws, {
      opcode: 'create:market',
      side: 'buy',
      quantity: 1,
      instrument: sber,
      user: { portfolio: sim.descriptor.portfolio },
    });
    expect(r.httpCode).toBe(200);
    const c = await ws();
    const guid = uuid();
    c.send({
      opcode: 'AllTradesGetAndSubscribe',
      exchange: 'MOEX',
      code: 'SBER',
      depth: 10,
      format: 'Simple',
      guid,
      token,
    });
    const hist = alorAllTradeSimpleSchema.parse(await c.data(guid));
    expect(hist.existing).toBe(true);
    expect(hist.symbol).toBe('SBER');
    expect(hist.board).toBe('TQBR');
    const slimGuid = uuid();
    c.send({
      opcode: 'AllTradesGetAndSubscribe',
      exchange: 'MOEX',
      code: 'SBER',
      depth: 0,
      format: 'Slim',
      guid: slimGuid,
      token,
    });
    await c.reply(slimGuid);
    await command(cws, {
      opcode: 'create:market',
      side: 'sell',
      quantity: 1,
      instrument: sber,
      user: { portfolio: sim.descriptor.portfolio },
    });
    const live = alorAllTradeSlimSchema.parse(await c.data(slimGuid));
    expect(live.h).toBe(false);
    expect(live.s).toBe('sell');
  });
});

describe('/ws errors', () => {
  it('answers a bad token with 401 "Invalid JWT token!" and closes', async () => {
    const c = await ws();
    const guid = uuid();
    c.send({ ...bookRequest(guid), token: 'eyJ.bad.token' });
    const r = alorReplySchema.parse(await c.reply(guid));
    expect(r).toEqual({ requestGuid: guid, httpCode: 401, message: 'Invalid JWT token!' });
    await c.waitClosed();
  });

  it('answers malformed requests with 400 and closes, never crashing the server', async () => {
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({ opcode: 'Nope', guid: 'g1', token }),
      JSON.stringify(bookRequest('g2', { depth: 99 })),
    ]) {
      const c = await ws();
      c.send(bad);
      const r = await c.next((m) => m.httpCode !== undefined);
      expect(r.httpCode).toBe(400);
      expect(typeof r.message).toBe('string');
      await c.waitClosed();
    }
    const c = await ws();
    const guid = uuid();
    c.send(bookRequest(guid, { code: 'NOPE' }));
    expect((await c.reply(guid)).httpCode).toBe(400);
  });

  it('refuses a portfolio the token does not cover', async () => {
    const c = await ws();
    const guid = uuid();
    c.send({ opcode: 'OrdersGetAndSubscribeV2', exchange: 'MOEX', portfolio: 'D00001', guid, token });
    expect((await c.reply(guid)).httpCode).toBe(403);
  });
});
