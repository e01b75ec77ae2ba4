// Frames the simulator never sends: a scripted server feeds the adapter garbage, unknown feeds,
// out-of-order book updates, invalid records and bind failures. Nothing may crash or half-apply.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import type { VenueConnectionStatus, VenueOrderUpdate } from '../../../../electron/venues/common/adapter';
import {
  createFineryAdapter,
  type FineryAdapter,
} from '../../../../electron/venues/finery/adapter/finery-adapter';

const E8 = 100_000_000;
const INSTRUMENTS = [
  [
    ['BTC', 1, 1, 60_000 * E8],
    ['USD', 3, 1_000_000, E8],
  ],
  [['BTC-USD', 4955410050, 'BTC', 'USD']],
];

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function scripted() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const received: unknown[] = [];
  let peer: WebSocket | undefined;
  wss.on('connection', (ws) => {
    peer = ws;
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { event: string; feed: string; feedId?: string };
      received.push(m);
      if (m.event !== 'bind') return;
      const id = m.feedId ?? 0;
      if (m.feed === 'I') ws.send(JSON.stringify(['I', 0, 'S', INSTRUMENTS]));
      else if (m.feed === 'P') ws.send(JSON.stringify(['P', 0, 'S', [1, [], [], []]]));
      else if (m.feed === 'K' || m.feed === 'O') ws.send(JSON.stringify([m.feed, 0, 'S', []]));
      else if (m.feed === 'F' && id === 'BTC-USD')
        ws.send(JSON.stringify(['F', id, 'S', [[[59_999 * E8, E8]], [[60_001 * E8, E8]]]]));
      else if (m.feed === 'F') ws.send(JSON.stringify(['F', id, 'Z', 103]));
    });
    ws.send('["X",0,"Z",0]');
  });
  const frames: string[] = [];
  const resets: string[] = [];
  const adapter: FineryAdapter = createFineryAdapter({
    wsUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    key: 'k',
    secret: 'scripted-secret',
    sink: {
      frame: (_v, t) => frames.push(t),
      bindStream() {},
      unbindStream() {},
      resetBook: (_v, m) => resets.push(m),
      trade() {},
    },
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const statuses: VenueConnectionStatus[] = [];
  const orders: VenueOrderUpdate[] = [];
  adapter.on('status', (s) => statuses.push(s));
  adapter.on('order', (o) => orders.push(o));
  cleanup = async () => {
    await adapter.disconnect();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  };
  const until = async (pred: () => boolean, what: string) => {
    const end = Date.now() + 3000;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { adapter, frames, resets, statuses, orders, received, until, send: (t: string) => peer!.send(t) };
}

describe('Finery adapter robustness', () => {
  it('counts and survives garbage, unknown feeds, stray replies and out-of-order updates', async () => {
    const s = await scripted();
    await s.adapter.connect();
    s.adapter.subscribeMarket('BTC-USD');
    await s.until(() => s.adapter.currentStatus().state === 'live', 'live');
    const before = s.adapter.stats();
    s.send('not json at all');
    s.send('["Q",0,"S",[]]');
    s.send('{"event":"request","reqId":987654,"reply":{}}');
    s.send('{"no":"reqId"}');
    s.send('["F","ETH-USD","M",[[["+",1,1]],[]]]'); // a market we never bound
    await s.until(() => s.adapter.stats().unknown > before.unknown, 'unknown counted');
    const after = s.adapter.stats();
    expect(after.malformed - before.malformed).toBeGreaterThanOrEqual(3);
    expect(after.lateReplies - before.lateReplies).toBe(1);
    expect(s.adapter.currentStatus().state).toBe('live');
    expect(s.frames.every((f) => f.startsWith('["F","BTC-USD"'))).toBe(true);
  });

  it('an invalid order record is not applied; the O feed is rebound for a fresh snapshot', async () => {
    const s = await scripted();
    await s.adapter.connect();
    const binds = () => s.received.filter((m) => (m as { feed: string; event: string }).feed === 'O').length;
    const n = binds();
    s.send('["O",0,"+",["BTC-USD",0,0,0,"x"]]');
    await s.until(() => binds() >= n + 2, 'O unbind + bind');
    expect(s.orders).toEqual([]);
    // A valid record still applies afterwards.
    s.send(JSON.stringify(['O', 0, '+', ['BTC-USD', 0, 0, 0, 7, 42, 50_000 * E8, E8, E8, Date.now(), 0]]));
    await s.until(() => s.orders.length === 1, 'order applied');
    expect(s.orders[0]).toMatchObject({ venueOrderId: '7', status: 'working', price: '50000', size: '1' });
  });

  it('a bind failure is reported in plain words and does not block the other feeds', async () => {
    const s = await scripted();
    await s.adapter.connect();
    // Unknown to markets() is refused up front; one the venue refuses shows in the status reason.
    expect(() => s.adapter.subscribeMarket('ETH-USD')).toThrow(/unknown Finery market/);
    s.send(JSON.stringify(['I', 0, '+', ['ETH-USD', 4955410051, 'BTC', 'USD']]));
    await s.until(() => s.adapter.markets().length === 2, 'instrument added');
    s.adapter.subscribeMarket('ETH-USD');
    await s.until(
      () => /invalid feed id \(code 103\)/.test(s.adapter.currentStatus().reason ?? ''),
      'reason',
    );
    expect(s.adapter.currentStatus().state).toBe('live');
  });

  it('a truncated book frame resets the book and rebinds it', async () => {
    const s = await scripted();
    await s.adapter.connect();
    s.adapter.subscribeMarket('BTC-USD');
    await s.until(() => s.adapter.currentStatus().state === 'live', 'live');
    const resets = s.resets.length;
    s.send('["F","BTC-USD","M",[[["+",');
    await s.until(() => s.resets.length > resets && s.adapter.currentStatus().state === 'live', 'resynced');
    expect(s.frames.some((f) => f.includes('[[["+",'))).toBe(false);
    expect(s.statuses.some((x) => x.state === 'stale' && x.staleFeeds?.includes('F:BTC-USD'))).toBe(true);
  });
});
