// @vitest-environment happy-dom
// A busy book changes the spread and last trade in nearly every frame. The tile (and a board of
// tiles) must not re-render for that; the header's spread and last trade follow at a bounded rate
// and still show the newest frame's values within QUOTE_INTERVAL_MS. Feed and crossed marks, which
// change rarely, show with the frame that brings them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick, type ComponentPublicInstance } from 'vue';
import type { VueWrapper } from '@vue/test-utils';
import FeedStateBanner from '../../../renderer/src/ladder/FeedStateBanner.vue';
import LadderHeader from '../../../renderer/src/ladder/LadderHeader.vue';
import LadderTile from '../../../renderer/src/ladder/LadderTile.vue';
import { QUOTE_INTERVAL_MS } from '../../../renderer/src/ladder/use-ladder-header';
import BoardWindow from '../../../renderer/src/windows/BoardWindow.vue';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import type { InstrumentInfo } from '../../../shared/contract';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';

const ETH_PAXOS: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'paxos:ETHUSD',
  label: 'ETH-USD · Paxos',
  ref: { venue: 'paxos', market: 'ETHUSD' },
  canonical: 'ETH-USD',
};
const BTC_ALL: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'BTC-USD',
  label: 'BTC-USD · consolidated',
  ref: { canonical: 'BTC-USD' },
  venues: ['paxos', 'finery'],
};

/** Counts the renders of a mounted component from now on. */
function renders(c: VueWrapper<ComponentPublicInstance>): () => number {
  const inst = c.vm.$ as unknown as { render: (...a: unknown[]) => unknown };
  const render = inst.render;
  let n = 0;
  inst.render = function (this: unknown, ...a: unknown[]) {
    n++;
    return render.apply(this, a);
  };
  return () => n;
}

const FRAMES = 30;
/** Real time past the first frame's header write, before a test takes over the timers. */
const cooled = () => new Promise((r) => setTimeout(r, QUOTE_INTERVAL_MS + 20));

