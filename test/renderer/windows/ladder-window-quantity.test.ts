// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstrumentInfo } from '../../../shared/contract';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';

const BTC: InstrumentInfo = { ...BTC_PAXOS, lotSize: '0.00000001', sizeDecimals: 8 };
const SBER: InstrumentInfo = {
  id: 'alor:SBER',
  label: 'SBER · ALOR',
  ref: { venue: 'alor', market: 'SBER' },
  canonical: 'SBER',
  priceDecimals: 2,
  sizeDecimals: 0,
  tickSize: '0.01',
  lotSize: '1',
  venues: ['alor'],
};
// 65 000.00 and 300.00 at price scale 2.
const BTC_BOOK = { rows: 20, top: 6_500_010, bestBid: 6_500_000, bestAsk: 6_500_001 };
const SBER_BOOK = { rows: 20, top: 30_010, bestBid: 30_000, bestAsk: 30_001 };

describe('LadderWindow quantity and status line', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC, SBER] }))
      .on('ladder.pace', () => ({}))
      .on('risk.arm', (p) => ({ armed: p.armed, killed: false }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function open(instrument: string, book: Parameters<typeof frameBuffer>[0], slot: string) {
    const m = mountWindow(LadderWindow, { instrument, slot }, api);
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    api.push('market.ladder', frameBuffer(book));
    raf.flush();
    await settle();
    return m.wrapper;
  }
  const presets = (w: Awaited<ReturnType<typeof open>>) =>
    w.findAll('[data-testid^="qty-preset-"]').map((b) => b.text());

  it('sizes the presets to the instrument, in its units, and shows no debug view label', async () => {
    const btc = await open('paxos:BTCUSD', BTC_BOOK, 'ladderbtc');
    expect(presets(btc)).toEqual(['0.01', '0.05', '0.1', '0.25']);
    expect(btc.get('[data-testid="ladder-unit"]').text()).toBe('(BTC)');
    expect((btc.get('[data-testid="ladder-quantity"]').element as HTMLInputElement).value).toBe('0.01');
    expect(btc.get('header').text()).not.toMatch(/view \d/);
    btc.unmount();

    const sber = await open('alor:SBER', SBER_BOOK, 'laddersber');
    expect(presets(sber)).toEqual(['1', '5', '10', '25']);
    expect(sber.get('[data-testid="ladder-unit"]').text()).toBe('(lots)');
  });

  it('remembers presets the trader edits for the next ladder on that instrument only', async () => {
    const first = await open('paxos:BTCUSD', BTC_BOOK, 'ladderone');
    await first.get('[data-testid="qty-presets-edit"]').trigger('click');
    await first.get('[data-testid="qty-preset-edit-1"]').setValue('0.02');
    await settle();
    first.unmount();

    const again = await open('paxos:BTCUSD', BTC_BOOK, 'laddertwo');
    expect(presets(again)).toEqual(['0.01', '0.02', '0.1', '0.25']);
    again.unmount();
    const other = await open('alor:SBER', SBER_BOOK, 'ladderthree');
    expect(presets(other)).toEqual(['1', '5', '10', '25']);
  });

  it('clears an error line once the state that caused it is gone', async () => {
    const w = await open('paxos:BTCUSD', BTC_BOOK, 'ladderbtc');
    w.findComponent(LadderCanvas).vm.$emit('action', { kind: 'place', side: 'buy', price: 6_500_000 });
    await settle();
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/disarmed/);
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    expect(w.find('[data-testid="ladder-status"]').exists()).toBe(false);
  });
});
