// Issue 16: adapters and engine scanners accept any valid frame. Every frame kind of every venue,
// re-serialised with other whitespace, key order, escapes and a trailing newline, must reach the
// same handler in the adapter and give the same books, orders and fills as the venue's own layout.
import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../../../electron/base/log';
import type { MarketDataSink } from '../../../electron/venues/common/adapter';
import { DataFeed } from '../../../electron/venues/alor/adapter/ws';
import { Session } from '../../../electron/venues/finery/adapter/session';
import { parseJsonExact } from '../../../electron/venues/finery/wire/finery-wire';
import { MarketSocket } from '../../../electron/venues/paxos/adapter/market-socket';
import { DEFAULT_TIMING } from '../../../electron/venues/paxos/adapter/options';
import type { TokenManager } from '../../../electron/venues/paxos/adapter/token';
import {
  ALOR_DEF,
  FINERY_DEF,
  PAXOS_DEF,
  alorBook,
  finerySnapshot,
  fineryUpdate,
  levelsOf,
  makeEngine,
  paxosBook,
  paxosTrade,
} from '../../engine/helpers';
import { reserialise, type Layout } from './reserialise';

const layout: fc.Arbitrary<Layout> = fc.record({
  seed: fc.integer(),
  whitespace: fc.boolean(),
  shuffleKeys: fc.boolean(),
  escapes: fc.boolean(),
  trailingNewline: fc.boolean(),
});
const MID = 6_000_000;
const lv = (lo: number, hi: number) =>
  fc.uniqueArray(fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 5e6 })), {
    maxLength: 5,
    selector: (l) => l[0],
  });
const bids = lv(MID - 50, MID - 1);
const asks = lv(MID + 1, MID + 50);

function recordingSink() {
  const frames: string[] = [];
  const trades: unknown[] = [];
  const resets: string[] = [];
  const sink: MarketDataSink = {
    frame: (_v, text) => frames.push(text),
    bindStream() {},
    unbindStream() {},
    resetBook: (_v, m) => resets.push(m),
    trade: (t) => trades.push(t),
  };
  return { sink, frames, trades, resets };
}

/** The engine's view of a frame sequence: both books' levels and every non-ladder event. */
function engineView(venue: 'paxos' | 'finery' | 'alor', def: object, texts: string[], bind?: string) {
  const { engine, events } = makeEngine();
  engine.handle({ type: 'defineMarket', market: def } as never);
  const market = (def as { market: string }).market;
  if (bind) engine.handle({ type: 'bindStream', venue, key: bind, market });
  texts.forEach((text, i) => engine.handle({ type: 'frame', venue, text, receivedAt: i + 1 }));
  const book = engine.getBook(venue, market)!;
  return {
    bids: levelsOf(book, true),
    asks: levelsOf(book, false),
    state: book.state,
    events: events.filter((e) => e.type !== 'ladderFrame'),
  };
}

// ---------------------------------------------------------------------------------------- Paxos

function paxosSocket() {
  const rec = recordingSink();
  const socket = new MarketSocket({
    url: 'ws://127.0.0.1:1/',
    tokens: {} as TokenManager,
    sink: rec.sink,
    timing: DEFAULT_TIMING,
    log: createLogger('test'),
    random: () => 0.5,
    onStatus() {},
    onSession() {},
    onRoundTrip() {},
  });
  socket.add('BTCUSD');
  const feed = (text: string) => (socket as unknown as { onMessage(t: string): void }).onMessage(text);
  return { socket, feed, ...rec };
}

