import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMarketGenerator } from '../../../../electron/venues/simkit/index';
import type { MarketGenerator, VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import {
  paxosSimMarketSpecs,
  startPaxosSimulator,
} from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import { formatScaled } from '../../../../shared/decimal';
import { ALL_SCOPES, connect, getToken, rest } from './client';
import type { MarketSocketClient } from './client';

const PROFILE = 'b6a4b2f0-1111-4000-8000-000000000002';
let gen: MarketGenerator;
let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let d: PaxosSimDescriptor;
let token: string;
let client: MarketSocketClient;

beforeEach(async () => {
  gen = createMarketGenerator(paxosSimMarketSpecs, { seed: 9, levelUpdatesPerSecond: 0 });
  sim = await startPaxosSimulator({
    generator: gen,
    profileId: PROFILE,
    heartbeatIntervalMs: 30,
    snapshotLagMs: 0,
  });
  d = sim.descriptor;
  token = await getToken(d, ALL_SCOPES);
  client = await connect(d, token);
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

const isSnapshot = (m: Record<string, unknown>) =>
  m.channel === 'market_data' && (m.payload as { type: string }).type === 'SNAPSHOT';
const orderBody = () => ({
  side: 'BUY',
  market: 'BTCUSD',
  type: 'LIMIT',
  base_amount: '0.1',
  price: formatScaled(sim.markets.get('BTCUSD')!.top().bid!.price - 500, 2),
});

describe('SimFaults', () => {
  it('dropConnections terminates sockets without a close frame', async () => {
    sim.faults.dropConnections();
    expect(await client.closed).toBe(1006);
    client = await connect(d, token); // the server still accepts new connections
  });

  it('stallFeeds keeps the socket open but stops market data until resumeFeeds', async () => {
    await client.request({
      type: 'subscribe',
      channels: [
        { type: 'market_data', params: { market: 'BTCUSD' } },
        { type: 'execution_data', params: { market: 'BTCUSD' } },
      ],
    });
    await client.waitFor(isSnapshot);
    sim.faults.stallFeeds();
    const before = client.channel('market_data').length;
    for (let i = 0; i < 5; i++) gen.step(100);
    // Heartbeats still flow: the connection is alive, only market data has stopped.
    await client.request({ type: 'subscribe', channels: [{ type: 'heartbeat' }] });
    await client.waitFor((m) => m.channel === 'heartbeat');
    await client.sync();
    expect(client.channel('market_data').length).toBe(before);
    expect(client.channel('execution_data').length).toBe(0);
    sim.faults.resumeFeeds();
    gen.step(100);
    await client.sync();
    expect(client.channel('market_data').length).toBeGreaterThan(before);
  });

  it('a subscription made during a stall gets its single SNAPSHOT after resume', async () => {
    sim.faults.stallFeeds();
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'market_data', params: { market: 'ETHUSD' } }],
    });
    gen.step(50);
    await client.sync();
    expect(client.channel('market_data')).toHaveLength(0);
    sim.faults.resumeFeeds();
    await client.waitFor(isSnapshot);
    gen.step(50);
    await client.sync();
    expect(client.channel('market_data').filter((p) => p.type === 'SNAPSHOT')).toHaveLength(1);
  });

  it('sendMalformed sends garbage frames on market_data subscriptions only', async () => {
    const other = await connect(d, token);
    await client.request({
      type: 'subscribe',
      channels: [{ type: 'market_data', params: { market: 'BTCUSD' } }],
    });
    await client.waitFor(isSnapshot);
    sim.faults.sendMalformed(3);
    await client.sync();
    await other.sync();
    expect(client.frames.filter((f) => f.json === undefined)).toHaveLength(3);
    expect(other.frames.filter((f) => f.json === undefined)).toHaveLength(0);
    expect(client.closeCode).toBeUndefined();
    await other.close();
  });

  it('restart closes every socket and listens again on the same port, keeping tokens and orders', async () => {
    const created = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, orderBody());
    await sim.faults.restart();
    expect(await client.closed).not.toBe(1000);
    client = await connect(d, token);
    expect(await client.request({ type: 'subscription_list' })).toEqual({
      type: 'subscription_list',
      channels: [],
    });
    const got = await rest(d, token, 'GET', `/profiles/${PROFILE}/orders/${created.body.id as string}`);
    expect(got.body.status).toBe('OPEN');
  });

  it('delayReplies holds REST replies for the given time, and 0 turns it off', async () => {
    sim.faults.delayReplies(300);
    const t0 = Date.now();
    const r = await rest(d, token, 'GET', '/orders');
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    sim.faults.delayReplies(0);
    expect((await rest(d, token, 'GET', '/orders')).status).toBe(200);
  });

  it('rejectOrders answers new orders with the documented 403 problem and records nothing', async () => {
    sim.faults.rejectOrders(true);
    const r = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, orderBody());
    expect(r.status).toBe(403);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body).toMatchObject({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'insufficient funds',
    });
    expect((await rest(d, token, 'GET', '/orders')).body.items).toHaveLength(0);
    sim.faults.rejectOrders(false);
    expect((await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, orderBody())).status).toBe(200);
  });

  it('failInternally answers REST with 500 and the SOR socket with INTERNAL_SERVER_ERROR', async () => {
    sim.faults.failInternally(true);
    const r = await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, orderBody());
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(await client.request({ type: 'subscription_list' })).toEqual({
      type: 'error',
      error: 'INTERNAL_SERVER_ERROR',
    });
    sim.faults.failInternally(false);
    expect((await rest(d, token, 'POST', `/profiles/${PROFILE}/orders`, orderBody())).status).toBe(200);
    expect((await client.request({ type: 'subscription_list' })).type).toBe('subscription_list');
  });
});

describe('subscription throttle (1 per second per IP)', () => {
  it('delays excess subscriptions instead of rejecting them', async () => {
    const throttled = await startPaxosSimulator({ rate: 0, throttleSubscriptions: true });
    try {
      const c = await connect(throttled.descriptor, await getToken(throttled.descriptor, ALL_SCOPES));
      const t0 = Date.now();
      await c.request({ type: 'subscribe', channels: [{ type: 'heartbeat' }] });
      const second = await c.request({
        type: 'subscribe',
        channels: [{ type: 'market_data', params: { market: 'BTCUSD' } }],
      });
      expect(second.channels).toEqual([{ type: 'market_data', params: { market: 'BTCUSD' }, success: true }]);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
      await c.close();
    } finally {
      await throttled.close();
    }
  });
});
