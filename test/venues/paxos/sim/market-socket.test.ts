import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import {
  marketSocketServerFrameSchema,
  marketSocketOperationResponseSchema,
} from '../../../../electron/venues/paxos/wire/paxos-wire';
import { formatScaled } from '../../../../shared/decimal';
import { MD_SCOPE, connect, getToken } from './client';
import type { MarketSocketClient } from './client';

let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let client: MarketSocketClient;

beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 11, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, heartbeatIntervalMs: 50, pingIntervalMs: 100 });
  client = await connect(sim.descriptor, await getToken(sim.descriptor, MD_SCOPE));
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const md = (market: string) => ({ type: 'market_data', params: { market } });

describe('control messages', () => {
  it('subscribes with per-channel results echoing params, in request order', async () => {
    const reply = await client.request({
      type: 'subscribe',
      channels: [md('BTCUSD'), { type: 'execution_data', params: { market: 'XYZ' } }, { type: 'heartbeat' }],
    });
    expect(marketSocketOperationResponseSchema.parse(reply)).toEqual({
      type: 'subscribe',
      channels: [
        { type: 'market_data', params: { market: 'BTCUSD' }, success: true },
        {
          type: 'execution_data',
          params: { market: 'XYZ' },
          success: false,
          error: 'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION',
        },
        { type: 'heartbeat', success: true },
      ],
    });
  });

  it('lists subscriptions without success fields and unsubscribes', async () => {
    await client.request({ type: 'subscribe', channels: [md('ETHUSD'), { type: 'heartbeat' }] });
    expect(await client.request({ type: 'subscription_list' })).toEqual({
      type: 'subscription_list',
      channels: [{ type: 'market_data', params: { market: 'ETHUSD' } }, { type: 'heartbeat' }],
    });
    expect(await client.request({ type: 'unsubscribe', channels: [md('ETHUSD')] })).toEqual({
      type: 'unsubscribe',
      channels: [{ type: 'market_data', params: { market: 'ETHUSD' }, success: true }],
    });
    expect(await client.request({ type: 'subscription_list' })).toEqual({
      type: 'subscription_list',
      channels: [{ type: 'heartbeat' }],
    });
  });

  it('answers each documented error code', async () => {
    client.send('{not json');
    expect(await client.waitFor((m) => m.type === 'error')).toEqual({
      type: 'error',
      error: 'MALFORMED_REQUEST',
    });
    client.send({ type: 'subscribe', channels: 'market_data' });
    expect(await client.waitFor((m) => m.type === 'error')).toEqual({
      type: 'error',
      error: 'MALFORMED_REQUEST',
    });
    client.ws.send(Buffer.from([1, 2, 3]));
    expect(await client.waitFor((m) => m.type === 'error')).toEqual({
      type: 'error',
      error: 'MALFORMED_REQUEST',
    });
    expect(await client.request({ type: 'dance' })).toEqual({ type: 'error', error: 'UNKNOWN_ACTION' });

    const r = await client.request({
      type: 'subscribe',
      channels: [
        { type: 'order_data', params: { market: 'BTCUSD' } },
        { type: 'market_data', params: { market: 'BADBAD' } },
        { type: 'market_data' },
      ],
    });
    expect((r.channels as Array<{ error?: string }>).map((c) => c.error)).toEqual([
      'UNKNOWN_CHANNEL',
      'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION',
      'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION',
    ]);

    await client.request({ type: 'subscribe', channels: [md('BTCUSD')] });
    const dup = await client.request({ type: 'subscribe', channels: [md('BTCUSD')] });
    expect(dup.channels).toEqual([
      { type: 'market_data', params: { market: 'BTCUSD' }, success: false, error: 'NO_EFFECT_ACTION' },
    ]);
    const absent = await client.request({ type: 'unsubscribe', channels: [{ type: 'heartbeat' }] });
    expect(absent.channels).toEqual([{ type: 'heartbeat', success: false, error: 'NO_EFFECT_ACTION' }]);

    sim.faults.failInternally(true);
    expect(await client.request({ type: 'subscribe', channels: [md('ETHUSD')] })).toEqual({
      type: 'error',
      error: 'INTERNAL_SERVER_ERROR',
    });
    sim.faults.failInternally(false);
    const ok = await client.request({ type: 'subscribe', channels: [md('ETHUSD')] });
    expect(ok.channels).toEqual([{ type: 'market_data', params: { market: 'ETHUSD' }, success: true }]);
    // The socket survived all of it.
    expect(client.closeCode).toBeUndefined();
  });

  it('omits params in results when echoParams is off (pre-2026 shape)', async () => {
    const old = await startPaxosSimulator({ rate: 0, echoParams: false });
    try {
      const c = await connect(old.descriptor, await getToken(old.descriptor, MD_SCOPE));
      const r = await c.request({ type: 'subscribe', channels: [md('BTCUSD')] });
      expect(r.channels).toEqual([{ type: 'market_data', success: true }]);
      await c.close();
    } finally {
      await old.close();
    }
  });
});

