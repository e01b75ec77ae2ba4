// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { markArmed } from '../../../renderer/src/risk/window-arming';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { manualRaf, mountWindow, settle, BTC_PAXOS } from '../support/mount';
import { order } from '../support/orders-fixtures';

describe('LadderWindow arming', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('ladder.pace', () => ({}))
      .on('orders.place', (p) => ({ status: 'accepted', order: order({ side: p.side, price: p.price }) }))
      .on('risk.arm', (p) => ({ armed: p.armed, killed: false }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function open(coreArmed = false) {
    const m = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD', slot: 'ladderhere' }, api);
    await settle();
    api.push('risk.events', { state: { armed: coreArmed, killed: false }, events: [] });
    api.push('market.ladder', frameBuffer({ rows: 20, top: 10_019, bestBid: 10_009, bestAsk: 10_010 }));
    raf.flush();
    await settle();
    return m.wrapper;
  }

  it('stays disarmed when another ladder arms the core, and says so', async () => {
    const w = await open(true);
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);
    expect(w.get('[data-testid="arm-toggle"]').attributes('aria-pressed')).toBe('false');
    expect(w.get('[data-testid="others-armed"]').text()).toMatch(/Another ladder is armed/);
    w.findComponent(LadderCanvas).vm.$emit('action', { kind: 'place', side: 'buy', price: 10_010 });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }));
    await settle();
    expect(api.callsTo('orders.place')).toEqual([]);
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/disarmed/);
  });

  it('arms only itself when the core is already armed', async () => {
    const w = await open(true);
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.arm')).toEqual([]);
    expect(w.get('[data-testid="armed-banner"]').text()).toMatch(/this ladder/);
    expect(w.find('[data-testid="others-armed"]').exists()).toBe(false);
  });

  it('Esc disarms this ladder and leaves the core armed while another ladder is armed', async () => {
    markArmed(localStorage, 'ladderother', true);
    const w = await open(true);
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);
    expect(api.callsTo('risk.arm')).toEqual([]);
  });

  it('disarming the last armed ladder disarms the core', async () => {
    const w = await open();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.arm')).toEqual([{ armed: true }, { armed: false }]);
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);
  });

  it('disarm all (button or Shift+Esc) disarms the core, and a core disarm reaches every ladder', async () => {
    const w = await open();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    await w.get('[data-testid="disarm-all"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.arm').at(-1)).toEqual({ armed: false });

    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', shiftKey: true }));
    await settle();
    expect(api.callsTo('risk.arm').at(-1)).toEqual({ armed: false });

    // Another window pulled "disarm all": the core says disarmed, and this ladder obeys for good.
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    await settle();
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);
    api.push('risk.events', { state: { armed: true, killed: false }, events: [] });
    await settle();
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);
  });
});
