// Opening windows from the main window: one at a time (window.open through the host) or a whole
// saved workspace, and the last workspace on every start and reload. The Electron host places a
// window itself; a browser gets a URL to open as a popup. A browser may block popups no click
// opened (and Chromium allows one per click), so the windows still missing are offered behind a
// button that opens as many as the browser lets it, and never one that is already open.
import { onMounted, ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import { tokenFragment } from '../api';
import {
  lastWorkspace,
  liveWindows,
  popupFeatures,
  type Bounds,
  type WindowEntry,
  type Workspace,
} from './workspace-storage';

type Kind = 'ladder' | 'board' | 'ticket' | 'settings';

function sizeOf(kind: Kind) {
  if (kind === 'board') return { width: 1600, height: 860 };
  return kind === 'ladder' ? { width: 440, height: 820 } : { width: 460, height: 640 };
}

function placed(bounds?: Bounds) {
  return bounds
    ? {
        bounds: {
          x: Math.round(bounds.x),
          y: Math.round(bounds.y),
          width: Math.max(200, Math.round(bounds.width)),
          height: Math.max(150, Math.round(bounds.height)),
        },
      }
    : {};
}

/**
 * Asks the host for a window; the web host answers a URL that this page opens. Answers false when
 * the browser blocked the popup; throws when the host refused.
 */
export async function openHostWindow(
  api: CrossbookApi,
  kind: Kind,
  params?: Record<string, string>,
  bounds?: Bounds,
): Promise<boolean> {
  const { url } = await api.invoke('window.open', { kind, params, ...placed(bounds) });
  if (!url) return true;
  return window.open(url + tokenFragment(), '_blank', popupFeatures(bounds, sizeOf(kind))) !== null;
}

export function useWindowOpener(api: CrossbookApi) {
  const openError = ref<string>();
  /** The workspace whose windows the browser blocked, and how many are still to open. */
  const blocked = ref<Workspace>();
  const missing = ref(0);
  /** Slots this page has opened: a second Open or Reopen must not open them again. */
  const opened = new Set<string>();

  /** Asks the host for a window; the web host answers a URL that this page opens. */
  async function openWindow(kind: Kind, params?: Record<string, string>, bounds?: Bounds) {
    openError.value = undefined;
    try {
      return await openHostWindow(api, kind, params, bounds);
    } catch (e) {
      openError.value = (e as Error).message;
      return true;
    }
  }

  /** The workspace's windows that are neither open nor opened by this page already. */
  function toOpen(ws: Workspace): WindowEntry[] {
    const live = new Set(liveWindows(window.localStorage).map((w) => w.id));
    return ws.windows.filter(
      (w) => w.kind !== 'main' && w.kind !== 'login' && !live.has(w.id) && !opened.has(w.id),
    );
  }

  async function openWorkspace(ws: Workspace) {
    blocked.value = undefined;
    const wanted = toOpen(ws);
    // All requested at once, not one after another: each later await would put more time
    // between the trader's click and its popup.
    const results = wanted.map((w) => {
      const done = openWindow(w.kind as Kind, { ...w.params, slot: w.id }, w.bounds);
      return done.then((ok) => {
        if (ok) opened.add(w.id);
        return ok;
      });
    });
    const oks = await Promise.all(results);
    const left = oks.filter((ok) => !ok).length;
    missing.value = left;
    if (left > 0) blocked.value = ws;
  }

  onMounted(() => {
    try {
      const ws = lastWorkspace(window.localStorage);
      if (ws) void openWorkspace(ws);
    } catch (e) {
      openError.value = `The last workspace was not reopened: ${(e as Error).message}. Save a new one.`;
    }
  });

  return { openError, blocked, missing, openWindow, openWorkspace };
}
