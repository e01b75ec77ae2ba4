import { afterEach, describe, expect, it } from 'vitest';
import { addLogSink } from '../../../../electron/base/log';
import { createPaxosAdapter } from '../../../../electron/venues/paxos/adapter/paxos-adapter';
import { EngineSink, booksMatch, lastState, liveWith, rig, waitFor } from './helpers';
import type { Rig } from './helpers';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('Paxos adapter: authentication', () => {
  it('wrong credentials → down with a plain reason, no hammering, secret never logged', async () => {
    const lines: string[] = [];
    const remove = addLogSink((line) => lines.push(line));
    try {
      r = await rig({}, { clientSecret: 'definitely-not-the-secret-123' });
      r.adapter.subscribeMarket('BTCUSD');
      await expect(r.adapter.connect()).rejects.toMatchObject({ kind: 'unauthorized' });
      expect(r.statuses.at(-1)).toMatchObject({
        state: 'down',
        reason: expect.stringMatching(/wrong client id or secret/),
      });
      await new Promise((res) => setTimeout(res, 300));
      expect(r.adapter.stats().tokenMints).toBe(1);
      expect(lines.join('\n')).not.toContain('definitely-not-the-secret-123');
    } finally {
      remove();
    }
  });

  it('a key without the market-data scope → 403 at the upgrade → down naming the missing permission', async () => {
    r = await rig({}, { scopes: ['exchange:read_order', 'exchange:write_order'] });
    await expect(r.adapter.connect()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(r.statuses.at(-1)).toMatchObject({
      state: 'down',
      reason: expect.stringMatching(
        /lacks the market-data permission exchange:read_aggregated_marketdata_stream/,
      ),
    });
    expect(r.adapter.stats().tokenMints).toBe(1);
  });

  it('invalid options are refused with a clear error that does not echo the secret', () => {
    const sink = new EngineSink();
    expect(() =>
      createPaxosAdapter({
        wsUrl: 'http://x',
        oauthUrl: 'ftp://y',
        restUrl: 'http://127.0.0.1/v2',
        clientId: 'a',
        clientSecret: 'sekret-value-1',
        sink,
      }),
    ).toThrow(/wsUrl must be a ws: or wss: URL/);
    expect(() =>
      createPaxosAdapter({
        wsUrl: 'ws://x',
        oauthUrl: 'ftp://y',
        restUrl: 'http://127.0.0.1/v2',
        clientId: 'a',
        clientSecret: 'sekret-value-1',
        sink,
      }),
    ).toThrow(/oauthUrl must be a http: or https: URL/);
    let message = '';
    try {
      createPaxosAdapter({
        endpoints: { ws: 'ws://a', oauthToken: 'http://b', rest: 'http://c' },
        clientId: '',
        clientSecret: 'sekret-value-1',
        sink,
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/clientId is required/);
    expect(message).not.toContain('sekret-value-1');
  });

  it('token expiry closes the socket; the adapter re-mints, reconnects and rebuilds the book', async () => {
    r = await rig();
    await liveWith(r, ['BTCUSD']);
    r.sim.faults.expireTokens();
    await waitFor(() => r!.adapter.stats().tokenMints >= 2, 5000, 're-mint');
    r.gen.step(30);
    await waitFor(() => lastState(r!) === 'live', 5000, 'live again');
    await booksMatch(r, ['BTCUSD']);
    expect(r.statuses.some((s) => s.state === 'reconnecting' && /re-authorising/.test(s.reason ?? ''))).toBe(
      true,
    );
  });

  it('revoked token: socket and REST both recover with a fresh token', async () => {
    r = await rig();
    await liveWith(r, ['ETHUSD']);
    r.sim.faults.revokeTokens();
    r.gen.step(20);
    await waitFor(() => r!.adapter.stats().reconnects >= 1 && lastState(r!) === 'live', 5000, 'recovered');
    await booksMatch(r, ['ETHUSD']);
    const open = await r.adapter.openOrders();
    expect(open).toEqual([]);
  });

  it('a 401 on REST re-mints once and retries (socket kept, as with the keep-on-expiry policy)', async () => {
    r = await rig({ tokenExpiryPolicy: 'keep' });
    await liveWith(r, ['BTCUSD']);
    r.sim.faults.revokeTokens();
    expect(await r.adapter.openOrders()).toEqual([]);
    expect(r.adapter.stats().tokenMints).toBe(2);
    expect(lastState(r)).toBe('live');
  });

  it('renews the token before it runs out (80 % of expires_in)', async () => {
    r = await rig({ tokenTtlSeconds: 1, tokenExpiryPolicy: 'keep' }, { timing: { minTokenRenewMs: 100 } });
    await liveWith(r, ['BTCUSD']);
    await waitFor(() => r!.adapter.stats().tokenMints >= 3, 5000, 'two renewals');
    expect(await r.adapter.openOrders()).toEqual([]);
    expect(r.adapter.stats().tokenFailures).toBe(0);
  });
});
