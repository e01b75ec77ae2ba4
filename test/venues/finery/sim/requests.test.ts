import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rest, type FmClient } from './client';
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
  const s = rig.sim.markets.get('BTC-USD')!.snapshot(25);
  return { bid: s.bids[0]!, ask: s.asks[0]!, asks: s.asks, bids: s.bids };
};
const isO = (action: string, orderId?: number) => (m: unknown) =>
  Array.isArray(m) && m[0] === 'O' && m[2] === action && (orderId === undefined || m[3][4] === orderId);

describe('queries', () => {
  it('instruments, book, positions, limits, dealHistory', async () => {
    const inst = (await c.request('instruments')).reply as unknown[][][];
    expect(inst).toHaveLength(3);
    expect(inst[1]).toContainEqual(['BTC-USD', 4955410050, 'BTC', 'USD']);
    expect(inst[0]!.every((cur) => cur.length === 6)).toBe(true);
    const book = (await c.request('book', { instrument: 'BTC-USD', tradable: true })).reply;
    const s = top();
    expect(book).toEqual([s.bids.map((l) => [l.price, l.size]), s.asks.map((l) => [l.price, l.size])]);
    expect((await c.request('book', { instrument: 'NOPE' })).error).toBe(34);
    expect((await c.request('positions')).reply).toEqual([expect.any(Number), [], [], []]);
    const limits = (await c.request('limits')).reply as unknown[][];
    expect(limits.map((l) => l[0])).toContain('USD');
    expect((await c.request('dealHistory', { instrument: 'BTC-USD' })).reply).toEqual([]);
  });

  it('request errors: unknown method 8, bad parameter 9 with param, missing reqId shape', async () => {
    expect(await c.request('noSuchMethod')).toEqual({
      event: 'request',
      reqId: expect.any(Number),
      error: 8,
    });
    const bad = await c.request('add', {
      instrument: 'BTC-USD',
      side: 'sideways',
      size: E8,
      type: 'limit',
      price: 1,
    });
    expect(bad.error).toBe(9);
    expect(bad.param).toBe('side');
    const reply = c.next((m) => !Array.isArray(m) && m.reqId === 5);
    c.send({ event: 'request', reqId: 5 });
    expect(await reply).toEqual({ event: 'request', reqId: 5, error: 9, param: 'method' });
  });
});

