import CryptoJS from 'crypto-js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startFinerySimulator,
  type FinerySimDescriptor,
} from '../../../../electron/venues/finery/sim/finery-simulator';
import type { VenueSimulatorHandle } from '../../../../electron/venues/simkit/types';
import {
  efxSign,
  parseJsonExact,
  stringifyJsonExact,
} from '../../../../electron/venues/finery/wire/finery-wire';
import { connect, handshakeHeaders, nextNonce, refusedHandshake, rest, sign } from './client';

// Reference §2.3 (docs' sample key pair and verified vectors).
const DOC_KEY = 'RlZ4sKsHSr5zmYKIzbtf772J9y9gx8nekd8COrawI5V';
const DOC_SECRET = 'cZpZ1vwzOaXuiONfIQVg8h6za97FoHhrwwgoSCNwDAR';
const WS_VECTOR = '{"nonce": 49856723467362345, "timestamp": 1628489110490}';
const WS_SIGN = 'KCn9rlqILiifROYfgpGmRtvgBzSCJa/2KJ31oPKbcyE6D+BaTVfFMXo8kDwQtBC/';
const REST_VECTOR =
  'add{"nonce": 49856723467362345, "timestamp": 1628489110490, "instrument": "BTC-USD", "clientOrderId": 1, "size": 1, "side": "ask", "type": "MarketIOC"}';
const REST_SIGN = 'xvWE5m9bLUOx6TubJsXbnHPfdmYGvlbma2kuRPma0smOq47yRsG4LCak/hozAiQq';

let sim: VenueSimulatorHandle<FinerySimDescriptor> | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('signature vectors', () => {
  it('node:crypto HMAC-SHA384 reproduces the documented vectors', () => {
    expect(sign(DOC_SECRET, WS_VECTOR)).toBe(WS_SIGN);
    expect(sign(DOC_SECRET, REST_VECTOR)).toBe(REST_SIGN);
  });

  it('the wire helper reproduces them too', () => {
    expect(efxSign(DOC_SECRET, WS_VECTOR)).toBe(WS_SIGN);
    expect(efxSign(DOC_SECRET, REST_VECTOR)).toBe(REST_SIGN);
  });

  it('exact JSON keeps uint64 nonces', () => {
    const v = parseJsonExact('{"nonce":49856723467362345,"p":[1,-2.5e3,"9007199254740993"]}') as Record<
      string,
      unknown
    >;
    expect(v.nonce).toBe(49856723467362345n);
    expect(v.p).toEqual([1, -2500, '9007199254740993']);
    expect(stringifyJsonExact({ a: 9223372036854775807n, b: [1] })).toBe('{"a":9223372036854775807,"b":[1]}');
  });
});

