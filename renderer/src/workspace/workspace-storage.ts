// Workspaces: which windows are open, where, and each ladder's settings. The contract has no
// workspace entries yet, so windows of one origin share them through localStorage: every window
// keeps its own entry in a "live" registry, and a saved workspace is a snapshot of that registry.
// Everything read back is validated (versioned zod schema); a corrupt store is refused, not half-used.
import { z } from 'zod';
import { WindowKind } from '../../../shared/domain';

export const WORKSPACE_VERSION = 1;
const LIVE_KEY = 'crossbook.windows.live';
const HANDOFF_KEY = 'crossbook.windows.handoff';
const STORE_KEY = 'crossbook.workspaces';
const Id = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/);

export const LadderSettings = z
  .object({
    rows: z.number().int().min(5).max(400).optional(),
    groupTicks: z.number().int().min(1).max(10_000),
    autoRecenter: z.boolean(),
    quantityPresets: z
      .array(z.string().regex(/^\d+(\.\d+)?$/))
      .min(1)
      .max(8),
    quantity: z.string().regex(/^\d+(\.\d+)?$/),
    routeVenue: z.string().max(16).optional(),
    /** Share of the rows, in %, the inside market may roam before auto-recentre (default 50). */
    recenterBand: z.number().int().min(10).max(90).optional(),
    /** Which columns give way first in a narrow window (ladder/layout.ts). */
    dropFirst: z.enum(['volume', 'own']).optional(),
    /** Time and sales beside the ladder. */
    tape: z.boolean().optional(),
    /** Prints of at least this size are highlighted in the time and sales (instrument units). */
    largePrint: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .optional(),
  })
  .strict();
export type LadderSettings = z.infer<typeof LadderSettings>;

export const Bounds = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().min(100).max(20_000),
    height: z.number().int().min(100).max(20_000),
  })
  .strict();
export type Bounds = z.infer<typeof Bounds>;

/** The most ladders one board tiles. */
export const MAX_BOARD_TILES = 8;

/** One ladder of a board: its own slot id (kept when it pops out), instrument and settings. */
export const BoardTile = z
  .object({
    id: Id,
    instrument: z.string().min(1).max(64),
    ladder: LadderSettings.optional(),
  })
  .strict();
export type BoardTile = z.infer<typeof BoardTile>;

export const WindowEntry = z
  .object({
    id: Id,
    kind: WindowKind,
    params: z.record(Id, z.string().max(64)),
    bounds: Bounds.optional(),
    ladder: LadderSettings.optional(),
    /** A board's ladders, in the order they are tiled. */
    tiles: z.array(BoardTile).max(MAX_BOARD_TILES).optional(),
  })
  .strict();
export type WindowEntry = z.infer<typeof WindowEntry>;

export const Workspace = z
  .object({
    version: z.literal(WORKSPACE_VERSION),
    name: z.string().min(1).max(64),
    savedAt: z.number().int(),
    windows: z.array(WindowEntry).max(64),
  })
  .strict();
export type Workspace = z.infer<typeof Workspace>;

const Store = z
  .object({
    version: z.literal(WORKSPACE_VERSION),
    last: z.string().max(64).optional(),
    workspaces: z.record(z.string().max(64), Workspace),
  })
  .strict();
type Store = z.infer<typeof Store>;

const Live = z.record(Id, WindowEntry.extend({ seenAt: z.number().int() }));

export const DEFAULT_LADDER: LadderSettings = {
  groupTicks: 1,
  autoRecenter: true,
  quantityPresets: ['1', '5', '10', '25'],
  quantity: '1',
};

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

function readJson(storage: Storage, key: string): unknown {
  const text = storage.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WorkspaceError(`the saved ${key} is not valid JSON`);
  }
}

/** The stored workspaces; throws WorkspaceError on a corrupt store (nothing of it is used). */
export function readStore(storage: Storage): Store {
  const raw = readJson(storage, STORE_KEY);
  if (raw === undefined) return { version: WORKSPACE_VERSION, workspaces: {} };
  const parsed = Store.safeParse(raw);
  if (!parsed.success) throw new WorkspaceError('the saved workspaces are damaged or from another version');
  return parsed.data;
}

function writeStore(storage: Storage, store: Store): void {
  storage.setItem(STORE_KEY, JSON.stringify(store));
}