describe('header spread and last trade under a busy book', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS, ETH_PAXOS, BTC_ALL] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  const ladderSubs = () => api.subs.filter((s) => s.stream === 'market.ladder');
  /** One display frame with a new spread and last trade on every ladder (frame i). */
  async function busyFrame(i: number, extra: Parameters<typeof frameBuffer>[0] = {}) {
    for (const s of ladderSubs())
      s.handler(
        frameBuffer({
          seq: i + 1,
          bestBid: 10_005,
          bestAsk: 10_006 + (i % 7),
          lastTrade: { price: 10_005, size: 100 + i, time: i, venue: 0 },
          ...extra,
        }),
      );
    raf.flush(i * 16);
    await nextTick();
  }

  it('does not re-render the window or tile per frame, and shows the newest spread within the bound', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    await busyFrame(0);
    await cooled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const tileRenders = renders(w.findComponent(LadderTile));
    const headerRenders = renders(w.findComponent(LadderHeader));
    // 30 display frames in half a second: at most one header write per interval (and the first).
    for (let i = 1; i <= FRAMES; i++) {
      await busyFrame(i);
      vi.advanceTimersByTime(16);
      await nextTick();
    }
    expect(tileRenders()).toBe(0);
    expect(headerRenders()).toBeLessThanOrEqual(Math.ceil((FRAMES * 16) / QUOTE_INTERVAL_MS) + 1);
    expect(headerRenders()).toBeGreaterThan(0);
    // Within the bound the header catches up with the newest frame.
    vi.advanceTimersByTime(QUOTE_INTERVAL_MS);
    await nextTick();
    const spread = (10_006 + (FRAMES % 7) - 10_005) / 100;
    expect(w.get('[data-testid="ladder-spread"]').text()).toBe(`Spread ${spread.toFixed(2)}`);
    expect(w.get('[data-testid="ladder-last"]').text()).toBe(`Last 100.05 × ${(100 + FRAMES) / 1000}`);
  });

  it('shows a down feed and a crossed book with the frame that brings them, with that frame’s spread', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    await busyFrame(0);
    await cooled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await busyFrame(1);
    await busyFrame(2, { bestBid: 10_009, bestAsk: 10_004, downMask: 0b1 });
    expect(w.get('[data-testid="ladder-spread"]').text()).toBe('Spread -0.05');
    expect(w.get('[data-testid="ladder-spread"]').classes()).toContain('crossed');
    expect(w.get('[data-testid="ladder-feed-paxos"]').text()).toMatch(/down$/);
  });

  it('colours the spread of a consolidated book crossed between venues at the quote rate, not per frame', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'BTC-USD' }, api);
    await settle();
    const venues = ['paxos', 'finery'];
    await busyFrame(0, { venues });
    await cooled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const tileRenders = renders(w.findComponent(LadderTile));
    const headerRenders = renders(w.findComponent(LadderHeader));
    // One venue's bid above the other's ask in every other frame: an arbitrage coming and going.
    for (let i = 1; i <= FRAMES; i++) {
      await busyFrame(i, i % 2 ? { venues, bestBid: 10_009, bestAsk: 10_004 } : { venues });
      vi.advanceTimersByTime(16);
      await nextTick();
    }
    expect(tileRenders()).toBe(0);
    expect(headerRenders()).toBeLessThanOrEqual(Math.ceil((FRAMES * 16) / QUOTE_INTERVAL_MS) + 1);
    await busyFrame(FRAMES + 1, { venues, bestBid: 10_009, bestAsk: 10_004 });
    vi.advanceTimersByTime(QUOTE_INTERVAL_MS);
    await nextTick();
    const spread = w.get('[data-testid="ladder-spread"]');
    expect(spread.text()).toBe('Spread -0.05');
    expect(spread.classes()).toContain('crossed');
    expect(w.find('[data-testid="ladder-crossed"]').exists()).toBe(false);
  });

  it('re-renders only the header, not the tile, for venue feed figures and positions', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    await busyFrame(0);
    await settle();
    const tileRenders = renders(w.findComponent(LadderTile));
    const headerRenders = renders(w.findComponent(LadderHeader));
    // The core sends each venue's message rate and age about every second, positions every second.
    for (let i = 1; i <= 5; i++) {
      api.push('venues.status', {
        venues: [
          { venue: 'paxos', state: 'live', since: '', messagesPerSecond: 100 + i, lastMessageAgeMs: i },
        ],
      });
      api.push('positions', {
        positions: [
          {
            venue: 'paxos',
            market: 'BTCUSD',
            canonical: 'BTC-USD',
            position: '1',
            averagePrice: '100',
            realizedPnl: '0',
            unrealizedPnl: String(i),
          },
        ],
      });
      await settle();
    }
    expect(tileRenders()).toBe(0);
    expect(headerRenders()).toBeGreaterThan(0);
    expect(w.get('[data-testid="ladder-pnl"]').text()).toBe('P&L 5');
    expect(w.get('[data-testid="ladder-feed-paxos"]').text()).toMatch(/live$/);
  });

  it('does not re-render the header or feed banner for feed figures they do not show', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    const status = (i: number) =>
      api.push('venues.status', {
        venues: [
          { venue: 'paxos', state: 'stale', since: '', messagesPerSecond: 100 + i, lastMessageAgeMs: i },
        ],
      });
    status(0);
    await busyFrame(0);
    await settle();
    expect(w.get('[data-testid="feed-state-paxos"]').text()).toMatch(/STALE/);
    const headerRenders = renders(w.findComponent(LadderHeader));
    const bannerRenders = renders(w.findComponent(FeedStateBanner));
    for (let i = 1; i <= 5; i++) {
      status(i);
      await settle();
    }
    expect([headerRenders(), bannerRenders()]).toEqual([0, 0]);
    api.push('venues.status', { venues: [{ venue: 'paxos', state: 'down', since: '', reason: 'gone' }] });
    await settle();
    expect(w.get('[data-testid="feed-state-paxos"]').text()).toMatch(/DOWN/);
    expect(w.get('[data-testid="ladder-feed-paxos"]').text()).toMatch(/down$/);
  });

  it('does not re-render the board or its tiles per frame', async () => {
    const { wrapper: w } = mountWindow(BoardWindow, { instruments: 'paxos:BTCUSD,paxos:ETHUSD' }, api);
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    await settle();
    await busyFrame(0);
    await cooled();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const boardRenders = renders(w);
    const tiles = w.findAllComponents(LadderTile).map(renders);
    expect(tiles).toHaveLength(2);
    for (let i = 1; i <= FRAMES; i++) {
      await busyFrame(i);
      vi.advanceTimersByTime(16);
      await nextTick();
    }
    expect(boardRenders()).toBe(0);
    expect(tiles.map((n) => n())).toEqual([0, 0]);
    expect(w.findAll('[data-testid="ladder-spread"]').map((s) => s.text())).toHaveLength(2);
  });
});
