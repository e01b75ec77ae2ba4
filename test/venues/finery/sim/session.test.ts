import { afterEach, describe, expect, it } from 'vitest';
import { applyBookSide, connect, handshakeHeaders, refusedHandshake, rest, type FmClient } from './client';
import { startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const E8 = 100_000_000;
const TICK = 1_000_000;
const lowBid = () => rig!.sim.markets.get('BTC-USD')!.top().bid!.price - 500 * TICK;
const addLimit = async (c: FmClient, extra: Record<string, unknown>) =>
  (
    (
      await c.request('add', {
        instrument: 'BTC-USD',
        price: lowBid(),
        size: E8,
        side: 'bid',
        type: 'limit',
        ...extra,
      })
    ).reply as { id: number }
  ).id;

describe('cancel-on-disconnect', () => {
  it("cancels the lost connection's cod orders with reason 4, seen from another connection", async () => {
    rig = await startRig();
    const a = await rig.open();
    const b = await rig.open();
    await b.bind('O', 'BTC-USD');
    const codId = await addLimit(a, { cod: true });
    const keepId = await addLimit(a, { cod: false });
    const otherConnId = await addLimit(b, { cod: true });
    await a.close();
    const removed = (await b.waitFor(
      (m) => Array.isArray(m) && m[2] === '-' && (m[3] as unknown[])[4] === codId,
    )) as unknown[][];
    expect(removed[0]).toBe('O');
    expect(removed[3]![3]).toBe(4);
    const orders = ((await b.request('positions')).reply as unknown[][])[2] as unknown[][];
    expect(orders.map((o) => o[4]).sort()).toEqual([keepId, otherConnId].sort());
    expect(
      b.messages.some((m) => Array.isArray(m) && m[2] === '-' && (m[3] as unknown[])[4] === keepId),
    ).toBe(false);
  });
});

describe('idle timeout', () => {
  it('closes a connection that sends nothing for idleTimeoutMs', async () => {
    rig = await startRig({ idleTimeoutMs: 200 });
    const c = await rig.open();
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
  });

  it('client WS pings keep the connection alive', async () => {
    rig = await startRig({ idleTimeoutMs: 1500 });
    const c = await rig.open();
    const timer = setInterval(() => c.ws.ping(), 100);
    await new Promise((r) => setTimeout(r, 2500));
    clearInterval(timer);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
  });
});

describe('faults', () => {
  it('dropConnections closes sockets abruptly (no close frame) and triggers CoD', async () => {
    rig = await startRig();
    const a = await rig.open();
    await addLimit(a, { cod: true });
    rig.sim.faults.dropConnections();
    expect((await a.closed).code).toBe(1006);
    const b = await rig.open();
    expect(((await b.request('positions')).reply as unknown[][])[2]).toEqual([]);
  });

  it('stallFeeds stops book output; resumeFeeds catches the client up exactly', async () => {
    rig = await startRig();
    const c = await rig.open();
    let book = (await c.bind('F', 'BTC-USD'))[3] as [[number, number][], [number, number][]];
    rig.sim.faults.stallFeeds();
    const from = c.messages.length;
    for (let i = 0; i < 100; i++) rig.gen.step(5);
    await c.request('positions');
    expect(c.messages.slice(from).some((m) => Array.isArray(m) && m[0] === 'F')).toBe(false);
    rig.sim.faults.resumeFeeds();
    await c.request('positions');
    for (const m of c.messages.slice(from)) {
      if (!Array.isArray(m) || m[0] !== 'F') continue;
      const [b, a] = m[3] as [unknown[][], unknown[][]];
      book = [applyBookSide(book[0], b, true), applyBookSide(book[1], a, false)];
    }
    const s = rig.sim.markets.get('BTC-USD')!.snapshot(25);
    expect(book).toEqual([s.bids.map((l) => [l.price, l.size]), s.asks.map((l) => [l.price, l.size])]);
  });

  it('sendMalformed sends unparseable frames on each book binding', async () => {
    rig = await startRig();
    const c = await rig.open();
    await c.bind('F', 'BTC-USD');
    await c.bind('B', 'ETH-USD');
    await c.bind('I');
    const raw = c.raw.length;
    rig.sim.faults.sendMalformed(2);
    await c.request('positions');
    const bad = c.raw.slice(raw).filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(4);
  });

  it('revokeTokens refuses new handshakes and REST with 14; expireTokens is a no-op', async () => {
    rig = await startRig();
    const { descriptor } = rig.sim;
    const c = await rig.open();
    rig.sim.faults.expireTokens();
    await (await connect(descriptor.ws, descriptor)).close();
    rig.sim.faults.revokeTokens();
    expect(JSON.parse((await refusedHandshake(descriptor.ws, handshakeHeaders(descriptor))).body)).toEqual({
      error: 14,
    });
    expect(await rest(descriptor.rest, descriptor, 'positions')).toEqual({
      status: 400,
      body: { error: 14 },
    });
    expect((await c.request('positions')).reply).toBeDefined();
  });

  it('restart drops sockets and listens again on the same URL', async () => {
    rig = await startRig();
    const c = await rig.open();
    await rig.sim.faults.restart();
    await c.closed;
    const again = await rig.open();
    expect(again.messages[0]).toEqual(['X', 0, 'Z', 0]);
  });

  it('delayReplies holds replies back while other traffic flows', async () => {
    rig = await startRig();
    const c = await rig.open();
    rig.sim.faults.delayReplies(300);
    const reply = c.request('add', {
      instrument: 'BTC-USD',
      price: lowBid(),
      size: E8,
      side: 'bid',
      type: 'limit',
    });
    // Sent after the request: without the delay its snapshot would arrive after the reply.
    const snapshot = await c.bind('I');
    const r = await reply;
    expect(r.reply).toBeDefined();
    expect(c.messages.indexOf(r)).toBeGreaterThan(c.messages.indexOf(snapshot));
    rig.sim.faults.delayReplies(0);
    const r2 = c.request('positions');
    const s2 = c.bind('G');
    await Promise.all([r2, s2]);
    expect(c.messages.indexOf(await r2)).toBeLessThan(c.messages.indexOf(await s2));
  });

  it('rejectOrders answers 84 for add and mod; failInternally answers 10', async () => {
    rig = await startRig();
    const c = await rig.open();
    const id = await addLimit(c, {});
    rig.sim.faults.rejectOrders(true);
    expect(
      (
        await c.request('add', {
          instrument: 'BTC-USD',
          price: lowBid(),
          size: E8,
          side: 'bid',
          type: 'limit',
        })
      ).error,
    ).toBe(84);
    expect((await c.request('mod', { orderId: id, price: lowBid(), size: 2 * E8 })).error).toBe(84);
    rig.sim.faults.rejectOrders(false);
    expect((await c.request('mod', { orderId: id, price: lowBid(), size: 2 * E8 })).reply).toBeDefined();
    rig.sim.faults.failInternally(true);
    expect((await c.request('positions')).error).toBe(10);
    expect((await rest(rig.sim.descriptor.rest, rig.sim.descriptor, 'positions')).body).toEqual({
      error: 10,
    });
    rig.sim.faults.failInternally(false);
    expect((await c.request('positions')).reply).toBeDefined();
  });
});
