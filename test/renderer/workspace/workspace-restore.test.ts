// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import MainWindow from '../../../renderer/src/windows/MainWindow.vue';
import WorkspacePanel from '../../../renderer/src/workspace/WorkspacePanel.vue';
import {
  lastWorkspace,
  registerWindow,
  saveWorkspace,
  unregisterWindow,
} from '../../../renderer/src/workspace/workspace-storage';
import { FakeApi } from '../support/fake-api';
import { mountWindow, mountWith, settle } from '../support/mount';

const LADDERS = ['ladderA', 'ladderB', 'ladderC'];

describe('workspaces that come back', () => {
  let api: FakeApi;
  let allow: number;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    allow = Infinity;
    vi.spyOn(window, 'open').mockImplementation(() => (allow-- > 0 ? ({} as Window) : null));
    api = new FakeApi()
      .on('markets.list', () => ({ instruments: [] }))
      .on('window.open', (p) => ({ url: `http://127.0.0.1/?window=${p.kind}&slot=${p.params?.slot ?? ''}` }));
    for (const id of LADDERS)
      registerWindow(localStorage, { id, kind: 'ladder', params: { instrument: `paxos:${id}` } });
    saveWorkspace(localStorage, 'Desk');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });
  const slots = () => api.callsTo('window.open').map((c) => c.params?.slot);

  it('on a reload restores only the windows that are not open, never one twice', async () => {
    // ladderA and ladderB are still open (a reload keeps popups); ladderC was closed.
    unregisterWindow(localStorage, 'ladderC');
    mountWindow(MainWindow, {}, api);
    await settle();
    expect(slots()).toEqual(['ladderC']);
  });

  it('offers the blocked windows again and opens only those', async () => {
    for (const id of LADDERS) unregisterWindow(localStorage, id);
    allow = 2; // the browser lets two popups through
    const { wrapper } = mountWindow(MainWindow, {}, api);
    await settle();
    expect(slots()).toEqual(LADDERS);
    expect(wrapper.get('[data-testid="workspace-blocked"]').text()).toMatch(/blocked 1 window/);
    allow = Infinity;
    await wrapper.get('[data-testid="reopen-workspace"]').trigger('click');
    await settle();
    expect(slots()).toEqual([...LADDERS, 'ladderC']);
    expect(wrapper.find('[data-testid="workspace-blocked"]').exists()).toBe(false);
    // Opening the workspace again from the list opens nothing new: all three are open.
    await wrapper.get('[data-testid="tab-overview"]').trigger('click');
    await wrapper.get('[data-testid="workspace-open-Desk"]').trigger('click');
    await settle();
    expect(slots()).toHaveLength(4);
  });

  it('asks before saving over a workspace of the same name', async () => {
    const { wrapper } = mountWith(WorkspacePanel, {});
    unregisterWindow(localStorage, 'ladderC');
    await wrapper.get('[data-testid="workspace-name"]').setValue('Desk');
    await wrapper.get('[data-testid="workspace-save"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="confirm-cancel"]').trigger('click');
    await settle();
    expect(lastWorkspace(localStorage)!.windows.map((w) => w.id)).toEqual(LADDERS);
    expect(wrapper.get('[data-testid="workspace-message"]').text()).toMatch(/Not saved/);
    await wrapper.get('[data-testid="workspace-save"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="confirm-ok"]').trigger('click');
    await settle();
    expect(lastWorkspace(localStorage)!.windows.map((w) => w.id)).toEqual(['ladderA', 'ladderB']);
  });
});
