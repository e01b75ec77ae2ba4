import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { VenueError } from '../../../../electron/venues/common/adapter';
import {
  NonceSource,
  clientOrderIdFor,
  handshakeHeaders,
  signEfx,
} from '../../../../electron/venues/finery/adapter/auth';
import { createFineryAdapter } from '../../../../electron/venues/finery/adapter/finery-adapter';
import { parseJsonExact } from '../../../../electron/venues/finery/wire/finery-wire';
import { connectAndSubscribe, startRig, type Rig } from './helpers';

const DOC_SECRET = 'cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Finery adapter: signing, nonces, keys', () => {
  it('signs like the reference test vectors and like node:crypto', () => {
    expect(signEfx(DOC_SECRET, '{"nonce": 49856723467362345, "timestamp": 1628489110490}')).toBe(
      'KCn9rlqILiifROYfgpGmRtvgBzSCJa/2KJ31oPKbcyE6D+BaTVfFMXo8kDwQtBC/',
    );
    const rest =
      'add{"nonce": 49856723467362345, "timestamp": 1628489110490, "instrument": "BTC-USD", "clientOrderId": 1, "size": 1, "side": "ask", "type": "MarketIOC"}';
    expect(signEfx(DOC_SECRET, rest)).toBe(
      'xvWE5m9bLUOx6TubJsXbnHPfdmYGvlbma2kuRPma0smOq47yRsG4LCak/hozAiQq',
    );
    const h = handshakeHeaders('pub', DOC_SECRET, 49856723467362345n, 1628489110490);
    expect(h['EFX-Content']).toBe('{"nonce":49856723467362345,"timestamp":1628489110490}');
    expect(h['EFX-Sign']).toBe(createHmac('sha384', DOC_SECRET).update(h['EFX-Content']).digest('base64'));
    // The uint64 nonce survives exactly through the header text.
    expect((parseJsonExact(h['EFX-Content']) as { nonce: bigint }).nonce).toBe(49856723467362345n);
  });

  it('nonces strictly increase, even when the clock stands still or steps back, and across restarts', () => {
    let now = 5_000_000n;
    let saved: bigint | undefined;
    const store = { load: () => saved, save: (n: bigint) => void (saved = n) };
    const a = new NonceSource(() => now, store);
    const seen = [a.next(), a.next()];
    now = 4_000_000n;
    seen.push(a.next());
    // A "restarted process" with the same store and a clock that went back still continues upward.
    const b = new NonceSource(() => 1n, store);
    seen.push(b.next());
    for (let i = 1; i < seen.length; i++) expect(seen[i]! > seen[i - 1]!).toBe(true);
    expect(new NonceSource().next() > BigInt(Date.now() - 1000) * 1000n).toBe(true);
  });

  it('derives a deterministic positive int64 clientOrderId from our UUID', () => {
    const k = clientOrderIdFor('0b7c5c1e-9c61-4a57-8a0f-3f2f6a1e7d11');
    expect(k).toBe(clientOrderIdFor('0b7c5c1e-9c61-4a57-8a0f-3f2f6a1e7d11'));
    expect(k).not.toBe(clientOrderIdFor('0b7c5c1e-9c61-4a57-8a0f-3f2f6a1e7d12'));
    expect(BigInt(k) > 0n && BigInt(k) < 2n ** 63n).toBe(true);
    expect(() => clientOrderIdFor('')).toThrow();
  });

  it('refuses bad options with a clear error that never carries the secret', () => {
    const sink = { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} };
    const secret = 'super-secret-value-123';
    let err: unknown;
    try {
      createFineryAdapter({ wsUrl: 'http://x', key: 'k', secret, sink });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).kind).toBe('invalid');
    expect((err as Error).message).toMatch(/wsUrl/);
    expect((err as Error).message).not.toContain(secret);
    expect(() =>
      createFineryAdapter({
        endpoints: { ws: 'ws://127.0.0.1:1/ws', rest: 'http://127.0.0.1:1/api' },
        key: 'k',
        secret,
        sink,
      }),
    ).not.toThrow();
  });
});

describe('Finery adapter against the simulator: connect and feeds', () => {
  it('connects, reports every state up to live, lists markets and builds the book the simulator holds', async () => {
    rig = await startRig();
    await connectAndSubscribe(rig, ['BTC-USD', 'ETH-USD']);
    const states = rig.statuses.map((s) => s.state);
    expect(states.slice(0, 4)).toEqual(['connecting', 'authenticating', 'connected', 'live']);
    const btc = rig.adapter.markets().find((m) => m.market === 'BTC-USD')!;
    expect(btc).toMatchObject({
      canonical: 'BTC-USD',
      tickSize: '0.01',
      priceDecimals: 2,
      sizeDecimals: 4,
      lotSize: '0.0001',
    });
    expect(rig.adapter.markets().find((m) => m.market === 'ETH-USD')?.canonical).toBe('ETH-USD');
    expect(rig.adapter.capabilities.cancelsOnDisconnect).toBe(true);
    for (let i = 0; i < 20; i++) rig.gen.step(25);
    for (const m of ['BTC-USD', 'ETH-USD']) {
      await rig.until(() => {
        const b = rig!.books(m);
        return JSON.stringify(b.ours) === JSON.stringify(b.theirs);
      }, `${m} book equal`);
      const b = rig.books(m);
      expect(b.ours).toEqual(b.theirs);
    }
    expect(rig.adapter.stats().bookFrames).toBeGreaterThan(2);
    expect(() => rig!.adapter.subscribeMarket('DOGE-XYZ')).toThrow(/unknown Finery market/);
  });

  it('a refused key is reported down in plain words and not hammered', async () => {
    rig = await startRig({}, { secret: 'wrong-secret-for-this-key', authRetryMs: 60_000 });
    const err = await rig.adapter.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).kind).toBe('unauthorized');
    const down = await rig.status('down');
    expect(down.reason).toMatch(/invalid signature/);
    expect(down.reason).not.toContain('wrong-secret-for-this-key');
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.adapter.stats().handshakeFailures).toBe(1);
  });

  it('waits for ["X",0,"Z",0] before binding, goes down on a non-zero status and recovers', async () => {
    rig = await startRig();
    rig.sim.setBackendStatus(2);
    const connected = rig.adapter.connect();
    const down = await rig.status('down');
    expect(down.reason).toMatch(/backend link down.*code 2/);
    expect(rig.adapter.markets()).toEqual([]); // nothing bound while the backend is down
    rig.sim.setBackendStatus(0);
    await connected;
    await connectAndSubscribe(rig);
    const from = rig.statuses.length;
    rig.sim.setBackendStatus(104);
    await rig.status('down', from);
    rig.gen.step(200);
    rig.sim.setBackendStatus(0);
    await rig.status('live', from);
    await rig.until(() => rig!.books('BTC-USD').ours.state === 'live', 'book rebuilt');
    rig.gen.step(20);
    await rig.until(
      () => JSON.stringify(rig!.books('BTC-USD').ours) === JSON.stringify(rig!.books('BTC-USD').theirs),
      'equal',
    );
  });

  it('reports the round trip timed on WebSocket pings once connected, and none before connect or after disconnect', async () => {
    rig = await startRig({}, { pingIntervalMs: 50 });
    expect(rig.adapter.roundTripMs()).toBeUndefined();
    await rig.adapter.connect();
    await rig.until(() => rig!.adapter.roundTripMs() !== undefined, 'a round-trip sample');
    const ms = rig.adapter.roundTripMs()!;
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    await rig.adapter.disconnect();
    expect(rig.adapter.roundTripMs()).toBeUndefined();
  });
});
