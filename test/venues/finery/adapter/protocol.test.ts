// Finery protocol points the reference settles and our adapter got wrong (issue 16): content on
// every request, the O snapshot's reference form, error replies without reqId, int64 positions.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { formatBig } from '../../../../shared/decimal';
import type { VenuePosition } from '../../../../electron/venues/common/adapter';
import { orderListSchema, positionRecordSchema } from '../../../../electron/venues/finery/adapter/codec';
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
const ORDER = ['BTC-USD', 0, 0, 0, 7, 42, 50_000 * E8, E8, E8, 1_700_000_000_000, 0];
/** Past 2^53: a position of 90,071,992,547.40993 USD in 1e-8 units. */
const BIG_POSITION = '9007199254740993000';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

type Msg = {
  event: string;
  feed?: string;
  feedId?: string;
  reqId?: number;
  method?: string;
  content?: unknown;
};

async function scripted(answer: (m: Msg, ws: WebSocket) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const received: Msg[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      received.push(m);
      if (m.event === 'bind') {
        if (m.feed === 'I') ws.send(JSON.stringify(['I', 0, 'S', INSTRUMENTS]));
        else if (m.feed === 'P') ws.send(JSON.stringify(['P', 0, 'S', [1, [], [], []]]));
        else if (m.feed === 'K') ws.send(`["K",0,"S",[[["USD",${BIG_POSITION},0]]]]`);
        else if (m.feed === 'O') ws.send(JSON.stringify(['O', 0, 'S', [[]]]));
        return;
      }
      answer(m, ws);
    });
    ws.send('["X",0,"Z",0]');
  });
  const positions: VenuePosition[] = [];
  const adapter = createFineryAdapter({
    wsUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    key: 'k',
    secret: 'scripted-secret',
    sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
    backoff: { initialMs: 20, maxMs: 100 },
  });
  adapter.on('position', (p) => positions.push(p));
  cleanup = async () => {
    await adapter.disconnect();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  };
  return { adapter, received, positions };
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_r, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms)),
  ]);

describe('Finery protocol', () => {
  it('sends content {} with a parameterless request (positions)', async () => {
    const s = await scripted((m, ws) => {
      if (m.event === 'request' && m.method === 'positions')
        ws.send(JSON.stringify({ event: 'request', reqId: m.reqId, reply: [1, [], [ORDER], []] }));
    });
    await s.adapter.connect();
    const open = await within(s.adapter.openOrders(), 3000);
    expect(open.map((o) => o.venueOrderId)).toEqual(['7']);
    const req = s.received.find((m) => m.method === 'positions')!;
    expect(req.content).toEqual({});
  });

  it('matches an error reply without reqId to the request it answers', async () => {
    const s = await scripted((m, ws) => {
      if (m.event === 'request' && m.method === 'add') ws.send('{"event":"request","error":79}');
    });
    await s.adapter.connect();
    const placed = s.adapter.placeOrder({
      clientOrderId: '7c1c1f2e-0000-4000-8000-000000000001',
      idempotencyKey: s.adapter.idempotencyKeyFor('7c1c1f2e-0000-4000-8000-000000000001'),
      market: 'BTC-USD',
      side: 'buy',
      type: 'limit',
      size: '0.5',
      price: '50000',
      timeInForce: 'IOC',
    });
    await expect(within(placed, 3000)).rejects.toMatchObject({ name: 'VenueError', venueCode: 79 });
    expect(s.received.filter((m) => m.method === 'add')).toHaveLength(1);
  });

  it('reads a position beyond 2^53 exactly, without rebinding its feed', async () => {
    const s = await scripted(() => undefined);
    await s.adapter.connect();
    const end = Date.now() + 3000;
    while (s.positions.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(s.positions[0]).toMatchObject({ instrument: 'USD', size: formatBig(BigInt(BIG_POSITION), 8) });
    expect(s.received.filter((m) => m.feed === 'K' && m.event === 'bind')).toHaveLength(1);
    expect(positionRecordSchema.safeParse(parseJsonExact(`["USD",${BIG_POSITION},0]`)).success).toBe(true);
  });

  it('accepts the O snapshot as the reference writes it ([orders[]]) and as a bare list', () => {
    expect(orderListSchema.parse([[ORDER]])).toEqual(orderListSchema.parse([ORDER]));
    expect(orderListSchema.parse([[]])).toEqual([]);
    expect(orderListSchema.parse([])).toEqual([]);
  });
});
