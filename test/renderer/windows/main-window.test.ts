// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MainWindow from '../../../renderer/src/windows/MainWindow.vue';
import {
  registerWindow,
  saveWorkspace,
  unregisterWindow,
} from '../../../renderer/src/workspace/workspace-storage';
import { FakeApi } from '../support/fake-api';
import { BTC_PAXOS, mountWindow, settle } from '../support/mount';

describe('MainWindow', () => {
  let api: FakeApi;
  let opened: string[];
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    opened = [];
    vi.spyOn(window, 'open').mockImplementation((url) => {
      opened.push(String(url));
      return {} as Window;
    });
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [BTC_PAXOS] }))
      .on('window.open', (p) => ({
        url: `http://127.0.0.1/?window=${p.kind}&instrument=${p.params?.instrument ?? ''}`,
      }));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('opens a ladder for an instrument through window.open', async () => {
    const { wrapper } = mountWindow(MainWindow, {}, api);
    await settle();
    await wrapper.get('[data-testid="open-ladder-paxos:BTCUSD"]').trigger('click');
    await settle();
    expect(api.callsTo('window.open')).toEqual([{ kind: 'ladder', params: { instrument: 'paxos:BTCUSD' } }]);
    expect(opened).toEqual(['http://127.0.0.1/?window=ladder&instrument=paxos:BTCUSD']);
  });

  it('shows when a ladder is armed and disarms every ladder from here', async () => {
    api.on('risk.arm', (p) => ({ armed: p.armed, killed: false }));
    const { wrapper } = mountWindow(MainWindow, {}, api);
    await settle();
    expect(wrapper.find('[data-testid="main-disarm-all"]').exists()).toBe(false);
    api.push('risk.events', { state: { armed: true, killed: false }, events: [] });
    await settle();
    expect(wrapper.get('[data-testid="main-armed"]').text()).toMatch(/a ladder is armed/);
    await wrapper.get('[data-testid="main-disarm-all"]').trigger('click');
    await settle();
    expect(api.callsTo('risk.arm')).toEqual([{ armed: false }]);
    expect(wrapper.find('[data-testid="main-armed"]').exists()).toBe(false);
  });

  it('says what to do when every venue is down', async () => {
    const { wrapper } = mountWindow(MainWindow, {}, api);
    await settle();
    api.push('venues.status', {
      venues: [{ venue: 'paxos', state: 'down', since: new Date(0).toISOString() }],
    });
    await settle();
    expect(wrapper.get('[data-testid="all-down"]').text()).toMatch(/Check Connections/);
  });

  it('switches tabs with Alt+digit and shows empty states', async () => {
    const { wrapper } = mountWindow(MainWindow, {}, api);
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2', altKey: true }));
    await settle();
    expect(wrapper.get('[data-testid="tab-fills"]').attributes('aria-selected')).toBe('true');
    expect(wrapper.get('[data-testid="blotter-empty"]').text()).toMatch(/No fills yet/);
  });

  it('reopens the last workspace on start, passing each window its slot', async () => {
    registerWindow(localStorage, { id: 'ladderA', kind: 'ladder', params: { instrument: 'paxos:BTCUSD' } });
    saveWorkspace(localStorage, 'Desk');
    unregisterWindow(localStorage, 'ladderA'); // the ladder closed with the previous session
    mountWindow(MainWindow, {}, api);
    await settle();
    expect(api.callsTo('window.open')).toEqual([
      { kind: 'ladder', params: { instrument: 'paxos:BTCUSD', slot: 'ladderA' } },
    ]);
  });
});
