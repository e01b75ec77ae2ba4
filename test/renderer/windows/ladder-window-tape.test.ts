// @vitest-environment happy-dom
// Time and sales beside the ladder: toggled and saved with the ladder's settings, this
// instrument's prints only, newest first, with 24-hour millisecond times, coloured by aggressor,
// and prints at or above the trader's threshold highlighted.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MarketTrade } from '../../../shared/contract';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';

function print(over: Partial<MarketTrade>): MarketTrade {
  return {
    venue: 'paxos',
    market: 'BTCUSD',
    canonical: 'BTC-USD',
    price: '100.05',
    size: '0.5',
    side: 'buy',
    time: new Date(2026, 0, 2, 21, 4, 5, 7).getTime(),
    ...over,
  };
}

describe('time and sales', () => {
  let api: FakeApi;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('shows this instrument’s prints when toggled on, and highlights large ones', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    expect(w.find('[data-testid="time-and-sales"]').exists()).toBe(false);
    expect(api.subscribed('market.trades')).toBe(false);

    await w.get('[data-testid="ladder-tape-toggle"]').setValue(true);
    await settle();
    const sub = api.subs.find((s) => s.stream === 'market.trades');
    expect(sub?.params).toEqual({ canonical: 'BTC-USD' });
    api.push('market.trades', {
      trades: [
        print({ price: '100.050' }),
        print({ venue: 'finery', market: 'BTC-USD', price: '100.07' }),
        print({
          price: '100.04',
          size: '2',
          side: 'sell',
          time: new Date(2026, 0, 2, 9, 0, 0, 120).getTime(),
        }),
      ],
    });
    await settle();
    const rows = w.findAll('[data-testid="print"]');
    // Newest first; the Finery print is another venue's market, not this ladder's.
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['09:00:00.120', '100.04', '2.0', 'S', 'Pax'],
      ['21:04:05.007', '100.05', '0.5', 'B', 'Pax'],
    ]);
    expect(rows[0]!.classes()).toContain('sell');
    expect(rows[1]!.classes()).toContain('buy');
    expect(rows.some((r) => r.classes().includes('large'))).toBe(false);

    await w.get('[data-testid="large-print"]').setValue('1');
    await settle();
    const large = w.findAll('[data-testid="print"]').map((r) => r.classes().includes('large'));
    expect(large).toEqual([true, false]);

    // Saved with the window's ladder settings.
    const saved = JSON.stringify({ ...sessionStorage, ...localStorage });
    expect(saved).toContain('\\"tape\\":true');
    expect(saved).toContain('\\"largePrint\\":\\"1\\"');

    await w.get('[data-testid="ladder-tape-toggle"]').setValue(false);
    await settle();
    expect(api.subscribed('market.trades')).toBe(false);
  });
});
