// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import {
  exportWorkspace,
  handOffSlot,
  importWorkspace,
  lastWorkspace,
  liveWindows,
  loadWorkspace,
  registerWindow,
  saveWorkspace,
  slotSettings,
  unregisterWindow,
  WorkspaceError,
  type WindowEntry,
} from '../../../renderer/src/workspace/workspace-storage';

const ladder: WindowEntry = {
  id: 'ladderabc123',
  kind: 'ladder',
  params: { instrument: 'paxos:BTCUSD' },
  bounds: { x: 10, y: 20, width: 440, height: 820 },
  ladder: {
    rows: 40,
    groupTicks: 5,
    autoRecenter: true,
    quantityPresets: ['0.1', '0.5', '1', '2'],
    quantity: '0.5',
  },
};

describe('workspaces', () => {
  beforeEach(() => localStorage.clear());

  it('saves the open windows and restores them, settings and bounds included', () => {
    registerWindow(localStorage, ladder, 1000);
    registerWindow(localStorage, { id: 'mainx', kind: 'main', params: {} }, 1000);
    const saved = saveWorkspace(localStorage, 'Morning', 1001);
    expect(saved.windows).toHaveLength(2);
    const back = lastWorkspace(localStorage)!;
    expect(back.name).toBe('Morning');
    expect(back.windows.find((w) => w.kind === 'ladder')).toEqual(ladder);
    expect(slotSettings(localStorage, 'ladderabc123')?.ladder?.groupTicks).toBe(5);
  });

  it('forgets closed windows and ones that stopped reporting', () => {
    registerWindow(localStorage, ladder, 1000);
    registerWindow(localStorage, { id: 'ticketq', kind: 'ticket', params: {} }, 1000);
    unregisterWindow(localStorage, 'ticketq');
    expect(liveWindows(localStorage, 1000).map((w) => w.id)).toEqual(['ladderabc123']);
    expect(liveWindows(localStorage, 1000 + 60_000)).toEqual([]);
  });

  it('round-trips through export and import', () => {
    registerWindow(localStorage, ladder, 5);
    const ws = saveWorkspace(localStorage, 'Desk', 6);
    localStorage.clear();
    const imported = importWorkspace(localStorage, exportWorkspace(ws));
    expect(imported).toEqual(ws);
    expect(loadWorkspace(localStorage, 'Desk')).toEqual(ws);
  });

  it('refuses a corrupt stored workspace instead of half-using it', () => {
    localStorage.setItem('crossbook.workspaces', '{not json');
    expect(() => lastWorkspace(localStorage)).toThrow(WorkspaceError);
    localStorage.setItem(
      'crossbook.workspaces',
      JSON.stringify({
        version: 1,
        last: 'x',
        workspaces: {
          x: {
            version: 1,
            name: 'x',
            savedAt: 1,
            windows: [{ ...ladder, ladder: { ...ladder.ladder, groupTicks: -3 } }],
          },
        },
      }),
    );
    expect(() => lastWorkspace(localStorage)).toThrow(/damaged/);
    expect(slotSettings(localStorage, ladder.id)).toBeUndefined();
  });

  it('refuses a workspace from another version and non-workspace imports', () => {
    localStorage.setItem('crossbook.workspaces', JSON.stringify({ version: 2, workspaces: {} }));
    expect(() => lastWorkspace(localStorage)).toThrow(WorkspaceError);
    expect(() => importWorkspace(localStorage, '[]')).toThrow(/not a valid Crossbook workspace/);
    expect(() => importWorkspace(localStorage, 'x')).toThrow(/not JSON/);
  });

  it('replaces a damaged store on the next save so saving keeps working', () => {
    localStorage.setItem('crossbook.workspaces', 'garbage');
    registerWindow(localStorage, ladder, 1);
    saveWorkspace(localStorage, 'Fresh', 2);
    expect(lastWorkspace(localStorage)?.name).toBe('Fresh');
  });

  it('rejects a window entry with a bad id before it is stored', () => {
    expect(() => registerWindow(localStorage, { ...ladder, id: '../evil' })).toThrow();
  });
});

describe('boards in workspaces', () => {
  beforeEach(() => window.localStorage.clear());
  const board: WindowEntry = {
    id: 'boardabc',
    kind: 'board',
    params: {},
    tiles: [
      { id: 'tilea', instrument: 'paxos:BTCUSD', ladder: { ...ladder.ladder! } },
      { id: 'tileb', instrument: 'alor:SBER' },
    ],
  };

  it('a board is saved and restored with its tiles in order', () => {
    registerWindow(window.localStorage, board, 1_000);
    saveWorkspace(window.localStorage, 'desk', 1_000);
    expect(slotSettings(window.localStorage, 'boardabc')?.tiles).toEqual(board.tiles);
  });

  it('refuses a board of more than eight ladders', () => {
    const tiles = Array.from({ length: 9 }, (_, i) => ({ id: `tile${i}`, instrument: 'alor:SBER' }));
    expect(() => registerWindow(window.localStorage, { ...board, tiles })).toThrow();
  });

  it('a popped-out tile is handed its settings until its window registers', () => {
    const popped: WindowEntry = {
      id: 'tilea',
      kind: 'ladder',
      params: { instrument: 'paxos:BTCUSD', board: 'boardabc' },
      ladder: board.tiles![0]!.ladder,
    };
    handOffSlot(window.localStorage, popped);
    expect(slotSettings(window.localStorage, 'tilea')).toEqual(popped);
    registerWindow(window.localStorage, popped);
    unregisterWindow(window.localStorage, 'tilea');
    expect(slotSettings(window.localStorage, 'tilea')).toBeUndefined();
  });
});