describe('WebSocket handshake', () => {
  it('accepts the docs vector content and keeps big nonces exact', async () => {
    sim = await startFinerySimulator({ key: DOC_KEY, secret: DOC_SECRET, maxTimestampSkewMs: 1e13 });
    const url = sim.descriptor.ws;
    const c = await connect(url, { key: DOC_KEY, secret: DOC_SECRET }, { content: WS_VECTOR, sign: WS_SIGN });
    expect(c.messages[0]).toEqual(['X', 0, 'Z', 0]);
    await c.close();
    // nonce + 1 is the same double as the vector's nonce: only exact parsing accepts it.
    const next = '{"nonce": 49856723467362346, "timestamp": 1628489110490}';
    const c2 = await connect(url, { key: DOC_KEY, secret: DOC_SECRET }, { content: next });
    await c2.close();
    const again = await refusedHandshake(
      url,
      handshakeHeaders({ key: DOC_KEY, secret: DOC_SECRET }, { content: next }),
    );
    expect(JSON.parse(again.body)).toEqual({ error: 6 });
  });

  it('works with crypto-js exactly as the venue example signs', async () => {
    sim = await startFinerySimulator({});
    const { key, secret } = sim.descriptor;
    const content = JSON.stringify({ nonce: nextNonce(), timestamp: new Date().valueOf() });
    const signature = CryptoJS.HmacSHA384(content, secret).toString(CryptoJS.enc.Base64);
    const c = await connect(sim.descriptor.ws, { key, secret }, { content, sign: signature });
    expect(c.messages[0]).toEqual(['X', 0, 'Z', 0]);
    await c.close();
  });

  it('refuses a bad signature (14), a reused or lower nonce (6), a stale timestamp (7)', async () => {
    sim = await startFinerySimulator({ maxTimestampSkewMs: 30_000 });
    const { ws: url, key, secret } = sim.descriptor;
    const creds = { key, secret };
    const badSig = await refusedHandshake(url, handshakeHeaders(creds, { sign: sign('wrong-secret', 'x') }));
    expect(badSig.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(badSig.body)).toEqual({ error: 14 });

    const content = JSON.stringify({ nonce: nextNonce(), timestamp: Date.now() });
    const ok = await connect(url, creds, { content });
    await ok.close();
    expect(JSON.parse((await refusedHandshake(url, handshakeHeaders(creds, { content }))).body)).toEqual({
      error: 6,
    });
    const lower = JSON.stringify({ nonce: nextNonce() - 10, timestamp: Date.now() });
    expect(
      JSON.parse((await refusedHandshake(url, handshakeHeaders(creds, { content: lower }))).body),
    ).toEqual({ error: 6 });

    const stale = JSON.stringify({ nonce: nextNonce(), timestamp: Date.now() - 120_000 });
    expect(
      JSON.parse((await refusedHandshake(url, handshakeHeaders(creds, { content: stale }))).body),
    ).toEqual({ error: 7 });
    const noNonce = JSON.stringify({ timestamp: Date.now() });
    expect(
      JSON.parse((await refusedHandshake(url, handshakeHeaders(creds, { content: noNonce }))).body),
    ).toEqual({ error: 6 });
    const unknownKey = await refusedHandshake(url, handshakeHeaders(creds, { key: 'someone-else' }));
    expect(JSON.parse(unknownKey.body)).toEqual({ error: 14 });
    const missing = await refusedHandshake(url, handshakeHeaders(creds, { omit: 'EFX-Sign' }));
    expect(JSON.parse(missing.body)).toEqual({ error: 3 });
    // After all the refusals a correct handshake still works.
    await (await connect(url, creds)).close();
  });

  it('enforces the connection cap', async () => {
    sim = await startFinerySimulator({ maxConnections: 2 });
    const creds = sim.descriptor;
    const a = await connect(sim.descriptor.ws, creds);
    const b = await connect(sim.descriptor.ws, creds);
    const refused = await refusedHandshake(sim.descriptor.ws, handshakeHeaders(creds));
    expect(refused.status).toBe(429);
    await a.close();
    await new Promise((r) => setTimeout(r, 50));
    const c = await connect(sim.descriptor.ws, creds);
    await Promise.all([b.close(), c.close()]);
  });
});

describe('REST signing', () => {
  it('accepts a signed call and refuses a bad signature with 400 {"error":14}', async () => {
    sim = await startFinerySimulator({});
    const creds = sim.descriptor;
    const ok = await rest(sim.descriptor.rest, creds, 'instruments');
    expect(ok.status).toBe(200);
    const bad = await rest(sim.descriptor.rest, { key: creds.key, secret: 'nope' }, 'positions');
    expect(bad).toEqual({ status: 400, body: { error: 14 } });
    const unknown = await rest(sim.descriptor.rest, creds, 'noSuchMethod');
    expect(unknown).toEqual({ status: 400, body: { error: 8 } });
  });

  it('verifies the docs REST vector over methodName + body', async () => {
    sim = await startFinerySimulator({ key: DOC_KEY, secret: DOC_SECRET, maxTimestampSkewMs: 1e13 });
    const body = REST_VECTOR.slice('add'.length);
    const res = await fetch(`${sim.descriptor.rest}/add`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/html', 'EFX-Key': DOC_KEY, 'EFX-Sign': REST_SIGN },
      body,
    });
    // Authenticated: the answer is about the order (size 1 is below the lot), not about auth.
    const json = (await res.json()) as { error?: number };
    expect(res.status).toBe(400);
    expect(json.error).toBe(70);
  });
});
