import { afterEach, describe, expect, it } from 'vitest';
import { KeyAuthority } from '../../../../electron/venues/finery/sim/auth';
import { connect, sign } from './client';
import { startRig, type Rig } from './helpers';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('resting orders hit by market flow', () => {
  it('emit D with the opposite aggressor side, update K, and "-" with reason 0 once filled', async () => {
    rig = await startRig();
    const c = await rig.open();
    await c.bind('O');
    await c.bind('K');
    const market = rig.sim.markets.get('BTC-USD')!;
    const { bid, ask } = market.top();
    // Inside the spread when there is room (first in line for sellers), else joining the best bid.
    const price = bid!.price + 1_000_000 < ask!.price ? bid!.price + 1_000_000 : bid!.price;
    const r = await c.request('add', {
      instrument: 'BTC-USD',
      price,
      size: 10_000,
      side: 'bid',
      type: 'limit',
    });
    const id = (r.reply as { id: number }).id;
    expect(market.orders()).toHaveLength(1);
    for (let i = 0; i < 20_000 && market.orders().length > 0; i++) rig.gen.step(1);
    const deal = (await c.waitFor(
      (m) => Array.isArray(m) && m[2] === 'D' && (m[3] as unknown[])[4] === id,
    )) as unknown[][];
    expect(deal[3]![12]).toBe(1); // aggressor: ask
    expect(deal[3]![13]).toBe(price);
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'K' && (m[3] as unknown[])[0] === 'BTC');
    const gone = (await c.waitFor(
      (m) => Array.isArray(m) && m[2] === '-' && (m[3] as unknown[])[4] === id,
    )) as unknown[][];
    expect(gone[3]![3]).toBe(0);
    expect(gone[3]![8]).toBe(0);
  });
});

describe('options', () => {
  it('bookBSnapshotsOnly: B sends full S messages, F stays incremental', async () => {
    rig = await startRig({ bookBSnapshotsOnly: true });
    const c = await rig.open();
    await c.bind('B', 'BTC-USD');
    await c.bind('F', 'BTC-USD');
    const from = c.messages.length;
    for (let i = 0; i < 50; i++) rig.gen.step(5);
    await c.request('positions');
    const later = c.messages.slice(from).filter(Array.isArray) as unknown[][];
    const bs = later.filter((m) => m[0] === 'B');
    expect(bs.length).toBeGreaterThan(0);
    expect(bs.every((m) => m[2] === 'S')).toBe(true);
    expect(later.some((m) => m[0] === 'F' && m[2] === 'M')).toBe(true);
    const s = rig.sim.markets.get('BTC-USD')!.snapshot(25);
    expect(bs.at(-1)![3]).toEqual([
      s.bids.map((l) => [l.price, l.size]),
      s.asks.map((l) => [l.price, l.size]),
    ]);
  });

  it('backend status: ["X",0,"Z",n] announced, requests answer 2 until it is back to 0', async () => {
    rig = await startRig();
    const c = await rig.open();
    const sim = rig.sim as typeof rig.sim & { setBackendStatus(code: number): void };
    sim.setBackendStatus(2);
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'X' && m[3] === 2);
    expect((await c.request('positions')).error).toBe(2);
    const late = await connect(sim.descriptor.ws, sim.descriptor);
    expect(late.messages[0]).toEqual(['X', 0, 'Z', 2]);
    rig.clients.push(late);
    sim.setBackendStatus(0);
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'X' && m[3] === 0, 5000, 2);
    expect((await c.request('positions')).reply).toBeDefined();
  });
});

describe('own generator', () => {
  it('with rate > 0 the simulator drives its markets in real time', async () => {
    const { startFinerySimulator } = await import('../../../../electron/venues/finery/sim/finery-simulator');
    const sim = await startFinerySimulator({ rate: 200, seed: 5 });
    try {
      const c = await connect(sim.descriptor.ws, sim.descriptor);
      await c.bind('F', 'ETH-USD');
      const update = await c.next((m) => Array.isArray(m) && m[0] === 'F' && m[2] === 'M');
      expect((update as unknown[])[1]).toBe('ETH-USD');
      await c.close();
    } finally {
      await sim.close();
    }
  });
});

describe('nonce rules', () => {
  const key = 'k';
  const secret = 's3cr3t-value';
  const hs = (nonce: number, ts: number) => {
    const content = JSON.stringify({ nonce, timestamp: ts });
    return { 'efx-key': key, 'efx-sign': sign(secret, content), 'efx-content': content };
  };

  it('window rule: unique within 2 minutes, order free', () => {
    let now = 1_700_000_000_000;
    const auth = new KeyAuthority({
      key,
      secret,
      maxTimestampSkewMs: 1e12,
      nonceRule: 'window',
      now: () => now,
    });
    expect(auth.verifyHandshake(hs(10, now))).toEqual({ ok: true });
    expect(auth.verifyHandshake(hs(5, now))).toEqual({ ok: true });
    expect(auth.verifyHandshake(hs(10, now))).toMatchObject({ ok: false, code: 6 });
    now += 121_000;
    expect(auth.verifyHandshake(hs(10, now))).toEqual({ ok: true });
  });

  it('increasing rule (default): lower nonce refused with 6', () => {
    const now = Date.now();
    const auth = new KeyAuthority({ key, secret, maxTimestampSkewMs: 60_000, nonceRule: 'increasing' });
    expect(auth.verifyHandshake(hs(10, now))).toEqual({ ok: true });
    expect(auth.verifyHandshake(hs(9, now))).toMatchObject({ ok: false, code: 6 });
    expect(auth.verifyHandshake(hs(11, now - 61_000))).toMatchObject({ ok: false, code: 7 });
  });
});