describe('add', () => {
  it('limit rests: reply, O "+" order record, positions lists it, 74 on duplicate clientOrderId', async () => {
    await c.bind('O', 'BTC-USD');
    const price = top().bid.price - 100 * TICK;
    const r = await c.request('add', {
      instrument: 'BTC-USD',
      clientOrderId: 42,
      price,
      size: E8,
      side: 'bid',
      type: 'limit',
    });
    const reply = r.reply as Record<string, unknown>;
    expect(reply).toEqual({
      id: expect.any(Number),
      clientOrderId: 42,
      remainingSize: E8,
      cancelReason: 0,
      deals: [],
    });
    const plus = (await c.waitFor(isO('+', reply.id as number))) as unknown[];
    expect(plus).toEqual([
      'O',
      'BTC-USD',
      '+',
      ['BTC-USD', 0, 0, 0, reply.id, 42, price, E8, E8, expect.any(Number), 0],
    ]);
    const pos = (await c.request('positions')).reply as unknown[];
    expect((pos[2] as unknown[][]).map((o) => o[4])).toEqual([reply.id]);
    const dup = await c.request('add', {
      instrument: 'BTC-USD',
      clientOrderId: 42,
      price,
      size: E8,
      side: 'bid',
      type: 'limit',
    });
    expect(dup.error).toBe(74);
    // int64 clientOrderIds beyond 2^53 survive the round trip exactly.
    const big = '9223372036854775807';
    const raw = c.raw.length;
    c.send(
      `{"event":"request","reqId":77,"method":"add","content":{"instrument":"BTC-USD","clientOrderId":${big},"price":${price},"size":${E8},"side":"bid","type":"limit"}}`,
    );
    await c.waitFor((m) => !Array.isArray(m) && m.reqId === 77);
    expect(c.raw.slice(raw).some((t) => t.includes(`"clientOrderId":${big}`))).toBe(true);
  });

  it('postOnly: crossing refused with 75, passive rests (type 1)', async () => {
    const cross = await c.request('add', {
      instrument: 'BTC-USD',
      price: top().ask.price,
      size: E8,
      side: 'bid',
      type: 'postOnly',
    });
    expect(cross.error).toBe(75);
    await c.bind('O');
    const ok = await c.request('add', {
      instrument: 'BTC-USD',
      price: top().ask.price + TICK * 50,
      size: E8,
      side: 'ask',
      type: 'postOnly',
    });
    const id = (ok.reply as { id: number }).id;
    const plus = (await c.waitFor(isO('+', id))) as unknown[][];
    expect(plus[3]!.slice(1, 3)).toEqual([1, 1]);
  });

  it('limitIOC: partial fill → deals, cancelReason 2, D messages on O and P, K positions; no match → 76', async () => {
    await c.bind('O');
    await c.bind('P');
    await c.bind('K', 'BTC');
    const t = top();
    const size = t.ask.size + E8 * 1000;
    const r = await c.request('add', {
      instrument: 'BTC-USD',
      clientOrderId: 7,
      price: t.ask.price,
      size,
      side: 'bid',
      type: 'limitIOC',
    });
    const reply = r.reply as {
      id: number;
      remainingSize: number;
      cancelReason: number;
      deals: Record<string, number>[];
    };
    expect(reply.cancelReason).toBe(2);
    expect(reply.deals).toEqual([
      {
        id: expect.any(Number),
        price: t.ask.price,
        size: t.ask.size,
        volume: expect.any(Number),
        delta: 0,
        counterpartyId: expect.any(Number),
      },
    ]);
    expect(reply.remainingSize).toBe(size - t.ask.size);
    const d = (await c.waitFor(isO('D', reply.id))) as unknown[];
    const deal = d[3] as unknown[];
    expect(deal.length).toBeGreaterThanOrEqual(19);
    expect(deal.slice(0, 9)).toEqual(['BTC-USD', 2, 0, 0, reply.id, 7, t.ask.price, size, size - t.ask.size]);
    expect(deal.slice(11, 15)).toEqual([reply.deals[0]!.id, 0, t.ask.price, t.ask.size]);
    expect(deal[15]).toBe(Number((BigInt(t.ask.price) * BigInt(t.ask.size)) / BigInt(E8)));
    // Bound to both O (feedId 0) and P: the identical ["O",0,...] message arrives once.
    expect(c.messages.filter(isO('D', reply.id))).toHaveLength(1);
    const k = (await c.waitFor((m) => Array.isArray(m) && m[0] === 'K' && m[2] === '+')) as unknown[];
    expect(k).toEqual([
      'K',
      'BTC',
      '+',
      ['BTC', t.ask.size, expect.any(Number), expect.any(Number), expect.any(Number)],
    ]);
    const pos = (await c.request('positions')).reply as unknown[];
    expect(pos[0]).toBe(reply.deals[0]!.id + 1);
    expect((pos[1] as unknown[][]).find((p) => p[0] === 'BTC')![1]).toBe(t.ask.size);
    const hist = (await c.request('dealHistory', { instrument: 'BTC-USD' })).reply as unknown[][];
    expect(hist[0]).toEqual(deal);
    const none = await c.request('add', {
      instrument: 'BTC-USD',
      price: top().bid.price,
      size: E8,
      side: 'bid',
      type: 'limitIOC',
    });
    expect(none.error).toBe(76);
  });

  it('limitFOK / marketFOK: 77 when short, full fill otherwise', async () => {
    const t = top();
    expect(
      (
        await c.request('add', {
          instrument: 'BTC-USD',
          price: t.ask.price,
          size: t.ask.size + E8 * 1000,
          side: 'bid',
          type: 'limitFOK',
        })
      ).error,
    ).toBe(77);
    expect(
      (await c.request('add', { instrument: 'BTC-USD', size: E8 * 100_000, side: 'ask', type: 'marketFOK' }))
        .error,
    ).toBe(77);
    const ok = await c.request('add', {
      instrument: 'BTC-USD',
      price: t.ask.price,
      size: t.ask.size,
      side: 'bid',
      type: 'limitFOK',
    });
    expect(ok.reply).toMatchObject({ remainingSize: 0, cancelReason: 0 });
    const m = await c.request('add', { instrument: 'BTC-USD', size: 10_000, side: 'ask', type: 'marketFOK' });
    expect(m.reply).toMatchObject({ remainingSize: 0, cancelReason: 0 });
  });

  it('marketIOC by size and by volume; 81, 82, 73, 70 validation', async () => {
    const bySize = await c.request('add', {
      instrument: 'BTC-USD',
      size: 10_000,
      side: 'bid',
      type: 'marketIOC',
    });
    expect(bySize.reply).toMatchObject({ remainingSize: 0, cancelReason: 0 });
    const volume = 100 * E8; // 100 USD
    const byVol = await c.request('add', { instrument: 'BTC-USD', volume, side: 'bid', type: 'marketIOC' });
    const r = byVol.reply as { remainingVolume: number; deals: { volume: number }[] };
    expect(r.remainingVolume).toBe(volume - r.deals.reduce((a, d) => a + d.volume, 0));
    expect(r.remainingVolume).toBeGreaterThanOrEqual(0);
    expect(
      (await c.request('add', { instrument: 'BTC-USD', size: E8, volume, side: 'bid', type: 'marketIOC' }))
        .error,
    ).toBe(81);
    expect((await c.request('add', { instrument: 'BTC-USD', side: 'bid', type: 'marketIOC' })).error).toBe(
      81,
    );
    expect(
      (await c.request('add', { instrument: 'BTC-USD', volume, price: 1, side: 'bid', type: 'limit' })).error,
    ).toBe(82);
    expect(
      (await c.request('add', { instrument: 'BTC-USD', size: E8, side: 'bid', type: 'stop' })).error,
    ).toBe(73);
    expect(
      (await c.request('add', { instrument: 'BTC-USD', size: 1, side: 'bid', type: 'MarketIOC' })).error,
    ).toBe(70);
  });
});