describe('Paxos frames in any layout', () => {
  it('reach the book and the trade feed unchanged, never malformed, and build the same book', () => {
    fc.assert(
      fc.property(
        fc.record({ bids, asks }),
        fc.array(fc.record({ bids, asks }), { maxLength: 4 }),
        fc.array(layout, { minLength: 8, maxLength: 8 }),
        (snap, updates, layouts) => {
          const T = 1_700_000_000_000_000_000;
          const canon = [
            paxosBook('UPDATE', T - 5, [[MID - 1, 7]], []),
            paxosBook('SNAPSHOT', T, snap.bids, snap.asks),
            ...updates.map((u, i) => paxosBook('UPDATE', T + i + 1, u.bids, u.asks)),
            paxosTrade(MID, 3, T + 9),
            JSON.stringify({
              channel: 'heartbeat',
              payload: { timestamp: '2023-11-14T22:13:20.000000001Z' },
            }),
          ];
          const variants = canon.map((t, i) => reserialise(t, layouts[i % layouts.length]!));
          const a = paxosSocket();
          const b = paxosSocket();
          canon.forEach(a.feed);
          variants.forEach(b.feed);
          expect(b.socket.stats.malformed).toBe(0);
          expect(b.socket.stats.unknown).toBe(0);
          expect(b.socket.stats.resyncs).toBe(0);
          expect(b.socket.stats.heartbeats).toBe(1);
          expect(b.frames).toEqual(variants.slice(0, 2 + updates.length));
          expect(b.trades).toEqual(a.trades);
          expect(engineView('paxos', PAXOS_DEF, [...b.frames, variants[2 + updates.length]!])).toEqual(
            engineView('paxos', PAXOS_DEF, [...a.frames, canon[2 + updates.length]!]),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------- Finery

function finerySession() {
  const rec = recordingSink();
  const feeds: unknown[] = [];
  const booked: boolean[] = [];
  const counters = { malformed: 0, unknown: 0, dropped: 0, bookFrames: 0, lateReplies: 0 };
  const resyncs: string[] = [];
  const session = new Session(
    {
      log: createLogger('test'),
      sink: rec.sink,
      counters,
      onOpen() {},
      onBackend() {},
      onRoundTrip() {},
      onFeed: (m) => feeds.push(m),
      onBookData: (_b, snapshot) => booked.push(snapshot),
      resync: (m) => resyncs.push(m),
      onClose() {},
    },
    {
      url: 'ws://127.0.0.1:1/ws',
      headers: {},
      pingIntervalMs: 60_000,
      deadAfterMs: 60_000,
      openTimeoutMs: 100,
    },
  );
  session.bindings.set('F:BTC-USD', { key: 'F:BTC-USD', feed: 'F', market: 'BTC-USD', state: 'bound' });
  session.bindings.set('O', { key: 'O', feed: 'O', state: 'bound' });
  const feed = (text: string) =>
    (session as unknown as { route(t: string, at: number): void }).route(text, 1);
  return { session, feed, feeds, booked, counters, resyncs, ...rec };
}

const fineryOrder = (id: bigint, left: number) => [
  'BTC-USD',
  0,
  0,
  0,
  id,
  id + 7n,
  60_000 * 1e8,
  100_000_000,
  left,
  1_700_000_000_000,
  0,
];

describe('Finery frames in any layout', () => {
  it('route book frames to the book and O-feed records to the order feed, with the same data', () => {
    fc.assert(
      fc.property(
        fc.record({ bids, asks }),
        fc.array(fc.record({ bids, asks }), { maxLength: 3 }),
        fc.bigInt({ min: 1n, max: 2n ** 63n - 9n }),
        fc.array(layout, { minLength: 8, maxLength: 8 }),
        (snap, updates, orderId, layouts) => {
          const order = fineryOrder(orderId, 40_000_000);
          const deal = [
            ...fineryOrder(orderId, 0).slice(0, 10),
            1_700_000_000_001,
            orderId + 1n,
            1,
            60_000 * 1e8,
            60_000_000,
            1,
            1,
            9,
            0,
          ];
          const exact = (v: unknown) =>
            JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `#${x}#` : x)).replace(
              /"#(\d+)#"/g,
              '$1',
            );
          const canon = [
            finerySnapshot(snap.bids, snap.asks),
            ...updates.map((u) =>
              fineryUpdate(
                u.bids.map(([t, s]) => ['M', t, s] as ['M', number, number]),
                u.asks.map(([t]) => ['-', t, 0] as ['-', number, number]),
              ),
            ),
            exact(['O', 0, 'S', [[order]]]),
            exact(['O', 0, '+', order]),
            exact(['O', 0, 'D', deal]),
            exact(['O', 0, '-', order]),
          ];
          const variants = canon.map((t, i) => reserialise(t, layouts[i % layouts.length]!));
          const a = finerySession();
          const b = finerySession();
          try {
            canon.forEach(a.feed);
            variants.forEach(b.feed);
            expect(b.counters).toEqual(a.counters);
            expect(b.counters.malformed + b.counters.unknown).toBe(0);
            expect(b.resyncs).toEqual([]);
            expect(b.booked).toEqual(a.booked);
            expect(b.frames).toEqual(variants.slice(0, 1 + updates.length));
            expect(b.feeds).toEqual(a.feeds);
            expect(a.feeds).toHaveLength(4);
            expect((b.feeds[1] as { data: unknown }).data).toEqual(parseJsonExact(exact(order)));
            expect(engineView('finery', FINERY_DEF, b.frames)).toEqual(
              engineView('finery', FINERY_DEF, a.frames),
            );
          } finally {
            a.session.close();
            b.session.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------- ALOR

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
}

async function alorFeed() {
  const rec = recordingSink();
  const orders: unknown[] = [];
  const fills: unknown[] = [];
  const counts: Record<string, number> = {};
  const feed = new DataFeed({
    log: createLogger('test'),
    sink: rec.sink,
    exchange: 'MOEX',
    board: 'TQBR',
    portfolio: 'D1',
    depth: 5,
    frequencyMs: 25,
    tradesHistory: 0,
    staleAfterMs: 60_000,
    token: async () => 'tok',
    changed: () => undefined,
    refused: () => undefined,
    count: (c) => (counts[c] = (counts[c] ?? 0) + 1),
    order: (r) => orders.push(r),
    stop: () => undefined,
    fill: (r) => fills.push(r),
    position: () => undefined,
  });
  const ws = new FakeSocket();
  feed.attach(ws as unknown as WebSocket);
  await feed.subscribe({ key: 'book:SBER', kind: 'book', market: 'SBER' });
  await feed.subscribe({ key: 'trades:SBER', kind: 'trades', market: 'SBER' });
  await feed.subscribe({ key: 'orders', kind: 'orders' });
  await feed.subscribe({ key: 'fills', kind: 'fills' });
  const guids = ws.sent.map((m) => m.guid as string);
  const push = (text: string) => ws.emit('message', Buffer.from(text), false);
  return { feed, push, guids, orders, fills, counts, ...rec };
}

const alorOrder = (guid: string, status: string) =>
  JSON.stringify({
    data: {
      id: '18995978560',
      symbol: 'SBER',
      brokerSymbol: 'MOEX:SBER',
      portfolio: 'D1',
      exchange: 'MOEX',
      comment: 'cb/a b',
      type: 'limit',
      side: 'buy',
      status,
      transTime: '2024-01-15T10:00:00.0000000Z',
      updateTime: '2024-01-15T10:00:01.0000000Z',
      qtyUnits: 10,
      qtyBatch: 1,
      qty: 1,
      filledQtyUnits: 0,
      filledQtyBatch: 0,
      filled: 0,
      price: 271.15,
      existing: false,
      timeInForce: 'oneday',
      iceberg: null,
    },
    guid,
  });
const alorFill = (guid: string) =>
  JSON.stringify({
    data: {
      id: '159',
      orderno: '18995978560',
      comment: 'cb/a b',
      symbol: 'SBER',
      brokerSymbol: 'MOEX:SBER',
      exchange: 'MOEX',
      date: '2024-01-15T10:00:02.0000000Z',
      board: 'TQBR',
      qtyUnits: 10,
      qtyBatch: 1,
      qty: 1,
      price: 271.15,
      accruedInt: 0,
      side: 'buy',
      existing: false,
      commission: 0.1,
      volume: 2711.5,
    },
    guid,
  });

describe('ALOR frames in any layout', () => {
  it('reach the book, trades, orders and fills unchanged, never malformed or resubscribed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ bids, asks }), { minLength: 1, maxLength: 4 }),
        fc.array(layout, { minLength: 8, maxLength: 8 }),
        async (books, layouts) => {
          const a = await alorFeed();
          const b = await alorFeed();
          const frames = (g: string[]) => [
            ...books.map((x) => alorBook(g[0]!, 'Simple', x.bids, x.asks)),
            JSON.stringify({
              data: {
                id: 9237394357,
                orderno: 0,
                symbol: 'SBER',
                board: 'TQBR',
                qty: 2,
                price: 60000.01,
                time: '2024-01-15T10:00:00Z',
                timestamp: 1705312800000,
                oi: 0,
                existing: false,
                side: 'sell',
              },
              guid: g[1],
            }),
            alorOrder(g[2]!, 'working'),
            alorOrder(g[2]!, 'filled'),
            alorFill(g[3]!),
          ];
          const canon = frames(a.guids);
          const variants = frames(b.guids).map((t, i) => reserialise(t, layouts[i % layouts.length]!));
          canon.forEach(a.push);
          variants.forEach(b.push);
          expect(b.counts).toEqual({});
          expect(b.frames).toEqual(variants.slice(0, books.length));
          expect(b.trades).toEqual(a.trades);
          expect(b.orders).toEqual(a.orders);
          expect(b.fills).toEqual(a.fills);
          expect(a.orders).toHaveLength(2);
          expect(engineView('alor', ALOR_DEF, b.frames, b.guids[0])).toEqual(
            engineView('alor', ALOR_DEF, a.frames, a.guids[0]),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
