// Opening windows from the main window: one at a time (window.open through the host) or a whole
// saved workspace, and once per browser session the last workspace on start. The Electron host
// places a window itself; a browser gets a URL to open as a popup, which it may block unless the
// trader clicked, so a blocked workspace is offered again behind a button.
import { onMounted, ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import { tokenFragment } from '../api';
import { lastWorkspace, popupFeatures, type Bounds, type Workspace } from './workspace-storage';

const RESTORED = 'crossbook.workspace.restored';

export function useWindowOpener(api: CrossbookApi) {
  const openError = ref<string>();
  const blocked = ref<Workspace>();

  /** Asks the host for a window; the web host answers a URL that this page opens. */
  async function openWindow(
    kind: 'ladder' | 'ticket' | 'settings',
    params?: Record<string, string>,
    bounds?: Bounds,
  ) {
    openError.value = undefined;
    try {
      const placed = bounds
        ? {
            bounds: {
              x: Math.round(bounds.x),
              y: Math.round(bounds.y),
              width: Math.max(200, Math.round(bounds.width)),
              height: Math.max(150, Math.round(bounds.height)),
            },
          }
        : {};
      const { url } = await api.invoke('window.open', { kind, params, ...placed });
      if (!url) return true;
      const size = kind === 'ladder' ? { width: 440, height: 820 } : { width: 460, height: 640 };
      return window.open(url + tokenFragment(), '_blank', popupFeatures(bounds, size)) !== null;
    } catch (e) {
      openError.value = (e as Error).message;
      return true;
    }
  }

  async function openWorkspace(ws: Workspace) {
    blocked.value = undefined;
    let ok = true;
    for (const w of ws.windows) {
      if (w.kind === 'main' || w.kind === 'login') continue;
      ok = (await openWindow(w.kind, { ...w.params, slot: w.id }, w.bounds)) && ok;
    }
    if (!ok) blocked.value = ws;
  }

  onMounted(() => {
    if (window.sessionStorage.getItem(RESTORED)) return;
    window.sessionStorage.setItem(RESTORED, '1');
    try {
      const ws = lastWorkspace(window.localStorage);
      if (ws) void openWorkspace(ws);
    } catch (e) {
      openError.value = `The last workspace was not reopened: ${(e as Error).message}. Save a new one.`;
    }
  });

  return { openError, blocked, openWindow, openWorkspace };
}