describe('mod, del, delAll', () => {
  it('mod replaces the order (new id, origId) and deducts the filled part; 80 and 90', async () => {
    await c.bind('O');
    const price = top().bid.price - 200 * TICK;
    const a = (
      await c.request('add', {
        instrument: 'BTC-USD',
        clientOrderId: 9,
        price,
        size: E8,
        side: 'bid',
        type: 'limit',
      })
    ).reply as { id: number };
    const m = await c.request('mod', { orderId: a.id, price: price - TICK, size: 2 * E8 });
    expect(m.reply).toEqual({
      id: expect.any(Number),
      initialSize: 2 * E8,
      remainingSize: 2 * E8,
      origId: a.id,
      origRemainingSize: E8,
      deals: [],
    });
    const newId = (m.reply as { id: number }).id;
    expect(newId).not.toBe(a.id);
    const removed = (await c.waitFor(isO('-', a.id))) as unknown[][];
    expect(removed[3]![3]).toBe(1);
    const added = (await c.waitFor(isO('+', newId))) as unknown[][];
    expect(added[3]!.slice(5, 9)).toEqual([9, price - TICK, 2 * E8, 2 * E8]);
    expect((await c.request('mod', { orderId: a.id, price, size: E8 })).error).toBe(80);
    expect((await c.request('mod', { orderId: newId, price, size: 0 })).error).toBe(90);
  });

  it('mod partial failure returns origId/origRemainingSize inside reply', async () => {
    const price = top().bid.price - 200 * TICK;
    const a = (
      await c.request('add', { instrument: 'BTC-USD', price, size: E8, side: 'bid', type: 'postOnly' })
    ).reply as { id: number };
    const m = await c.request('mod', { orderId: a.id, price: top().ask.price + 10 * TICK, size: E8 });
    expect(m.reply).toEqual({ error: 75, origId: a.id, origRemainingSize: E8 });
  });

  it('del by orderId and clientOrderId, 80 when absent; delAll counts', async () => {
    const price = top().bid.price - 300 * TICK;
    const add = async (id: number) =>
      (
        (
          await c.request('add', {
            instrument: 'BTC-USD',
            clientOrderId: id,
            price,
            size: E8,
            side: 'bid',
            type: 'limit',
          })
        ).reply as { id: number }
      ).id;
    const a = await add(1);
    await add(2);
    await add(3);
    await add(4);
    expect((await c.request('del', { orderId: a })).reply).toEqual({ id: a, remainingSize: E8 });
    expect((await c.request('del', { orderId: a })).error).toBe(80);
    expect((await c.request('del', { clientOrderId: 2 })).reply).toMatchObject({ remainingSize: E8 });
    expect((await c.request('del', { clientOrderId: 99 })).error).toBe(80);
    expect((await c.request('delAll', { instrument: 'ETH-USD' })).reply).toEqual({ removed: 0 });
    expect((await c.request('delAll', {})).reply).toEqual({ removed: 2 });
    expect(((await c.request('positions')).reply as unknown[])[2]).toEqual([]);
  });
});

describe('REST', () => {
  it('answers the same payloads as request tunnelling', async () => {
    const { rest: base } = rig.sim.descriptor;
    const creds = rig.sim.descriptor;
    expect((await rest(base, creds, 'positions')).body).toEqual((await c.request('positions')).reply);
    const price = top().bid.price - 100 * TICK;
    const add = await rest(base, creds, 'add', {
      instrument: 'BTC-USD',
      clientOrderId: 5,
      price,
      size: E8,
      side: 'bid',
      type: 'limit',
    });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({ clientOrderId: 5, remainingSize: E8 });
    expect(
      await rest(base, creds, 'add', {
        instrument: 'BTC-USD',
        clientOrderId: 5,
        price,
        size: E8,
        side: 'bid',
        type: 'limit',
      }),
    ).toEqual({
      status: 400,
      body: { error: 74, param: 'clientOrderId' },
    });
    expect((await rest(base, creds, 'delAll')).body).toEqual({ removed: 1 });
  });
});