function readLive(storage: Storage): z.infer<typeof Live> {
  try {
    const parsed = Live.safeParse(readJson(storage, LIVE_KEY) ?? {});
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Records (or refreshes) this window's entry in the live registry. */
export function registerWindow(storage: Storage, entry: WindowEntry, now = Date.now()): void {
  const checked = WindowEntry.parse(entry);
  const live = readLive(storage);
  live[checked.id] = { ...checked, seenAt: now };
  storage.setItem(LIVE_KEY, JSON.stringify(live));
  // The window is up and publishing its own entry: what it was handed is no longer needed.
  const handed = readHandOffs(storage);
  if (handed[checked.id]) {
    delete handed[checked.id];
    storage.setItem(HANDOFF_KEY, JSON.stringify(handed));
  }
}

const HandOffs = z.record(Id, WindowEntry);

function readHandOffs(storage: Storage): z.infer<typeof HandOffs> {
  try {
    const parsed = HandOffs.safeParse(readJson(storage, HANDOFF_KEY) ?? {});
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Settings for a window about to open in a slot that no saved workspace knows: a ladder popped
 * out of a board starts with the settings it had as a tile. Taken over when the window registers.
 */
export function handOffSlot(storage: Storage, entry: WindowEntry): void {
  const handed = readHandOffs(storage);
  handed[entry.id] = WindowEntry.parse(entry);
  storage.setItem(HANDOFF_KEY, JSON.stringify(handed));
}

export function unregisterWindow(storage: Storage, id: string): void {
  const live = readLive(storage);
  delete live[id];
  storage.setItem(LIVE_KEY, JSON.stringify(live));
}

/** Windows that reported recently; a window that crashed without saying goodbye ages out. */
export function liveWindows(storage: Storage, now = Date.now(), maxAgeMs = 10_000): WindowEntry[] {
  return Object.values(readLive(storage))
    .filter((e) => now - e.seenAt <= maxAgeMs)
    .map(({ seenAt: _seenAt, ...entry }) => entry);
}

/** Saves the currently open windows under a name and makes it the one reopened on start. */
export function saveWorkspace(storage: Storage, name: string, now = Date.now()): Workspace {
  const ws = Workspace.parse({
    version: WORKSPACE_VERSION,
    name,
    savedAt: now,
    windows: liveWindows(storage, now),
  });
  let store: Store;
  try {
    store = readStore(storage);
  } catch {
    // A damaged store is replaced by a good one rather than blocking every later save.
    store = { version: WORKSPACE_VERSION, workspaces: {} };
  }
  store.workspaces[name] = ws;
  store.last = name;
  writeStore(storage, store);
  return ws;
}

/** The workspace to reopen on start, if one was saved. Throws WorkspaceError when damaged. */
export function lastWorkspace(storage: Storage): Workspace | undefined {
  const store = readStore(storage);
  return store.last ? store.workspaces[store.last] : undefined;
}

export function workspaceNames(storage: Storage): string[] {
  try {
    return Object.keys(readStore(storage).workspaces).sort();
  } catch {
    return [];
  }
}

export function loadWorkspace(storage: Storage, name: string): Workspace | undefined {
  const store = readStore(storage);
  const ws = store.workspaces[name];
  if (ws) {
    store.last = name;
    writeStore(storage, store);
  }
  return ws;
}

/** Settings a restored window should start with, by its workspace slot id. */
export function slotSettings(storage: Storage, id: string): WindowEntry | undefined {
  const handed = readHandOffs(storage)[id];
  if (handed) return handed;
  try {
    return lastWorkspace(storage)?.windows.find((w) => w.id === id);
  } catch {
    return undefined;
  }
}

export function exportWorkspace(ws: Workspace): string {
  return JSON.stringify(ws, null, 2);
}

/** Parses an exported workspace; throws WorkspaceError with what is wrong. */
export function importWorkspace(storage: Storage, text: string): Workspace {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WorkspaceError('that file is not a Crossbook workspace (not JSON)');
  }
  const parsed = Workspace.safeParse(raw);
  if (!parsed.success) throw new WorkspaceError('that file is not a valid Crossbook workspace (version 1)');
  let store: Store;
  try {
    store = readStore(storage);
  } catch {
    store = { version: WORKSPACE_VERSION, workspaces: {} };
  }
  store.workspaces[parsed.data.name] = parsed.data;
  writeStore(storage, store);
  return parsed.data;
}

export function newWindowId(kind: string): string {
  return `${kind}${Math.random().toString(36).slice(2, 10)}`;
}

/** window.open features that put a web-host popup where the workspace had it. */
export function popupFeatures(
  bounds: Bounds | undefined,
  fallback: { width: number; height: number },
): string {
  const b = bounds ?? { ...fallback, x: undefined, y: undefined };
  const pos = b.x !== undefined ? `,left=${b.x},top=${b.y}` : '';
  return `popup,width=${b.width},height=${b.height}${pos}`;
}

/** This window's current bounds, as far as the page can see them. */
export function currentBounds(win: Window): Bounds | undefined {
  const parsed = Bounds.safeParse({
    x: Math.round(win.screenX),
    y: Math.round(win.screenY),
    width: Math.round(win.outerWidth),
    height: Math.round(win.outerHeight),
  });
  return parsed.success ? parsed.data : undefined;
}
