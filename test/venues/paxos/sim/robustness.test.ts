import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import {
  MARKET_SOCKET_ERROR_CODES,
  problemSchema,
  marketSocketServerFrameSchema,
} from '../../../../electron/venues/paxos/wire/paxos-wire';
import { formatScaled } from '../../../../shared/decimal';
import { ALL_SCOPES, MD_SCOPE, connect, getToken, rest } from './client';

const PROFILE = 'c0ffee00-2222-4000-8000-000000000003';
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let d: PaxosSimDescriptor;

beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 21, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({ generator: gen, snapshotLagMs: 5, profileId: PROFILE });
  d = sim.descriptor;
});
afterEach(async () => {
  gen.stop();
  await sim.close();
});

describe('arbitrary input', () => {
  it('answers every SOR frame with a documented reply and never drops the socket', async () => {
    const client = await connect(d, await getToken(d, MD_SCOPE));
    const channel = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('market_data', 'heartbeat', 'execution_data', 'market_data.top_of_book'),
          fc.string(),
        ),
        params: fc.oneof(
          fc.record({ market: fc.oneof(fc.constantFrom('BTCUSD', 'ETHUSD'), fc.string()) }),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    const message = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record(
        {
          type: fc.constantFrom('subscribe', 'unsubscribe', 'subscription_list', 'error', 'x'),
          channels: fc.oneof(fc.array(channel, { maxLength: 4 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const text = typeof m === 'string' ? m : JSON.stringify(m);
        if (text === undefined) return;
        client.send(text);
        const reply = await client.waitFor((f) => f.channel === undefined);
        marketSocketServerFrameSchema.parse(reply);
        if (reply.type === 'error') expect(MARKET_SOCKET_ERROR_CODES).toContain(reply.error);
      }),
      { numRuns: 150 },
    );
    expect(client.closeCode).toBeUndefined();
    await client.close();
  });

  it('answers malformed REST requests with problem+json, never a crash', async () => {
    const token = await getToken(d, ALL_SCOPES);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.dictionary(
            fc.constantFrom(
              'side',
              'market',
              'type',
              'price',
              'base_amount',
              'quote_amount',
              'time_in_force',
              'ref_id',
            ),
            fc.oneof(
              fc.string(),
              fc.integer(),
              fc.constantFrom('BUY', 'SELL', 'BTCUSD', 'LIMIT', 'MARKET', '1', '0.5', 'IOC'),
            ),
          ),
        ),
        async (body) => {
          const r = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, body);
          expect([200, 400, 403, 409]).toContain(r.status);
          if (r.status !== 200) expect(problemSchema.parse(r.body).status).toBe(r.status);
          const wrongMethod = await fetch(`${d.rest}/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          });
          expect(wrongMethod.status).toBe(405);
          await wrongMethod.text();
        },
      ),
      { numRuns: 40 },
    );
    const oversized = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, 'x'.repeat(200_000));
    expect(oversized.status).toBe(413);
    expect(problemSchema.safeParse(oversized.body).success).toBe(true);
  });
});

describe('real-time generator', () => {
  it('keeps a client book exact while the generator runs on its timer', async () => {
    const client = await connect(d, await getToken(d, MD_SCOPE));
    gen.setRate(3000);
    gen.start();
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'market_data', params: { market: 'ETHUSD' } }],
    });
    const snap = (
      await client.waitFor(
        (m) => m.channel === 'market_data' && (m.payload as { type: string }).type === 'SNAPSHOT',
      )
    ).payload as Record<string, unknown>;
    await client.waitFor(
      (m) => m.channel === 'market_data' && (m.payload as { time: string }).time > (snap.time as string),
    );
    gen.stop();
    await client.sync();
    const book = { bids: new Map<string, string>(), asks: new Map<string, string>() };
    const frames = client.channel('market_data');
    const idx = frames.indexOf(snap);
    const applyP = (p: Record<string, unknown>) => {
      for (const side of ['bids', 'asks'] as const)
        for (const l of (p[side] as Array<{ price: string; amount: string }>) ?? []) {
          if (l.amount === '0') book[side].delete(l.price);
          else book[side].set(l.price, l.amount);
        }
    };
    applyP(snap);
    frames.forEach((p, i) => {
      if (i !== idx && (i > idx || (p.time as string) > (snap.time as string))) applyP(p);
    });
    const truth = sim.markets.get('ETHUSD')!.snapshot(1_000_000);
    expect(book.bids).toEqual(
      new Map(truth.bids.map((l) => [formatScaled(l.price, 2), formatScaled(l.size, 8)])),
    );
    expect(book.asks).toEqual(
      new Map(truth.asks.map((l) => [formatScaled(l.price, 2), formatScaled(l.size, 8)])),
    );
    await client.close();
  });

  it('builds and starts its own generator when none is given and rate > 0', async () => {
    const own = await startPaxosSimulator({ rate: 2000, seed: 4 });
    try {
      expect(own.descriptor.markets).toEqual(expect.arrayContaining(['BTCUSD', 'ETHUSD']));
      const c = await connect(own.descriptor, await getToken(own.descriptor, MD_SCOPE));
      await c.request({
        type: 'subscribe',
        channels: [{ type: 'market_data', params: { market: 'BTCUSD' } }],
      });
      await c.waitFor(
        (m) => m.channel === 'market_data' && (m.payload as { type: string }).type === 'SNAPSHOT',
      );
      await c.waitFor(
        (m) => m.channel === 'market_data' && (m.payload as { type: string }).type === 'UPDATE',
      );
      await c.close();
    } finally {
      await own.close();
    }
  });
});

describe('order outcomes', () => {
  it('a POST_ONLY_LIMIT that would take ends REJECTED; an unfillable FOK ends CANCELLED', async () => {
    const token = await getToken(d, ALL_SCOPES);
    const pid = PROFILE;
    const ask = sim.markets.get('BTCUSD')!.top().ask!;
    const po = await rest(d, token, 'POST', `/profiles/${pid}/orders`, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'POST_ONLY_LIMIT',
      base_amount: '0.01',
      price: formatScaled(ask.price, 2),
    });
    expect((await rest(d, token, 'GET', `/profiles/${pid}/orders/${po.body.id as string}`)).body.status).toBe(
      'REJECTED',
    );
    const fok = await rest(d, token, 'POST', `/profiles/${pid}/orders`, {
      side: 'BUY',
      market: 'BTCUSD',
      type: 'LIMIT',
      time_in_force: 'FOK',
      base_amount: formatScaled(ask.size + 1, 8),
      price: formatScaled(ask.price, 2),
    });
    expect(
      (await rest(d, token, 'GET', `/profiles/${pid}/orders/${fok.body.id as string}`)).body,
    ).toMatchObject({ status: 'CANCELLED', amount_filled: '0' });
  });
});
