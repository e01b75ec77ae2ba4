// Keeps this window's entry in the workspace live registry: its slot id (stable across reloads),
// bounds and, for a ladder, its settings; for a board, its tiles. A restored window finds its saved settings by slot id.
import { onBeforeUnmount, onMounted, watch, type WatchSource } from 'vue';
import type { WindowKind } from '../../../shared/domain';
import {
  currentBounds,
  newWindowId,
  registerWindow,
  slotSettings,
  unregisterWindow,
  type WindowEntry,
} from './workspace-storage';

// Per kind: a popup starts with a copy of its opener's sessionStorage, so one shared key would
// hand a new ladder the main window's slot.
const slotKey = (kind: WindowKind) => `crossbook.slot.${kind}`;
const ID = /^[a-zA-Z][a-zA-Z0-9]{0,31}$/;

export function windowSlotId(kind: WindowKind, params: Record<string, string>): string {
  if (params.slot && ID.test(params.slot)) return params.slot;
  const kept = window.sessionStorage.getItem(slotKey(kind));
  if (kept && ID.test(kept)) return kept;
  const id = newWindowId(kind);
  window.sessionStorage.setItem(slotKey(kind), id);
  return id;
}

/** The saved entry for this slot in the last workspace, if it was restored from one. */
export function savedSlot(id: string): WindowEntry | undefined {
  return slotSettings(window.localStorage, id);
}

export function useWindowSlot(
  kind: WindowKind,
  params: Record<string, string>,
  watched?: WatchSource,
  details?: () => Pick<WindowEntry, 'ladder' | 'tiles'>,
) {
  const id = windowSlotId(kind, params);
  const keep = Object.fromEntries(
    Object.entries(params).filter(([k, v]) => ID.test(k) && k !== 'window' && k !== 'slot' && v.length <= 64),
  );
  const publish = () => {
    try {
      registerWindow(window.localStorage, {
        id,
        kind,
        params: keep,
        bounds: currentBounds(window),
        ...details?.(),
      });
    } catch {
      // A full or blocked localStorage only costs workspace saving; trading is unaffected.
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  const leave = () => unregisterWindow(window.localStorage, id);
  onMounted(() => {
    publish();
    // Moving a window fires no event a page can hear, so bounds are sampled.
    timer = setInterval(publish, 2000);
    window.addEventListener('resize', publish);
    window.addEventListener('pagehide', leave);
  });
  if (watched) watch(watched, publish, { deep: true });
  onBeforeUnmount(() => {
    clearInterval(timer);
    window.removeEventListener('resize', publish);
    window.removeEventListener('pagehide', leave);
    leave();
  });
  return { id, saved: savedSlot(id) };
}