type Book = { bids: Map<string, string>; asks: Map<string, string> };

function apply(book: Book, p: Record<string, unknown>): void {
  for (const [side, key] of [
    ['bids', 'bids'],
    ['asks', 'asks'],
  ] as const) {
    for (const l of (p[side] as Array<{ price: string; amount: string }> | undefined) ?? []) {
      if (l.amount === '0') book[key].delete(l.price);
      else book[key].set(l.price, l.amount);
    }
  }
}

describe('market_data', () => {
  it('sends one SNAPSHOT, UPDATEs around it, and the documented algorithm rebuilds the exact book', async () => {
    await sim.close();
    sim = await startPaxosSimulator({ generator: gen, snapshotLagMs: 1500 });
    client = await connect(sim.descriptor, await getToken(sim.descriptor, MD_SCOPE));
    gen.step(60); // history for the pre-snapshot replay
    await client.request({ type: 'subscribe', channels: [md('BTCUSD')] });
    gen.step(30); // live UPDATEs while the SNAPSHOT is still being "built"
    const snapshot = (
      await client.waitFor(
        (m) => m.channel === 'market_data' && (m.payload as { type: string }).type === 'SNAPSHOT',
      )
    ).payload as Record<string, unknown>;
    for (let i = 0; i < 10; i++) gen.step(25);
    await client.sync();

    const frames = client.channel('market_data');
    for (const f of client.frames) if (f.json?.channel) marketSocketServerFrameSchema.parse(f.json);
    expect(frames.filter((p) => p.type === 'SNAPSHOT')).toHaveLength(1);
    const idx = frames.findIndex((p) => p.type === 'SNAPSHOT');
    const before = frames.slice(0, idx);
    const T = snapshot.time as string;
    expect(T).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(before.some((p) => (p.time as string) <= T)).toBe(true);
    expect(before.some((p) => (p.time as string) > T)).toBe(true);

    // The client algorithm from the reference (§5.1): buffer, drop time <= T, apply the rest.
    const book: Book = { bids: new Map(), asks: new Map() };
    apply(book, snapshot);
    for (const p of before) if ((p.time as string) > T) apply(book, p);
    for (const p of frames.slice(idx + 1)) apply(book, p);

    const expected = sim.markets.get('BTCUSD')!.snapshot(1_000_000);
    const toMap = (levels: Array<{ price: number; size: number }>) =>
      new Map(levels.map((l) => [formatScaled(l.price, 2), formatScaled(l.size, 8)]));
    expect(book.bids).toEqual(toMap(expected.bids));
    expect(book.asks).toEqual(toMap(expected.asks));

    // Sorted arrays in every UPDATE: bids descending, asks ascending.
    for (const p of frames) {
      const bids = (p.bids as Array<{ price: string }>).map((l) => Number(l.price));
      const asks = (p.asks as Array<{ price: string }>).map((l) => Number(l.price));
      expect(bids).toEqual([...bids].sort((a, b) => b - a));
      expect(asks).toEqual([...asks].sort((a, b) => a - b));
    }
    expect(
      frames
        .slice(idx + 1)
        .some((p) =>
          (p.bids as Array<{ amount: string }>)
            .concat(p.asks as Array<{ amount: string }>)
            .some((l) => l.amount === '0'),
        ),
    ).toBe(true);
  });

  it('stops sending after unsubscribe', async () => {
    await client.request({ type: 'subscribe', channels: [md('ETHUSD')] });
    await client.waitFor(
      (m) => m.channel === 'market_data' && (m.payload as { type: string }).type === 'SNAPSHOT',
    );
    await client.request({ type: 'unsubscribe', channels: [md('ETHUSD')] });
    const n = client.channel('market_data').length;
    gen.step(50);
    await client.sync();
    expect(client.channel('market_data').length).toBe(n);
  });
});

