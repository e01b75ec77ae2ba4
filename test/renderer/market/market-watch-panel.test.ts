// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MarketWatchRow } from '../../../shared/contract';
import MarketWatchPanel from '../../../renderer/src/market/MarketWatchPanel.vue';
import { useMarketWatchStore } from '../../../renderer/src/market/market-watch-store';
import { loadColumns } from '../../../renderer/src/market/market-watch-columns';
import { FakeApi } from '../support/fake-api';
import { mountWith, settle } from '../support/mount';
import { defineComponent, h, onMounted } from 'vue';
import { useApi } from '../../../renderer/src/api/inject';

const row = (id: string, over: Partial<MarketWatchRow> = {}): MarketWatchRow => ({
  id,
  canonical: 'BTC-USD',
  venue: 'paxos',
  market: id.split(':')[1] ?? id,
  consolidated: false,
  priceDecimals: 2,
  sizeDecimals: 3,
  bid: '100.1',
  ask: '100.3',
  bidSize: '0.25',
  askSize: null,
  spread: '0.2',
  last: '100.2',
  change: '0.5',
  volume: '1.5',
  state: 'live',
  feeds: [{ venue: 'paxos', state: 'live' }],
  ...over,
});

/** The panel as the main window uses it: fed by the store from the market.watch stream. */
const Host = defineComponent({
  emits: ['open', 'tape'],
  setup(_p, { emit }) {
    const store = useMarketWatchStore();
    const api = useApi();
    onMounted(() => store.start(api));
    return () =>
      h(MarketWatchPanel, {
        rows: store.rows,
        error: store.error,
        onOpen: (kind: string, id: string) => emit('open', kind, id),
        onTape: (canonical: string) => emit('tape', canonical),
      });
  },
});

function cells(wrapper: ReturnType<typeof mountWith>['wrapper'], id: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const td of wrapper.get(`[data-testid="watch-row-${id}"]`).findAll('td'))
    out[td.attributes('data-col')!] = td.text();
  return out;
}

describe('MarketWatchPanel', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows live prices at the instrument decimals and flashes the ones that moved', async () => {
    vi.useFakeTimers();
    const api = new FakeApi();
    const { wrapper } = mountWith(Host, {}, api);
    await vi.advanceTimersByTimeAsync(0);
    expect(api.subscribed('market.watch')).toBe(true);
    api.push('market.watch', { rows: [row('paxos:BTCUSD')], at: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(cells(wrapper, 'paxos:BTCUSD')).toMatchObject({
      bid: '100.10',
      ask: '100.30',
      bidSize: '0.250',
      askSize: '–',
      last: '100.20',
      change: '+0.50',
      volume: '1.500',
      feed: 'Paxos live',
    });
    api.push('market.watch', { rows: [row('paxos:BTCUSD', { bid: '100.15', last: '100.05' })], at: 2 });
    await vi.advanceTimersByTimeAsync(0);
    const r = wrapper.get('[data-testid="watch-row-paxos:BTCUSD"]');
    expect(r.get('[data-col="bid"]').classes()).toContain('flash-up');
    expect(r.get('[data-col="last"]').classes()).toContain('flash-down');
    expect(r.get('[data-col="ask"]').classes()).not.toContain('flash-up');
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.get('[data-col="bid"]').classes()).not.toContain('flash-up');
  });

  it('shows a down venue as dashes and a stale one as not current', async () => {
    const api = new FakeApi();
    const { wrapper } = mountWith(Host, {}, api);
    await settle();
    api.push('market.watch', {
      rows: [
        row('finery:BTC-USD', {
          venue: 'finery',
          bid: null,
          ask: null,
          spread: null,
          state: 'down',
          feeds: [{ venue: 'finery', state: 'down' }],
        }),
        row('paxos:BTCUSD', { state: 'stale', feeds: [{ venue: 'paxos', state: 'stale' }] }),
      ],
      at: 1,
    });
    await settle();
    expect(cells(wrapper, 'finery:BTC-USD')).toMatchObject({
      bid: '–',
      ask: '–',
      spread: '–',
      feed: 'Finery Markets down',
    });
    const stale = wrapper.get('[data-testid="watch-row-paxos:BTCUSD"]');
    expect(stale.classes()).toContain('feed-stale');
    expect(stale.attributes('title')).toMatch(/not current/);
  });

  it('sorts by a column exactly, filters, and opens the ladder, ticket or time and sales of a row', async () => {
    const api = new FakeApi();
    const { wrapper } = mountWith(Host, {}, api);
    await settle();
    api.push('market.watch', {
      rows: [
        row('paxos:BTCUSD', { bid: '99.9' }),
        row('finery:BTC-USD', { venue: 'finery', bid: '100.05' }),
        row('alor:SBER', { venue: 'alor', canonical: 'SBER', bid: '250' }),
      ],
      at: 1,
    });
    await settle();
    const order = () => wrapper.findAll('tbody tr').map((t) => t.attributes('data-testid')!.slice(10));
    await wrapper.get('[data-testid="watch-head-bid"]').trigger('click');
    expect(order()).toEqual(['paxos:BTCUSD', 'finery:BTC-USD', 'alor:SBER']);
    await wrapper.get('[data-testid="watch-head-bid"]').trigger('click');
    expect(order()).toEqual(['alor:SBER', 'finery:BTC-USD', 'paxos:BTCUSD']);
    await wrapper.get('[data-testid="watch-filter"]').setValue('btc finery');
    expect(order()).toEqual(['finery:BTC-USD']);
    expect(wrapper.get('[data-testid="watch-count"]').text()).toBe('1 of 3');
    const r = wrapper.get('[data-testid="watch-row-finery:BTC-USD"]');
    await r.trigger('dblclick');
    await r.trigger('keydown', { key: 't' });
    await r.trigger('keydown', { key: 's' });
    expect(wrapper.emitted('tape')).toEqual([['BTC-USD']]);
    expect(wrapper.emitted('open')).toEqual([
      ['ladder', 'finery:BTC-USD'],
      ['ticket', 'finery:BTC-USD'],
    ]);
  });

  it('remembers the columns the trader chose and their order', async () => {
    const api = new FakeApi();
    const { wrapper } = mountWith(Host, {}, api);
    await settle();
    api.push('market.watch', { rows: [row('paxos:BTCUSD')], at: 1 });
    await settle();
    await wrapper.get('[data-testid="watch-columns"]').trigger('click');
    await wrapper.get('[data-testid="watch-col-volume"]').setValue(false);
    await wrapper.get('[data-testid="watch-col-instrument-later"]').trigger('click');
    await settle();
    const heads = wrapper.findAll('thead th').map((t) => t.attributes('data-testid'));
    expect(heads.slice(0, 2)).toEqual(['watch-head-venue', 'watch-head-instrument']);
    expect(heads).not.toContain('watch-head-volume');
    const saved = loadColumns();
    expect(saved.slice(0, 2).map((c) => c.id)).toEqual(['venue', 'instrument']);
    expect(saved.find((c) => c.id === 'volume')!.visible).toBe(false);
    wrapper.unmount();
    const again = mountWith(Host, {}, api).wrapper;
    await settle();
    api.push('market.watch', { rows: [row('paxos:BTCUSD')], at: 2 });
    await settle();
    expect(again.findAll('thead th').map((t) => t.attributes('data-testid'))[0]).toBe('watch-head-venue');
  });
});
