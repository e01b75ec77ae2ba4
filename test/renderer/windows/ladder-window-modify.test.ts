// @vitest-environment happy-dom
// Changing our orders from the ladder: the keyboard moves and resizes the selected order, a click
// cancels, a drag moves; each shows as pending (status line and a dimmed block) until the venue
// confirms through the orders stream.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderView } from '../../../shared/contract';
import { decodeLadderFrame } from '../../../shared/ladder-frame';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import type { OwnMarks } from '../../../renderer/src/ladder/draw';
import LadderWindow from '../../../renderer/src/windows/LadderWindow.vue';
import { FakeApi } from '../support/fake-api';
import { frameBuffer } from '../support/frames';
import { BTC_PAXOS, manualRaf, mountWindow, settle } from '../support/mount';
import { order } from '../support/orders-fixtures';

// Rows 0..19 price 100.19 down to 100.00; our bid at 100.05 sits in row 14.
const FRAME = { rows: 20, top: 10_019, bestBid: 10_009, bestAsk: 10_010, ownBid: { 14: 1000 } };

describe('modifying our orders from the ladder', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;
  let answer: (() => void)[];
  const mine = order({ price: '100.05', size: '1' });

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    answer = [];
    const later = (o: OrderView) =>
      new Promise<{ order: OrderView }>((resolve) => answer.push(() => resolve({ order: o })));
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('ladder.recenter', () => ({}))
      .on('ladder.pace', () => ({}))
      .on('risk.arm', (p) => ({ armed: p.armed, killed: false }))
      .on('orders.modify', () => later({ ...mine, status: 'modify_pending' }))
      .on('orders.cancel', () => later({ ...mine, status: 'cancel_pending' }))
      .on('orders.audit', (p) => ({
        clientOrderId: p.clientOrderId,
        events: [
          { seq: 0, at: 1_700_000_000_000, kind: 'place', summary: 'Placed: buy limit', record: '{}' },
        ],
      }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function open() {
    const { wrapper: w } = mountWindow(LadderWindow, { instrument: 'paxos:BTCUSD' }, api);
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    api.push('orders', { working: [mine], recent: [], parents: [] });
    api.push('market.ladder', frameBuffer(FRAME));
    raf.flush();
    await settle();
    await w.get('[data-testid="arm-toggle"]').trigger('click');
    await settle();
    const canvas = w.findComponent(LadderCanvas);
    const marks = () =>
      (canvas.props('marks') as (f: unknown) => OwnMarks)(decodeLadderFrame(frameBuffer(FRAME)));
    const pendingLine = () => w.find('[data-testid="ladder-pending"]');
    return { w, canvas, marks, pendingLine };
  }

  const key = (k: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k }));

  it('moves the selected order a tick with the arrow keys and shows it pending until confirmed', async () => {
    const { w, canvas, marks, pendingLine } = await open();
    key('ArrowUp');
    await settle();
    expect(api.callsTo('orders.modify')).toHaveLength(0);
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/Shift\+click/);

    canvas.vm.$emit('select', { side: 'buy', row: 14 });
    await settle();
    expect(marks().selected).toEqual({ side: 'buy', row: 14 });
    key('ArrowUp');
    await settle();
    expect(api.callsTo('orders.modify')).toEqual([{ clientOrderId: mine.clientOrderId, price: '100.06' }]);
    expect(pendingLine().text()).toBe('Waiting for the venue to confirm 1 change.');
    expect([...marks().pending.buy]).toEqual([14]);

    // The core took it; the venue has not confirmed yet.
    answer.shift()!();
    api.push('orders', { working: [{ ...mine, status: 'modify_pending' }], recent: [], parents: [] });
    await settle();
    expect(pendingLine().exists()).toBe(true);
    // The venue confirms: the order works at its new price.
    api.push('orders', { working: [{ ...mine, price: '100.06' }], recent: [], parents: [] });
    await settle();
    expect(pendingLine().exists()).toBe(false);
    expect(marks().pending.buy.size).toBe(0);

    key('+');
    await settle();
    expect(api.callsTo('orders.modify').at(-1)).toEqual({ clientOrderId: mine.clientOrderId, size: '1.001' });
  });

  it('shows a cancel by click pending until the order is gone', async () => {
    const { canvas, marks, pendingLine } = await open();
    canvas.vm.$emit('action', { kind: 'cancel', side: 'buy', price: 10_005, row: 14 });
    await settle();
    expect(api.callsTo('orders.cancel')).toEqual([{ clientOrderId: mine.clientOrderId }]);
    expect(pendingLine().text()).toBe('Waiting for the venue to confirm 1 cancel.');
    answer.shift()!();
    api.push('orders', { working: [{ ...mine, status: 'cancel_pending' }], recent: [], parents: [] });
    await settle();
    expect([...marks().pending.buy]).toEqual([14]);
    api.push('orders', { working: [], recent: [], parents: [] });
    await settle();
    expect(pendingLine().exists()).toBe(false);
  });

  it('shows a drag-to-modify pending while the core has not answered', async () => {
    const { canvas, pendingLine } = await open();
    canvas.vm.$emit('drag', { side: 'buy', fromPrice: 10_005, price: 10_007 });
    await settle();
    expect(api.callsTo('orders.modify')).toEqual([{ clientOrderId: mine.clientOrderId, price: '100.07' }]);
    expect(pendingLine().exists()).toBe(true);
    answer.shift()!();
    await settle();
    // Answered, and the stream shows it working again: nothing is pending.
    expect(pendingLine().exists()).toBe(false);
  });

  it('a drag moves the order it began on even when the rows move before the drop', async () => {
    const { w } = await open();
    const el = w.get('[data-testid="ladder-canvas"]').element as HTMLCanvasElement;
    const [, x, width] = el.dataset
      .columns!.split(' ')
      .map((c) => c.split(':'))
      .find(([id]) => id === 'ownBid')!
      .map(Number);
    const at = (row: number) => ({ clientX: x! + width! / 2, clientY: 18 + row * 16 + 8, button: 0 });
    el.dispatchEvent(new PointerEvent('pointerdown', at(14))); // our bid at 100.05
    // A new view while the button is down (a resubscription, a recentre): two rows lower, so
    // 100.05 is now row 16 and row 14 holds 100.07, where we have nothing.
    api.push('market.ladder', frameBuffer({ ...FRAME, top: 10_021, ownBid: { 16: 1000 } }));
    raf.flush();
    await settle();
    el.dispatchEvent(new PointerEvent('pointerup', at(12))); // 100.09 in the new view
    await settle();
    expect(api.callsTo('orders.modify')).toEqual([{ clientOrderId: mine.clientOrderId, price: '100.09' }]);
  });

  it('says so when a drag finds none of our orders any more', async () => {
    const { w, canvas } = await open();
    api.push('orders', { working: [], recent: [], parents: [] });
    await settle();
    canvas.vm.$emit('drag', { side: 'buy', fromPrice: 10_005, price: 10_007 });
    await settle();
    expect(api.callsTo('orders.modify')).toHaveLength(0);
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/none of our orders is at that price/);
  });

  it('opens the selected order’s audit trail in the ladder window, by key A or the status bar button', async () => {
    const { w, canvas } = await open();
    expect(w.find('[data-testid="ladder-audit"]').exists()).toBe(false);
    key('a');
    await settle();
    expect(api.callsTo('orders.audit')).toHaveLength(0);
    expect(w.get('[data-testid="ladder-status"]').text()).toMatch(/Shift\+click/);

    canvas.vm.$emit('select', { side: 'buy', row: 14 });
    await settle();
    key('A');
    await settle();
    expect(api.callsTo('orders.audit')).toEqual([{ clientOrderId: mine.clientOrderId }]);
    const trail = w.get('[data-testid="audit-trail"]');
    expect(trail.text()).toContain(mine.clientOrderId);
    expect(trail.get('[data-testid="audit-events"]').text()).toContain('Placed: buy limit');

    await w.get('[aria-label="Close the audit trail"]').trigger('click');
    expect(w.find('[data-testid="audit-trail"]').exists()).toBe(false);
    await w.get('[data-testid="ladder-audit"]').trigger('click');
    await settle();
    expect(api.callsTo('orders.audit')).toHaveLength(2);
    expect(w.find('[data-testid="audit-trail"]').exists()).toBe(true);
  });
});
