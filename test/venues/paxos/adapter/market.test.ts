import { afterEach, describe, expect, it } from 'vitest';
import { booksMatch, lastState, liveWith, rig, sameBook, waitFor } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('Paxos adapter: market data', () => {
  it('connects through authenticating → connecting → connected → live and builds books equal to the simulator', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD', 'ETHUSD']);
    const states = r.statuses.map((s) => s.state);
    expect(states.slice(0, 4)).toEqual(['authenticating', 'connecting', 'connected', 'live']);
    for (let i = 0; i < 20; i++) {
      r.gen.step(25);
      await booksMatch(r, ['BTCUSD', 'ETHUSD']);
    }
    expect(r.adapter.stats().malformed).toBe(0);
    expect(r.adapter.stats().tokenMints).toBe(1);
  });

  it('forwards trades to sink.trade and keeps top_of_book as the simulator announces it', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    await waitFor(
      () => {
        r!.gen.step(20);
        return r!.sink.trades.length > 0;
      },
      5000,
      'a trade',
    );
    const t = r.sink.trades[0]!;
    expect(t.market).toBe('BTCUSD');
    expect(t.price).toMatch(/^\d+(\.\d+)?$/);
    expect(t.time).toBeGreaterThan(0);
    r.gen.step(50);
    const sim = r.sim.markets.get('BTCUSD')!;
    await booksMatch(r, ['BTCUSD']);
    await waitFor(() => {
      const top = r!.adapter.topOfBook('BTCUSD');
      const s = sim.top();
      return (
        top !== undefined && Number(top.bid) * 100 === s.bid?.price && Number(top.ask) * 100 === s.ask?.price
      );
    });
  });

  it('markets() names Paxos symbols canonically', () => {
    return rig().then(async (x) => {
      r = x;
      const btc = r.adapter.markets().find((m) => m.market === 'BTCUSD')!;
      expect(btc).toMatchObject({ venue: 'paxos', canonical: 'BTC-USD', tickSize: '0.25', sizeDecimals: 8 });
      await r.adapter.connect();
      // After connect the list is what the venue serves (GET /v2/markets).
      expect(
        r.adapter
          .markets()
          .map((m) => m.market)
          .sort(),
      ).toEqual(['BTCUSD', 'ETHUSD', 'PAXGUSD']);
      expect(r.adapter.markets().find((m) => m.market === 'ETHUSD')!.canonical).toBe('ETH-USD');
    });
  });

  it('subscribes while connected, unsubscribes (book reset, frames stop) and refuses bad symbols', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    r.adapter.subscribeMarket('PAXGUSD');
    r.gen.step(30);
    await booksMatch(r, ['BTCUSD', 'PAXGUSD']);
    r.adapter.unsubscribeMarket('PAXGUSD');
    expect(r.sink.book('PAXGUSD').state).toBe('awaiting');
    r.gen.step(60);
    await booksMatch(r, ['BTCUSD']);
    expect(r.sink.book('PAXGUSD').state).toBe('awaiting');
    expect(() => r!.adapter.subscribeMarket('btc/usd')).toThrow(/not a Paxos market symbol/);
  });

  it('a market Paxos does not offer is reported in plain words and does not hold back live', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD', 'DOGEUSD']);
    expect(r.statuses.at(-1)!.reason).toMatch(/does not offer market DOGEUSD/);
  });

  it('a silent heartbeat marks the socket stale but does not reconnect while pings are answered', async () => {
    r = await rig(
      { heartbeatIntervalMs: 60_000 },
      { timing: { heartbeatSilenceMs: 300, pingIntervalMs: 50 } },
    );
    r.adapter.subscribeMarket('BTCUSD');
    await r.adapter.connect();
    await waitFor(
      () => r!.statuses.some((s) => s.state === 'stale' && s.staleFeeds?.includes('heartbeat')),
      5000,
      'stale',
    );
    // The heartbeat interval is undocumented; only unanswered protocol pings mean a dead socket.
    await new Promise((res) => setTimeout(res, 600));
    expect(r.adapter.stats().reconnects).toBe(0);
    // Never live without heartbeats: a 'connected' socket does not hide a frozen one.
    expect(r.statuses.some((s) => s.state === 'live')).toBe(false);
    expect(lastState(r)).not.toBe('live');
  });

  it('the engine refusing a frame leads to resyncMarket and a fresh book', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    const before = r.adapter.stats().resyncs;
    r.adapter.resyncMarket('BTCUSD', 'engine refused a frame');
    expect(r.sink.book('BTCUSD').state).toBe('awaiting');
    r.gen.step(30);
    await waitFor(() => lastState(r!) === 'live');
    await booksMatch(r, ['BTCUSD']);
    expect(r.adapter.stats().resyncs).toBe(before + 1);
    expect(sameBook(r.sink, r.sim.markets.get('BTCUSD')!)).toBe(true);
  });

  it('reports the round trip timed on our own SOR pings once connected, and none before connect or after disconnect', async () => {
    r = await rig({}, { timing: { pingIntervalMs: 50 } });
    expect(r.adapter.roundTripMs()).toBeUndefined();
    await r.adapter.connect();
    await waitFor(() => r!.adapter.roundTripMs() !== undefined, 5000, 'a round-trip sample');
    const ms = r.adapter.roundTripMs()!;
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    await r.adapter.disconnect();
    expect(r.adapter.roundTripMs()).toBeUndefined();
  });
});
