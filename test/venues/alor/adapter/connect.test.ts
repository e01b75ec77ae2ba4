import { afterEach, describe, expect, it } from 'vitest';
import { addLogSink } from '../../../../electron/base/log';
import { VenueError } from '../../../../electron/venues/common/adapter';
import { createAlorAdapter } from '../../../../electron/venues/alor/adapter/alor-adapter';
import { closeRigs, expectBookMatches, startRig, state, waitFor, waitState } from './helpers';

afterEach(closeRigs);

describe('ALOR adapter: authentication and subscriptions', () => {
  it('connects through connecting → authenticating → connected → live and lists markets from the securities endpoint', async () => {
    const rig = await startRig();
    await waitState(rig, 'live');
    const seen = rig.statuses.map((s) => s.state);
    expect(seen.slice(0, 3)).toEqual(['connecting', 'authenticating', 'connected']);
    expect(rig.adapter.markets()).toEqual([
      {
        venue: 'alor',
        market: 'SBER',
        canonical: 'SBER',
        priceDecimals: 2,
        sizeDecimals: 0,
        tickSize: '0.01',
        lotSize: '1',
        minSize: '1',
      },
      {
        venue: 'alor',
        market: 'GAZP',
        canonical: 'GAZP',
        priceDecimals: 2,
        sizeDecimals: 0,
        tickSize: '0.01',
        lotSize: '1',
        minSize: '1',
      },
    ]);
    expect(rig.adapter.stats().tokenMints).toBe(1);
  });

  it('refuses a wrong refresh token with a plain reason, goes down and backs off', async () => {
    const rig = await startRig({
      connect: false,
      adapter: { refreshToken: 'definitely-not-the-token', authBackoff: { initialMs: 10_000 } },
    });
    const err = await rig.adapter.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VenueError);
    expect((err as VenueError).kind).toBe('unauthorized');
    expect((err as VenueError).message).toMatch(/refused the refresh token/);
    await waitState(rig, 'down');
    expect(rig.statuses.at(-1)!.reason).toMatch(/refresh token .*retrying in \d+ s/);
    // Backoff: no new attempt before the auth backoff elapses.
    expect(rig.adapter.stats().sessions).toBe(1);
  });

  it('never logs the refresh token or an access token', async () => {
    const lines: string[] = [];
    const off = addLogSink((line) => lines.push(line));
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    rig.sim.faults.sendMalformed(1);
    rig.sim.faults.dropConnections();
    await waitState(rig, 'reconnecting');
    await waitState(rig, 'live');
    off();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(rig.sim.descriptor.refreshToken);
    expect(lines.join('\n')).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('rejects bad options with a message naming the field, not its value', () => {
    const sink = { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} };
    const make = () =>
      createAlorAdapter({
        wsUrl: 'http://x',
        cwsUrl: 'ws://x/cws',
        oauthUrl: 'http://x',
        apiUrl: 'http://x',
        refreshToken: 'secret-value',
        portfolio: 'D1',
        sink,
      });
    expect(make).toThrow(/wsUrl: must be a ws or wss URL/);
    expect(make).not.toThrow(/secret-value/);
  });

  it('subscribes book and trades per market: the engine-fed book equals the simulator book', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    rig.adapter.subscribeMarket('GAZP');
    await waitState(rig, 'live');
    await expectBookMatches(rig, 'SBER');
    await expectBookMatches(rig, 'GAZP');
    rig.generator.step(300);
    await expectBookMatches(rig, 'SBER');
    await expectBookMatches(rig, 'GAZP');
    await waitFor('a public trade', () => rig.trades.some((t) => t.market === 'SBER' && !t.history), 8000);
    const t = rig.trades.find((x) => !x.history)!;
    expect(t.price).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(Number(t.size)).toBeGreaterThan(0);
    expect(rig.engineEvents.filter((e) => e.type === 'frameRejected')).toEqual([]);
  });

  it('unsubscribeMarket stops the feed; a market it does not know is an invalid request', async () => {
    const rig = await startRig();
    rig.adapter.subscribeMarket('SBER');
    await expectBookMatches(rig, 'SBER');
    rig.adapter.unsubscribeMarket('SBER');
    expect(rig.adapter['feed'].has('book:SBER')).toBe(false);
    expect(rig.adapter['feed'].has('trades:SBER')).toBe(false);
    expect(state(rig)).toBe('live');
    expect(() => rig.adapter.subscribeMarket('NOPE')).toThrow(VenueError);
  });

  it('reports the round trip timed on /cws pings once connected, and none before connect or after disconnect', async () => {
    // Not shorter: the keepalive cuts a socket whose pong misses one interval, and a loaded test
    // machine can delay a pong by tens of milliseconds.
    const rig = await startRig({ connect: false, adapter: { pingIntervalMs: 250 } });
    expect(rig.adapter.roundTripMs()).toBeUndefined();
    await rig.adapter.connect();
    await waitFor('a round-trip sample', () => rig.adapter.roundTripMs() !== undefined);
    const ms = rig.adapter.roundTripMs()!;
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(0);
    await rig.adapter.disconnect();
    expect(rig.adapter.roundTripMs()).toBeUndefined();
  });
});
