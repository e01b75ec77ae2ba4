// finery-markets.md §5: Price is uint64 and Size int64 in 1e-8 units, so order prices and sizes
// and deal prices and sizes may pass 2^53. The adapter reads them exactly (never through a
// float) and does not take such a record for malformed (which would rebind the feed, forever).
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { VenueFill, VenueOrderUpdate } from '../../../../electron/venues/common/adapter';
import {
  addReplySchema,
  dealRecordSchema,
  orderRecordSchema,
} from '../../../../electron/venues/finery/adapter/codec';
import { createFineryAdapter } from '../../../../electron/venues/finery/adapter/finery-adapter';
import { parseJsonExact } from '../../../../electron/venues/finery/wire/finery-wire';

const E8 = 100_000_000;
const INSTRUMENTS = [
  [
    ['BTC', 1, 1, 60_000 * E8],
    ['USD', 3, 1_000_000, E8],
  ],
  [['BTC-USD', 4955410050, 'BTC', 'USD']],
];
/** 2^53 + 1 and + 3 (not representable as doubles): 90,071,992.54740993 and …995 in 1e-8 units. */
const BIG_PRICE = '9007199254740993';
const BIG_SIZE = '9007199254740995';
const BIG_LEFT = '9007199254740997';
const ORDER = `["BTC-USD",0,0,0,7,42,${BIG_PRICE},${BIG_SIZE},${BIG_SIZE},1700000000000,0]`;
const DEAL = `["BTC-USD",0,0,0,7,42,${BIG_PRICE},${BIG_SIZE},2,1700000000001,1700000000002,901,1,${BIG_PRICE},${BIG_LEFT},0,0,2,0]`;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function scripted() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const binds: string[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { event: string; feed?: string; reqId?: number };
      if (m.event === 'request') {
        ws.send(JSON.stringify({ event: 'request', reqId: m.reqId, reply: [] }));
        return;
      }
      if (m.event !== 'bind') return;
      binds.push(m.feed!);
      if (m.feed === 'I') ws.send(JSON.stringify(['I', 0, 'S', INSTRUMENTS]));
      else if (m.feed === 'P') ws.send(JSON.stringify(['P', 0, 'S', [1, [], [], []]]));
      else if (m.feed === 'K') ws.send('["K",0,"S",[]]');
      else if (m.feed === 'O') {
        ws.send(`["O",0,"S",[${ORDER}]]`);
        setTimeout(() => ws.send(`["O",0,"D",${DEAL}]`), 50);
      }
    });
    ws.send('["X",0,"Z",0]');
  });
  const orders: VenueOrderUpdate[] = [];
  const fills: VenueFill[] = [];
  const adapter = createFineryAdapter({
    wsUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    key: 'k',
    secret: 'scripted-secret',
    sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
    backoff: { initialMs: 20, maxMs: 100 },
  });
  adapter.on('order', (u) => orders.push(u));
  adapter.on('fill', (f) => fills.push(f));
  cleanup = async () => {
    await adapter.disconnect();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  };
  return { adapter, binds, orders, fills };
}

describe('Finery order and deal amounts beyond 2^53', () => {
  it('the codec keeps every digit of order, deal and reply amounts', () => {
    const o = orderRecordSchema.parse(parseJsonExact(ORDER));
    expect([o[6], o[7], o[8]]).toEqual([BigInt(BIG_PRICE), BigInt(BIG_SIZE), BigInt(BIG_SIZE)]);
    const d = dealRecordSchema.parse(parseJsonExact(DEAL));
    expect([d[13], d[14]]).toEqual([BigInt(BIG_PRICE), BigInt(BIG_LEFT)]);
    const a = addReplySchema.parse(
      parseJsonExact(
        `{"id":7,"remainingSize":${BIG_SIZE},"deals":[{"id":9,"price":${BIG_PRICE},"size":${BIG_LEFT}}]}`,
      ),
    );
    expect(a.remainingSize).toBe(BigInt(BIG_SIZE));
    expect(a.deals![0]).toMatchObject({ price: BigInt(BIG_PRICE), size: BigInt(BIG_LEFT) });
  });

  it('an O snapshot order and its deal are reported exactly, and O is bound once', async () => {
    const s = await scripted();
    // A record refused as malformed keeps the feed rebinding and connect() from settling.
    await Promise.race([s.adapter.connect(), new Promise((r) => setTimeout(r, 3000))]);
    const end = Date.now() + 3000;
    while (s.fills.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    const first = s.orders.find((u) => u.venueOrderId === '7')!;
    expect(first).toMatchObject({ price: '90071992.54740993', size: '90071992.54740995', filled: '0' });
    expect(s.fills[0]).toMatchObject({
      fillId: '901',
      price: '90071992.54740993',
      size: '90071992.54740997',
    });
    // After the deal 2e-8 is left of 90071992.54740995: filled exactly 90071992.54740993.
    expect(s.orders.at(-1)).toMatchObject({ venueOrderId: '7', filled: '90071992.54740993' });
    expect(s.binds.filter((f) => f === 'O')).toHaveLength(1);
  });
});
