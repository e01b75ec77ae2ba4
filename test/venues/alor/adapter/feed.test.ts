// DataFeed against crafted frames the simulator cannot produce: out-of-order books, unknown
// guids, records with impossible values. A fake socket records what the feed sends.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createLogger } from '../../../../electron/base/log';
import { DataFeed, type Counter } from '../../../../electron/venues/alor/adapter/ws';

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  push(obj: unknown): void {
    this.emit('message', Buffer.from(typeof obj === 'string' ? obj : JSON.stringify(obj)), false);
  }
}

function setup() {
  const counts: Partial<Record<Counter, number>> = {};
  const frames: string[] = [];
  const calls: string[] = [];
  const orders: unknown[] = [];
  const refusals: number[] = [];
  const feed = new DataFeed({
    log: createLogger('test'),
    sink: {
      frame: (_v, text) => frames.push(text),
      bindStream: (_v, key) => calls.push(`bind ${key}`),
      unbindStream: (_v, key) => calls.push(`unbind ${key}`),
      resetBook: (_v, m) => calls.push(`reset ${m}`),
      trade: () => undefined,
    },
    exchange: 'MOEX',
    board: 'TQBR',
    portfolio: 'D1',
    depth: 5,
    frequencyMs: 25,
    tradesHistory: 0,
    staleAfterMs: 60_000,
    token: async () => 'tok-123456',
    changed: () => undefined,
    refused: (code) => refusals.push(code),
    count: (c) => (counts[c] = (counts[c] ?? 0) + 1),
    order: (r) => orders.push(r),
    stop: () => undefined,
    fill: () => undefined,
    position: () => undefined,
  });
  const ws = new FakeSocket();
  feed.attach(ws as unknown as WebSocket);
  return { feed, ws, counts, frames, calls, orders, refusals };
}

const book = (guid: string, ts: number) =>
  JSON.stringify({
    data: {
      snapshot: true,
      bids: [{ price: 1.01, volume: 1 }],
      asks: [],
      timestamp: 1,
      ms_timestamp: ts,
      existing: false,
    },
    guid,
  });

describe('ALOR DataFeed', () => {
  it('forwards book frames raw, refuses an older one and resyncs with a new guid', async () => {
    const t = setup();
    await t.feed.subscribe({ key: 'book:SBER', kind: 'book', market: 'SBER' });
    const guid = t.ws.sent[0]!.guid as string;
    expect(t.ws.sent[0]).toMatchObject({
      opcode: 'OrderBookGetAndSubscribe',
      code: 'SBER',
      depth: 5,
      frequency: 25,
      token: 'tok-123456',
    });
    t.ws.push(book(guid, 2000));
    t.ws.push(book(guid, 1000));
    expect(t.frames).toEqual([book(guid, 2000)]);
    expect(t.counts.outOfOrder).toBe(1);
    await new Promise((r) => setImmediate(r));
    const again = t.ws.sent.filter((m) => m.opcode === 'OrderBookGetAndSubscribe');
    expect(again).toHaveLength(2);
    expect(again[1]!.guid).not.toBe(guid);
    expect(t.ws.sent).toContainEqual({ opcode: 'unsubscribe', guid, token: 'tok-123456' });
    expect(t.calls).toEqual([
      'reset SBER',
      `bind ${guid}`,
      `unbind ${guid}`,
      'reset SBER',
      `bind ${again[1]!.guid as string}`,
    ]);
    // Late frames of the old guid are dropped silently, never applied.
    t.ws.push(book(guid, 3000));
    expect(t.frames).toHaveLength(1);
  });

  it('counts unknown and malformed frames; an impossible record neither crashes nor applies', async () => {
    const t = setup();
    await t.feed.subscribe({ key: 'orders', kind: 'orders' });
    const guid = t.ws.sent[0]!.guid as string;
    t.ws.push({ data: { x: 1 }, guid: 'nobody' });
    t.ws.push('{"data":');
    const rec = {
      id: '1',
      symbol: 'SBER',
      comment: null,
      type: 'limit',
      side: 'buy',
      status: 'working',
      transTime: '2026-01-01T00:00:00Z',
      updateTime: null,
      qtyBatch: 1,
      filledQtyBatch: 0,
      price: 1.5,
      existing: true,
    };
    t.ws.push({ data: { ...rec, price: 'abc' }, guid });
    expect(t.counts).toMatchObject({ unknown: 1, malformed: 2 });
    expect(t.orders).toEqual([]);
    const current = t.ws.sent.at(-1)!.guid as string;
    t.ws.push({ data: rec, guid: current });
    expect(t.orders).toHaveLength(1);
  });

  it('a non-200 acknowledgement is reported with its code', async () => {
    const t = setup();
    await t.feed.subscribe({ key: 'positions', kind: 'positions' });
    t.ws.push({ requestGuid: t.ws.sent[0]!.guid, httpCode: 401, message: 'Invalid JWT token!' });
    expect(t.refusals).toEqual([401]);
  });
});
