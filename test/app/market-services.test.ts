import { describe, expect, it, vi } from 'vitest';
import { CrossbookCore } from '../../electron/base/crossbook-core';
import { registerMarketServices } from '../../electron/app/market-services';
import type { MarketDataService } from '../../electron/app/market-data';

const caller = { host: 'web' as const, client: 'test' };

describe('market services', () => {
  it('sends each venue market with its adapter capabilities, and none on consolidated ones', async () => {
    const instruments = [
      { id: 'alor:SBER', label: 'SBER', ref: { venue: 'alor', market: 'SBER' }, canonical: 'SBER' },
      { id: 'BTC-USD', label: 'BTC-USD', ref: { canonical: 'BTC-USD' }, canonical: 'BTC-USD' },
    ].map((i) => ({
      ...i,
      priceDecimals: 2,
      sizeDecimals: 0,
      tickSize: '0.01',
      lotSize: '1',
      venues: ['alor' as const],
    }));
    const marketData = { instruments: () => instruments } as unknown as MarketDataService;
    const core = new CrossbookCore();
    const caps = vi.fn(() => ({
      orderTypes: ['limit' as const],
      timeInForce: ['DAY' as const],
      postOnly: false,
      modify: true,
      cancelsOnDisconnect: false,
      cancelAll: true,
      defaultTimeInForce: 'DAY' as const,
    }));
    registerMarketServices(core, marketData, caps);
    const result = await core.invoke('markets.list', {}, caller);
    expect(result.ok).toBe(true);
    const list = (result as { result: { instruments: { id: string; capabilities?: object }[] } }).result
      .instruments;
    expect(list[0]!.capabilities).toEqual({
      orderTypes: ['limit'],
      timeInForce: ['DAY'],
      postOnly: false,
      modify: true,
      cancelsOnDisconnect: false,
      defaultTimeInForce: 'DAY',
    }); // cancelAll is not part of the contract: stripped on the way out
    expect(list[1]!.capabilities).toBeUndefined();
    expect(caps).toHaveBeenCalledWith('alor');
  });

  it('passes a window’s display timing to its own ladder view only, and refuses nonsense timing', async () => {
    const pace = vi.fn((owner: string, viewId: number) => owner === 'test' && viewId === 4);
    const core = new CrossbookCore();
    registerMarketServices(core, { pace } as unknown as MarketDataService, () => undefined);
    const ok = await core.invoke(
      'ladder.pace',
      { viewId: 4, slotAt: 1_763_700_000_000.5, intervalMs: 16.7 },
      caller,
    );
    expect(ok).toEqual({ ok: true, result: {} });
    expect(pace).toHaveBeenCalledWith('test', 4, 1_763_700_000_000.5, 16.7);
    const other = await core.invoke('ladder.pace', { viewId: 5, slotAt: 1, intervalMs: 16.7 }, caller);
    expect(other).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const bad of [
      { viewId: 4, slotAt: 1, intervalMs: 0 },
      { viewId: 4, slotAt: -5, intervalMs: 16 },
      { viewId: 4, slotAt: 1, intervalMs: 16, extra: true },
    ]) {
      const r = await core.invoke('ladder.pace', bad as never, caller);
      expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(pace).toHaveBeenCalledTimes(2);
  });
});
