// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';
import { registerWindow, saveWorkspace } from '../../../renderer/src/workspace/workspace-storage';

describe('LadderWindow', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}))
      .on('orders.place', (p) => ({ status: 'accepted', order: order({ side: p.side, price: p.price }) }))
      .on('risk.arm', (p) => ({ armed: p.armed, killed: false }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function open() {
    const m = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    await settle();
    return m.wrapper;
  }

  it('subscribes to the resolved instrument and paints at most once per display frame, from the latest buffer', async () => {
    const w = await open();
    const sub = api.subs.find((s) => s.stream === 'market.ladder');
    expect(sub?.params).toMatchObject({ instrument: { venue: 'paxos', market: 'BTCUSD' }, groupTicks: 1 });
    const canvas = w.findComponent(LadderCanvas);
    const frames = () => (canvas.emitted('frame') ?? []).map(([f]) => (f as { seq: number }).seq);
    raf.flush();
    // Nothing is painted outside an animation frame; a burst collapses to its newest frame.
    api.push('market.ladder', frameBuffer({ seq: 1 }));
    api.push('market.ladder', frameBuffer({ seq: 2 }));
    expect(frames()).toEqual([]);
    raf.flush();
    expect(frames()).toEqual([2]);
    api.push('market.ladder', frameBuffer({ seq: 3 }));
    raf.flush();
    expect(frames()).toEqual([2, 3]);
    for (let i = 0; i < 12; i++) raf.flush(); // nothing new: no further paint
    expect(frames()).toEqual([2, 3]);
  });

  it('keeps its centre when only the row count changes (the window grew or shrank under the pointer)', async () => {
    const w = await open();
    const params = () => api.subs.find((s) => s.stream === 'market.ladder')?.params as { center?: string };
    api.push('market.ladder', frameBuffer({ rows: 20, top: 10_019, center: 10_012 }));
    raf.flush();
    await settle();
    expect(params().center).toBeUndefined();
    w.findComponent(LadderCanvas).vm.$emit('rows', 23);
    await new Promise((r) => setTimeout(r, 200)); // resubscriptions wait for the size to settle
    expect(params()).toMatchObject({ rows: 23, center: '100.12' });
  });

  it('tells the engine when its animation frames come, so frames arrive just before a paint', async () => {
    await open();
    api.push('market.ladder', frameBuffer({ seq: 1, viewId: 42 }));
    for (let i = 0; i < 12; i++) raf.flush(1000 + i * 16);
    await settle();
    const [pace, ...more] = api.callsTo('ladder.pace') as {
      viewId: number;
      slotAt: number;
      intervalMs: number;
    }[];
    expect(more).toEqual([]);
    expect(pace).toMatchObject({ viewId: 42, intervalMs: 16 });
    // One interval after the last sampled frame, less the first lead (6 ms), on the wall clock.
    const lastSampled = performance.timeOrigin + 1000 + 8 * 16;
    expect(pace!.slotAt).toBeCloseTo(lastSampled + 16 - 6, 6);
  });

  it('sends no order on a ladder click while disarmed, and one when armed', async () => {
    const w = await open();
    api.push('market.ladder', frameBuffer({ rows: 20, top: 10_019 }));
    raf.flush();
    await settle();
    const canvas = w.findComponent(LadderCanvas);
    canvas.vm.$emit('action', { kind: 'place', side: 'buy', price: 10_010 });
    await settle();
    expect(api.callsTo('orders.place')).toHaveLength(0);
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/disarmed/);
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(false);

    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    expect(w.get('[data-testid="armed-banner"]').text()).toMatch(/ARMED/);
    expect(w.get('[data-testid="ladder-window"]').classes()).toContain('armed-frame');
    canvas.vm.$emit('action', { kind: 'place', side: 'buy', price: 10_010 });
    await settle();
    expect(api.callsTo('orders.place')).toEqual([
      expect.objectContaining({ side: 'buy', price: '100.1', oneClick: true, size: '1' }),
    ]);
  });

  it('arms through risk.arm and takes the armed state from the core', async () => {
    const w = await open();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.arm')).toEqual([{ armed: true }]);
    expect(w.find('[data-testid="armed-banner"]').exists()).toBe(true);
  });

  it('defers a recentre (hotkey) while the pointer is over the ladder and applies it on leave', async () => {
    const w = await open();
    api.push('market.ladder', frameBuffer({ viewId: 42 }));
    raf.flush();
    await settle();
    const canvas = w.findComponent(LadderCanvas);
    canvas.vm.$emit('hover', true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await settle();
    expect(api.callsTo('ladder.recenter')).toHaveLength(0);
    expect(w.get('[data-testid="recenter"]').text()).toMatch(/when pointer leaves/);
    canvas.vm.$emit('hover', false);
    await settle();
    expect(api.callsTo('ladder.recenter')).toEqual([{ viewId: 42, center: null }]);
  });

  it('asks no recentre of a view it closed by resubscribing, and recentres the new one', async () => {
    const w = await open();
    api.push('market.ladder', frameBuffer({ viewId: 42 }));
    raf.flush();
    await settle();
    const group = w.get('[data-testid="ladder-group"]');
    const current = (group.element as HTMLSelectElement).value;
    const other = group.findAll('option').find((o) => o.element.value !== current);
    await group.setValue(other!.element.value);
    await new Promise((r) => setTimeout(r, 200)); // the resubscribe waits out a burst of changes
    await settle();
    const sub = api.subs.find((s) => s.stream === 'market.ladder');
    expect(sub?.params).toMatchObject({ groupTicks: Number(other!.element.value) });
    // The newest frame is still view 42's until the new view paints: a recentre now is held back.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await settle();
    expect(api.callsTo('ladder.recenter')).toEqual([]);
    api.push('market.ladder', frameBuffer({ viewId: 43 }));
    raf.flush();
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ' ' }));
    await settle();
    expect(api.callsTo('ladder.recenter')).toEqual([{ viewId: 43, center: null }]);
  });

  it('auto-recentres when the inside leaves the middle rows, but not while hovered', async () => {
    const w = await open();
    await w.get('[data-testid="auto-recenter"]').setValue(true);
    const canvas = w.findComponent(LadderCanvas);
    canvas.vm.$emit('hover', true);
    api.push(
      'market.ladder',
      frameBuffer({ viewId: 9, rows: 20, top: 10_019, bestBid: 10_018, bestAsk: 10_019 }),
    );
    raf.flush();
    await settle();
    expect(api.callsTo('ladder.recenter')).toHaveLength(0);
    // Said over the ladder, not in the toolbar: nothing moves under the pointer.
    expect(w.get('[data-testid="ladder-notice"]').text()).toBe('Centre frozen (pointer over ladder)');
    canvas.vm.$emit('hover', false);
    await settle();
    expect(w.find('[data-testid="ladder-notice"]').exists()).toBe(false);
    expect(api.callsTo('ladder.recenter')).toEqual([{ viewId: 9, center: null }]);
  });

  it('switches quantity with presets and hotkeys, and buys at best with B when armed', async () => {
    const w = await open();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    api.push('market.ladder', frameBuffer({ rows: 20, top: 10_019, bestBid: 10_009, bestAsk: 10_010 }));
    raf.flush();
    await settle();
    await w.get('[data-testid="qty-preset-2"]').trigger('click');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b' }));
    await settle();
    expect(api.callsTo('orders.place')[0]).toMatchObject({ side: 'buy', price: '100.1', size: '10' });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2' }));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 's' }));
    await settle();
    expect(api.callsTo('orders.place')[1]).toMatchObject({ side: 'sell', price: '100.09', size: '5' });
  });

  it('restores its settings from the last workspace by slot id', async () => {
    registerWindow(localStorage, {
      id: 'ladderslot1',
      kind: 'ladder',
      params: { instrument: 'paxos:BTCUSD' },
      ladder: { groupTicks: 5, autoRecenter: true, quantityPresets: ['2', '4'], quantity: '4', rows: 30 },
    });
    saveWorkspace(localStorage, 'Desk');
    const m = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD', slot: 'ladderslot1' }, api);
    await settle();
    expect(api.subs.find((s) => s.stream === 'market.ladder')?.params).toMatchObject({
      groupTicks: 5,
      rows: 30,
    });
    expect((m.wrapper.get('[data-testid="auto-recenter"]').element as HTMLInputElement).checked).toBe(true);
    expect(m.wrapper.get('[data-testid="qty-preset-1"]').classes()).toContain('selected');
  });

  it('groups a new ladder’s rows to about half a basis point of the price, once', async () => {
    await open();
    const ladderParams = () => api.subs.find((x) => x.stream === 'market.ladder')?.params;
    // BTC at a cent a tick (price scale 2): 65,000.00 → 100 ticks ($1) a row.
    api.push(
      'market.ladder',
      frameBuffer({ rows: 20, top: 6_500_010, bestBid: 6_500_000, bestAsk: 6_500_001 }),
    );
    raf.flush();
    await new Promise((r) => setTimeout(r, 200)); // the resubscription waits for resizes to settle
    expect(ladderParams()).toMatchObject({ groupTicks: 100 });
    // Later frames do not regroup: the choice is made once.
    api.push(
      'market.ladder',
      frameBuffer({ rows: 20, top: 30_010, step: 100, bestBid: 30_000, bestAsk: 30_001 }),
    );
    raf.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(ladderParams()).toMatchObject({ groupTicks: 100 });
  });

  it('keeps one tick a row for a stock at a cent a tick, and a grouping the trader saved', async () => {
    await open();
    api.push('market.ladder', frameBuffer({ rows: 20, top: 30_010, bestBid: 30_000, bestAsk: 30_001 }));
    raf.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(api.subs.find((x) => x.stream === 'market.ladder')?.params).toMatchObject({ groupTicks: 1 });
    registerWindow(localStorage, {
      id: 'ladderslot2',
      kind: 'ladder',
      params: { instrument: 'paxos:BTCUSD' },
      ladder: { groupTicks: 2, autoRecenter: false, quantityPresets: ['1'], quantity: '1', rows: 30 },
    });
    saveWorkspace(localStorage, 'Desk');
    api.subs.splice(0);
    mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD', slot: 'ladderslot2' }, api);
    await settle();
    api.push(
      'market.ladder',
      frameBuffer({ rows: 20, top: 6_500_010, bestBid: 6_500_000, bestAsk: 6_500_001 }),
    );
    raf.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(api.subs.filter((x) => x.stream === 'market.ladder').map((x) => x.params)).toEqual([
      expect.objectContaining({ groupTicks: 2 }),
    ]);
  });

  it('says plainly when the instrument is unknown', async () => {
    const m = mountWindow(LadderWindow, { instrument: 'nope:XYZ' }, api);
    await settle();
    expect(m.wrapper.text()).toMatch(/not an instrument this profile offers/);
  });
});
