// @vitest-environment happy-dom
// The ladder header answers "where am I": position and average, open P&L, working orders, spread,
// last trade and each venue's feed; a consolidated ladder gets a legend for its venue colours.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentInfo, PositionView } from '../../../shared/contract';
import { VENUE_COLORS } from '../../../renderer/src/ladder/draw';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';

const BTC_FINERY: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'finery:BTC-USD',
  label: 'BTC-USD · Finery',
  ref: { venue: 'finery', market: 'BTC-USD' },
  venues: ['finery'],
};
const BTC_ALL: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'BTC-USD',
  label: 'BTC-USD · consolidated',
  ref: { canonical: 'BTC-USD' },
  venues: ['paxos', 'finery'],
};

function position(over: Partial<PositionView>): PositionView {
  return { venue: 'paxos', market: 'BTCUSD', canonical: 'BTC-USD', position: '0', realizedPnl: '0', ...over };
}

describe('ladder header', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS, BTC_FINERY, BTC_ALL] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('sums a consolidated position, weights its average, counts working orders and shows the feeds', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'BTC-USD' }, api);
    await settle();
    api.push('positions', {
      positions: [
        position({ position: '1', averagePrice: '100', unrealizedPnl: '2.5' }),
        position({
          venue: 'finery',
          market: 'BTC-USD',
          position: '3',
          averagePrice: '104',
          unrealizedPnl: '-1',
        }),
        position({ canonical: 'ETH-USD', market: 'ETHUSD', position: '9', averagePrice: '1' }),
      ],
    });
    api.push('orders', {
      working: [
        order(),
        order({ venue: 'finery', market: 'BTC-USD', status: 'modify_pending' }),
        order({ canonical: 'ETH-USD', market: 'ETHUSD' }),
      ],
      recent: [],
      parents: [],
    });
    api.push('venues.status', {
      venues: [
        { venue: 'paxos', state: 'live', since: '' },
        { venue: 'finery', state: 'down', since: '', reason: 'no route' },
      ],
    });
    api.push(
      'market.ladder',
      frameBuffer({
        venues: ['paxos', 'finery'],
        bestBid: 10_005,
        bestAsk: 10_008,
        lastTrade: { price: 10_006, size: 250, time: 1, venue: 1 },
      }),
    );
    raf.flush();
    await settle();
    const text = (id: string) => w.get(`[data-testid="${id}"]`).text();
    expect(text('ladder-position')).toBe('Pos 4 @ 103');
    expect(text('ladder-pnl')).toBe('P&L 1.5');
    expect(text('ladder-working')).toBe('Working 2');
    expect(text('ladder-spread')).toBe('Spread 0.03');
    expect(text('ladder-last')).toBe('Last 100.06 × 0.25 Finery Markets');
    expect(text('ladder-feed-paxos')).toMatch(/live$/);
    expect(text('ladder-feed-finery')).toMatch(/down$/);
    // The legend's colours are the ones the venue strips are drawn in, in the frame's order.
    const swatch = (v: string) => w.get(`[data-testid="ladder-legend-${v}"]`).attributes('style');
    expect(swatch('paxos')).toContain(VENUE_COLORS[0]!);
    expect(swatch('finery')).toContain(VENUE_COLORS[1]!);
  });

  it('has no venue legend on a single-venue ladder, and says flat when there is no position', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    api.push('market.ladder', frameBuffer({ bestBid: 10_005 }));
    raf.flush();
    await settle();
    expect(w.get('[data-testid="ladder-position"]').text()).toBe('Pos 0');
    expect(w.get('[data-testid="ladder-spread"]').text()).toBe('Spread —');
    expect(w.find('[data-testid="ladder-legend-paxos"]').exists()).toBe(false);
  });
});