describe('other channels', () => {
  it('top_of_book sends the BBO on subscribe and when the best level changes', async () => {
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'market_data.top_of_book', params: { market: 'BTCUSD' } }],
    });
    const first = (await client.waitFor((m) => m.channel === 'market_data.top_of_book')).payload as Record<
      string,
      unknown
    >;
    const top = sim.markets.get('BTCUSD')!.top();
    expect(first).toMatchObject({
      market: 'BTCUSD',
      type: 'TOP_OF_BOOK',
      bids: [{ price: formatScaled(top.bid!.price, 2) }],
    });
    expect(first.timestamp).toMatch(/\.\d{9}Z$/);
    gen.step(200);
    await client.sync();
    const all = client.channel('market_data.top_of_book');
    expect(all.length).toBeGreaterThan(1);
    const last = all[all.length - 1]!;
    const now = sim.markets.get('BTCUSD')!.top();
    expect((last.asks as Array<{ price: string }>)[0]!.price).toBe(formatScaled(now.ask!.price, 2));
    for (let i = 1; i < all.length; i++)
      expect(JSON.stringify({ ...all[i], timestamp: 0 })).not.toBe(
        JSON.stringify({ ...all[i - 1], timestamp: 0 }),
      );
  });

  it('top_of_book stays quiet while only an amount at the best price changes', async () => {
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'market_data.top_of_book', params: { market: 'BTCUSD' } }],
    });
    await client.waitFor((m) => m.channel === 'market_data.top_of_book');
    const market = sim.markets.get('BTCUSD')!;
    const best = market.top().bid!;
    let changes = 0;
    market.onChanges(() => changes++);
    const orderId = 'size-only';
    market.place({
      orderId,
      owner: 't',
      side: 'buy',
      type: 'limit',
      price: best.price,
      size: market.spec.lotSize,
      timeInForce: 'GTC',
    });
    market.cancel(orderId);
    await client.sync();
    expect(market.top().bid!.price).toBe(best.price);
    expect(changes).toBe(2);
    expect(client.channel('market_data.top_of_book')).toHaveLength(1);
  });

  it('execution_data reports trades with price, amount and executed_at', async () => {
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'execution_data', params: { market: 'ETHUSD' } }],
    });
    const trades: number[] = [];
    sim.markets.get('ETHUSD')!.onTrade((t) => trades.push(t.id));
    for (let i = 0; i < 20 && trades.length === 0; i++) gen.step(300);
    expect(trades.length).toBeGreaterThan(0);
    await client.sync();
    const execs = client.channel('execution_data');
    expect(execs.length).toBe(trades.length);
    expect(Object.keys(execs[0]!).sort()).toEqual(['amount', 'executed_at', 'market', 'price']);
    expect(execs[0]!.market).toBe('ETHUSD');
  });

  it('heartbeat arrives periodically only while subscribed, and the server pings', async () => {
    await client.request({ type: 'subscribe', channels: [{ type: 'heartbeat' }] });
    const hb = await client.waitFor((m) => m.channel === 'heartbeat');
    expect(Object.keys(hb.payload as object)).toEqual(['timestamp']);
    await client.waitFor((m) => m.channel === 'heartbeat');
    await client.request({ type: 'unsubscribe', channels: [{ type: 'heartbeat' }] });
    const n = client.channel('heartbeat').length;
    await client.waitFor(() => false, 200).catch(() => undefined);
    expect(client.channel('heartbeat').length).toBe(n);
    // Protocol-level pings; `ws` answers with pongs, so the socket stays open.
    expect(client.pings).toBeGreaterThan(0);
    expect(client.closeCode).toBeUndefined();
  });
});
