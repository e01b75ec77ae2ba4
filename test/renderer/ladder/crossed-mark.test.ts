// @vitest-environment happy-dom
// A crossed or locked book is marked on the ladder while it lasts: the engine's per-venue masks
// (a venue's own book) become one mark in the header, CROSSED or LOCKED, naming the venue on a
// consolidated ladder; a cross between venues turns the spread red without a mark.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentInfo } from '../../../shared/contract';
import { crossMark } from '../../../renderer/src/ladder/ladder-summary';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';
import { QUOTE_INTERVAL_MS } from '../../../renderer/src/ladder/use-ladder-header';

const BTC_ALL: InstrumentInfo = {
  ...BTC_PAXOS,
  id: 'BTC-USD',
  label: 'BTC-USD · consolidated',
  ref: { canonical: 'BTC-USD' },
  venues: ['paxos', 'alor'],
};

describe('crossMark', () => {
  const none = { crossed: [], locked: [], best: null };
  it('is null while no book is crossed or locked', () => {
    expect(crossMark(none, false)).toBeNull();
    expect(crossMark(none, true)).toBeNull();
  });

  it('says the state on a single-venue ladder and names venues on a consolidated one', () => {
    expect(crossMark({ ...none, crossed: ['paxos'], best: 'crossed' }, false)?.label).toBe('CROSSED');
    expect(crossMark({ ...none, locked: ['alor'], best: 'locked' }, false)?.label).toBe('LOCKED');
    expect(crossMark({ crossed: ['paxos'], locked: ['alor'], best: 'crossed' }, true)?.label).toBe(
      'CROSSED Paxos · LOCKED ALOR',
    );
    // Between venues: no mark (it comes and goes with each arbitrage).
    expect(crossMark({ ...none, best: 'crossed' }, true)).toBeNull();
    expect(crossMark({ ...none, crossed: ['paxos'] }, false)?.title).toMatch(/Best bid at or above best ask/);
  });
});

describe('ladder window', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS, BTC_ALL] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('shows CROSSED in the header while the engine marks a venue crossed, and drops it after', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'BTC-USD' }, api);
    await settle();
    const mark = () => w.find('[data-testid="ladder-crossed"]');
    const show = async (frame: Parameters<typeof frameBuffer>[0]) => {
      api.push('market.ladder', frameBuffer({ venues: ['paxos', 'alor'], ...frame }));
      raf.flush();
      await settle();
    };
    await show({ bestBid: 10_005, bestAsk: 10_008 });
    expect(mark().exists()).toBe(false);
    await show({ bestBid: 10_009, bestAsk: 10_004, crossedMask: 0b01 });
    expect(mark().text()).toBe('CROSSED Paxos');
    expect(mark().attributes('role')).toBe('status');
    expect(w.get('[data-testid="ladder-spread"]').text()).toBe('Spread -0.05');
    await show({ bestBid: 10_006, bestAsk: 10_006, lockedMask: 0b10 });
    expect(mark().text()).toBe('LOCKED ALOR');
    await show({ bestBid: 10_005, bestAsk: 10_008 });
    expect(mark().exists()).toBe(false);
    expect(w.get('[data-testid="ladder-spread"]').classes()).not.toContain('crossed');
    // One venue's bid above another's ask: the spread is red, the header does not change shape.
    await show({ bestBid: 10_009, bestAsk: 10_004 });
    // That colour goes with the spread, at the header's quote rate (use-ladder-header.ts).
    await new Promise((r) => setTimeout(r, QUOTE_INTERVAL_MS));
    await settle();
    expect(mark().exists()).toBe(false);
    expect(w.get('[data-testid="ladder-spread"]').classes()).toContain('crossed');
  });

  it('marks a locked single-venue ladder LOCKED', async () => {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    api.push('market.ladder', frameBuffer({ bestBid: 10_006, bestAsk: 10_006, lockedMask: 0b1 }));
    raf.flush();
    await settle();
    expect(w.get('[data-testid="ladder-crossed"]').text()).toBe('LOCKED');
  });
});
