import { afterEach, describe, expect, it } from 'vitest';
import { booksMatch, lastState, liveWith, rig, waitFor } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const MARKETS = ['BTCUSD', 'ETHUSD'];

describe('Paxos adapter: recovery from simulator faults', () => {
  it('dropped connections → reconnecting → live, books equal to the simulator', async () => {
    r = await rig();
    await liveWith(r, MARKETS);
    for (let round = 0; round < 3; round++) {
      const n = r.statuses.length;
      r.sim.faults.dropConnections();
      r.gen.step(40); // changes while we are away are lost with the socket
      await waitFor(() => r!.statuses.slice(n).some((s) => s.state === 'reconnecting'), 5000, 'reconnecting');
      await waitFor(() => lastState(r!) === 'live', 5000, 'live');
      r.gen.step(20);
      await booksMatch(r, MARKETS);
    }
    expect(r.adapter.stats().reconnects).toBeGreaterThanOrEqual(3);
  });

  it('stalled feed while heartbeats go on → stale (staleFeeds) → resubscribe → live after resume', async () => {
    r = await rig({}, { timing: { marketSilenceMs: 250, resyncRetryMs: 400, maxResyncs: 100 } });
    r.adapter.subscribeMarket('BTCUSD');
    await r.adapter.connect();
    // The feed has to flow for silence to mean anything.
    const stopFlow = r.flow(2, 10);
    await waitFor(() => lastState(r!) === 'live', 5000, 'live');
    r.sim.faults.stallFeeds();
    await waitFor(
      () =>
        r!.statuses.some((s) => s.state === 'stale' && (s.staleFeeds ?? []).includes('market_data:BTCUSD')),
      5000,
      'stale',
    );
    expect(r.adapter.stats().resyncs).toBeGreaterThanOrEqual(1);
    expect(lastState(r)).toBe('stale');
    r.sim.faults.resumeFeeds();
    await waitFor(() => lastState(r!) === 'live', 5000, 'live after resume');
    stopFlow();
    await booksMatch(r, ['BTCUSD']);
  });

  it('malformed frames are counted, the book is resynced and equals the simulator again', async () => {
    r = await rig();
    await liveWith(r, MARKETS);
    r.sim.faults.sendMalformed(3);
    await waitFor(() => r!.adapter.stats().malformed >= 6, 5000, 'malformed counted');
    expect(r.adapter.stats().resyncs).toBeGreaterThanOrEqual(2); // once per market, not per frame
    expect(r.adapter.stats().resyncs).toBeLessThanOrEqual(2);
    r.gen.step(30);
    await waitFor(() => lastState(r!) === 'live', 5000, 'live');
    await booksMatch(r, MARKETS);
  });

  it('server restart → reconnect with backoff → resubscribed, books equal', async () => {
    r = await rig();
    await liveWith(r, MARKETS);
    await r.sim.faults.restart();
    r.gen.step(50);
    await waitFor(
      () => r!.adapter.stats().reconnects >= 1 && lastState(r!) === 'live',
      5000,
      'live after restart',
    );
    await booksMatch(r, MARKETS);
  });

  it('INTERNAL_SERVER_ERROR on a subscribe → reconnect; recovers once the server is well', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    r.sim.faults.failInternally(true);
    r.adapter.subscribeMarket('ETHUSD');
    await waitFor(() => r!.adapter.stats().serverErrors >= 1, 5000, 'server error');
    await waitFor(() => r!.statuses.some((s) => /internal error/.test(s.reason ?? '')), 5000, 'reported');
    r.sim.faults.failInternally(false);
    r.gen.step(20);
    await waitFor(() => lastState(r!) === 'live', 5000, 'live');
    await booksMatch(r, MARKETS);
  });

  it('stats() exposes the counters and unknown frames never crash the adapter', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    const s = r.adapter.stats();
    for (const k of [
      'frames',
      'bookFrames',
      'malformed',
      'unknown',
      'resyncs',
      'reconnects',
      'tokenMints',
    ] as const)
      expect(typeof s[k]).toBe('number');
    expect(s.bookFrames).toBeGreaterThan(0);
  });
});
