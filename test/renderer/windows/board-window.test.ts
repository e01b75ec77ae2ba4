// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import LadderCanvas from '../../../renderer/src/ladder/LadderCanvas.vue';
import BoardWindow from '../../../renderer/src/windows/BoardWindow.vue';
import { slotSettings } from '../../../renderer/src/workspace/workspace-storage';
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

describe('BoardWindow', () => {
  let api: FakeApi;
  let raf: ReturnType<typeof manualRaf>;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    raf = manualRaf();
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS, ETH_PAXOS] }))
      .on('ladder.pace', () => ({}))
      .on('window.open', () => ({}));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  async function open() {
    const m = mountWindow(BoardWindow, { instruments: 'paxos:BTCUSD,paxos:ETHUSD' }, api);
    await settle();
    api.push('risk.events', { state: { armed: false, killed: false }, events: [] });
    await settle();
    return m.wrapper;
  }
  const ladderSubs = () => api.subs.filter((s) => s.stream === 'market.ladder');

  it('tiles its ladders, each subscribed to its own instrument', async () => {
    const w = await open();
    expect(w.findAll('[data-testid="board-tile"]').map((t) => t.attributes('data-instrument'))).toEqual([
      'paxos:BTCUSD',
      'paxos:ETHUSD',
    ]);
    expect(
      ladderSubs().map((s) => (s.params as { instrument: { market: string } }).instrument.market),
    ).toEqual(['BTCUSD', 'ETHUSD']);
  });

  it('paints every tile with news in one animation frame', async () => {
    const w = await open();
    raf.flush();
    const queued = raf.pending();
    ladderSubs().forEach((s, i) => s.handler(frameBuffer({ seq: i + 1, viewId: 10 + i })));
    // One animation frame for both ladders' paints, one for the board's pacer to sample the
    // display: not one per ladder.
    expect(raf.pending()).toBe(queued + 2);
    raf.flush();
    const seqs = w
      .findAllComponents(LadderCanvas)
      .map((c) => (c.emitted('frame') ?? []).map(([f]) => (f as { seq: number }).seq));
    expect(seqs).toEqual([[1], [2]]);
  });

  it('paces all its ladders from one sample of its animation frames', async () => {
    await open();
    ladderSubs().forEach((s, i) => s.handler(frameBuffer({ seq: 1, viewId: 40 + i })));
    for (let i = 0; i < 12; i++) raf.flush(1000 + i * 16);
    await settle();
    const paces = api.callsTo('ladder.pace');
    expect(paces.map((p) => p.viewId).sort()).toEqual([40, 41]);
    expect(new Set(paces.map((p) => p.slotAt)).size).toBe(1);
  });

  it('the keyboard acts on the focused tile only', async () => {
    const w = await open();
    const tiles = w.findAll('[data-testid="board-tile"]');
    expect(tiles[0]!.classes()).toContain('active');
    await tiles[1]!.trigger('pointerdown');
    expect(tiles[1]!.classes()).toContain('active');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '?' }));
    await settle();
    expect(tiles[0]!.find('[data-testid="help-overlay"]').exists()).toBe(false);
    expect(tiles[1]!.find('[data-testid="help-overlay"]').exists()).toBe(true);
  });

  it('pops a tile out as a ladder window of the board, with its slot and settings', async () => {
    const w = await open();
    const tile = w.findAll('[data-testid="board-tile"]')[1]!;
    await tile.find('[data-testid="board-pop-out"]').trigger('click');
    await settle();
    const [opened] = api.callsTo('window.open');
    expect(opened).toMatchObject({ kind: 'ladder', params: { instrument: 'paxos:ETHUSD' } });
    const slot = opened!.params!.slot!;
    expect(opened!.params!.board).toMatch(/^board/);
    expect(slotSettings(localStorage, slot)?.ladder).toBeDefined();
    expect(w.findAll('[data-testid="board-tile"]').map((t) => t.attributes('data-instrument'))).toEqual([
      'paxos:BTCUSD',
    ]);
  });
});
